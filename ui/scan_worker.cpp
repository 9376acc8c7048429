// libtorch headers (through audit/ and diffusion/) before any Qt header: Qt's `slots` macro
// breaks them otherwise.
#include "audit/scan.h"
#include "audit/scan_inputs.h"
#include "diffusion/memorization_screen.h"
#include "diffusion/pipeline.h"
#include "diffusion/scheduler_factory.h"
#include "store/case_file.h"

#include "ui/scan_worker.h"

#include <QElapsedTimer>

#include <exception>
#include <optional>

namespace rs::ui {

namespace {

QString fromStd(const std::string& s) { return QString::fromStdString(s); }

// Step events come every denoising step; the GUI needs a few progress updates a second.
constexpr qint64 kStepProgressIntervalMs = 100;

}  // namespace

ScanWorker::ScanWorker(std::shared_ptr<std::atomic<bool>> cancelFlag, QObject* parent)
    : QObject(parent), m_cancel(std::move(cancelFlag)) {}

void ScanWorker::run(const ScanJob& job) {
    emit started();
    QString error;
    try {
        error = runJob(job);
    } catch (const std::exception& e) {
        error = tr("The scan stopped with an internal error: %1").arg(QString::fromLocal8Bit(e.what()));
    }
    if (!error.isEmpty()) emit failed(error);
}

QString ScanWorker::runJob(const ScanJob& job) {
    const auto cancelled = [flag = m_cancel] { return flag && flag->load(std::memory_order_relaxed); };
    if (job.prompts.isEmpty()) return tr("There are no prompts to scan.");
    const std::string modelDir = job.modelDir.toStdString();
    if (auto s = audit::checkModelFolder(modelDir); !s.ok())
        return tr("The model folder cannot be used: %1").arg(fromStd(s.message()));
    const auto sampler = diffusion::parseSamplerName(job.sampler.toStdString());
    if (!sampler) return tr("Unknown sampler \"%1\".").arg(job.sampler);

    emit status(tr("Opening the case…"));
    auto caseFile = store::CaseFile::open(job.casePath.toStdString());
    if (!caseFile) return fromStd(caseFile.message());
    const bool defaultModel = !modelDir.empty() && modelDir == audit::defaultModelDir();
    if (defaultModel) {
        emit status(tr("Importing the default model's training set…"));
        if (auto s = audit::addDefaultReferenceSet(*caseFile); !s.ok()) return fromStd(s.message());
    }

    emit status(tr("Loading the model…"));
    diffusion::PipelineOptions options;
    options.device = job.device.toStdString();
    options.dtype = job.dtype.toStdString();
    auto pipeline = diffusion::DiffusionPipeline::load(modelDir, options);
    if (!pipeline) return tr("The model could not be loaded: %1").arg(fromStd(pipeline.message()));

    audit::ScanRequest request;
    request.modelDir = modelDir;
    for (const auto& p : job.prompts) request.prompts.push_back(p.toStdString());
    request.promptSource = job.promptSource.toStdString();
    for (int s = 0; s < job.seeds; ++s) request.seeds.push_back(std::uint64_t(s));
    request.steps = job.steps;
    request.guidanceScale = job.guidance;
    request.width = job.width;
    request.height = job.height;
    request.sampler = *sampler;
    request.negativePrompt = job.negativePrompt.toStdString();
    request.batchSize = job.batchSize;
    request.resume = job.resume;
    request.findings.detection.edgeThreshold = job.tiledL2Threshold;
    request.findings.compare.tiledL2Threshold = job.tiledL2Threshold;
    request.findings.detection.minCliqueSize = job.minCliqueSize;

    if (job.screenFirst) {
        emit status(tr("Screening %n prompt(s) for memorization…", nullptr, int(request.prompts.size())));
        diffusion::ScreenRequest screen;
        screen.prompts = request.prompts;
        screen.guidanceScale = job.guidance > 1 ? job.guidance : 7.5;
        screen.sampler = *sampler;
        screen.width = job.width;
        screen.height = job.height;
        screen.batchSize = job.batchSize;
        diffusion::GenerationCallbacks gc;
        gc.isCancelled = cancelled;
        auto result = diffusion::screenPrompts(**pipeline, screen, gc);
        if (!result) return tr("The memorization screen failed: %1").arg(fromStd(result.message()));
        if (result->cancelled) {
            emit finished(tr("Cancelled while screening prompts; nothing was generated."), true);
            return {};
        }
        const auto ranked = diffusion::rankByScore(result->scores);
        QStringList prompts;
        QList<double> scores;
        request.prompts.clear();
        for (const auto& r : ranked) {
            prompts << fromStd(r.prompt);
            scores << r.score;
            if (job.screenKeep <= 0 || int(request.prompts.size()) < job.screenKeep) request.prompts.push_back(r.prompt);
        }
        emit screened(prompts, scores);
    }

    emit status(tr("Generating…"));
    QElapsedTimer clock;
    clock.start();
    qint64 lastStepReport = -kStepProgressIntervalMs;
    std::optional<qint64> firstDone;  // images already stored when this call made its first
    auto report = [&](const audit::ScanEvent& e) {
        const qint64 now = clock.elapsed();
        double rate = 0, eta = -1;
        if (firstDone && now > 0) {
            rate = double(e.imagesDone - *firstDone) * 1000.0 / double(now);
            if (rate > 0) eta = double(e.imagesTotal - e.imagesDone) / rate;
        }
        emit progress(e.imagesDone, e.imagesTotal, rate, eta);
    };
    audit::ScanCallbacks callbacks;
    callbacks.isCancelled = cancelled;
    callbacks.onEvent = [&](const audit::ScanEvent& e) {
        switch (e.kind) {
        case audit::ScanEventKind::Step:
            if (clock.elapsed() - lastStepReport >= kStepProgressIntervalMs) {
                lastStepReport = clock.elapsed();
                report(e);
            }
            break;
        case audit::ScanEventKind::Images: {
            // A resumed run's reused images do not count towards the rate.
            if (!firstDone) firstDone = e.imagesDone - qint64(e.generationIds.size());
            QList<qint64> ids;
            for (auto id : e.generationIds) ids << qint64(id);
            emit batchStored(ids, qint64(e.promptId));
            report(e);
            break;
        }
        case audit::ScanEventKind::PromptDone:
            emit promptDone(qint64(e.promptId), e.flagged, qint64(e.candidates));
            report(e);
            break;
        }
    };
    auto summary = audit::runScan(*caseFile, **pipeline, request, callbacks);
    if (!summary) return tr("The scan failed: %1").arg(fromStd(summary.message()));

    QString text = tr("Run %1%2: %n prompt(s), %3 images made, %4 already stored, %5 prompts flagged, "
                      "%6 candidates, %7 s.", nullptr, int(summary->prompts))
                       .arg(summary->runId)
                       .arg(summary->resumed ? tr(" (resumed)") : QString())
                       .arg(summary->generationsMade)
                       .arg(summary->generationsReused)
                       .arg(summary->promptsFlagged)
                       .arg(summary->candidates)
                       .arg(summary->seconds, 0, 'f', 1);
    if (summary->cancelled)
        text += QLatin1Char(' ') + tr("Cancelled: the run is kept and can be resumed with the same parameters.");
    for (const auto& w : summary->warnings) text += QLatin1Char('\n') + tr("Warning: %1").arg(fromStd(w));
    emit finished(text, summary->cancelled);
    return {};
}

}  // namespace rs::ui
