// libtorch headers before Qt's (Qt's `slots` macro breaks them).
#include "audit/scan_inputs.h"
#include "diffusion/models/model_folder.h"
#include "diffusion/pipeline/pipeline.h"

#include "ui/model_check.h"

#include <QCoreApplication>

namespace rs::ui {

ModelCheck checkModel(const QString& dir) {
    ModelCheck check;
    if (auto s = audit::checkModelFolder(dir.toStdString()); !s.ok()) {
        check.problem = QString::fromStdString(s.message());
        return check;
    }
    diffusion::ModelLoadOptions options;
    options.loadWeights = false;
    try {
        auto model = diffusion::loadModelFolder(dir.toStdString(), options);
        if (!model) {
            check.problem = QString::fromStdString(model.message());
            return check;
        }
        const int side = int(model->unetConfig.sampleSize * model->imageScaleFactor());
        check.description =
            (model->hasVae() ? QCoreApplication::translate("ModelCheck", "latent model, %1x%2 native")
                             : QCoreApplication::translate("ModelCheck", "pixel-space model, %1x%2 native"))
                .arg(side)
                .arg(side);
        const auto& d = model->samplingDefaults;
        check.guidance = d.guidanceScale;
        check.steps = d.steps;
        if (d.sampler) check.sampler = QString::fromStdString(*d.sampler);
    } catch (const std::exception& e) {
        check.problem = QString::fromLocal8Bit(e.what());
        return check;
    }
    check.ok = true;
    return check;
}

DeviceChoice resolveDevice(const QString& device, const QString& dtype) {
    DeviceChoice choice;
    diffusion::PipelineOptions options;
    options.device = device.toStdString();
    options.dtype = dtype.toStdString();
    auto resolved = diffusion::resolveDevice(options);
    if (!resolved) {
        choice.problem = QString::fromStdString(resolved.message());
        return choice;
    }
    choice.device = resolved->device.is_cuda()
                        ? QStringLiteral("CUDA (%1)").arg(QString::fromStdString(resolved->device.str()))
                        : QStringLiteral("CPU");
    choice.precision = QString::fromStdString(diffusion::dtypeName(resolved->dtype));
    return choice;
}

QString defaultModelFolder() { return QString::fromStdString(audit::defaultModelDir()); }

}  // namespace rs::ui
