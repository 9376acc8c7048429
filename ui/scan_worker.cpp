// libtorch headers (through audit/ and diffusion/) before any Qt header: Qt's `slots` macro
// breaks them otherwise.
#include "audit/scan_session.h"
#include "diffusion/schedulers/scheduler_factory.h"

#include "ui/scan_worker.h"

#include <QElapsedTimer>

#include <exception>

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

QString ScanWorker::failureText(const Error& error) {
    const QString message = fromStd(error.message);
    switch (error.kind) {
    case ErrorKind::BadInput:
    case ErrorKind::NotFound:
        return tr("The scan cannot start: %1").arg(message);
    case ErrorKind::Io:
        return tr("The case could not be read or written: %1").arg(message);
    case ErrorKind::Cancelled:
        return tr("The scan was cancelled: %1").arg(message);
    case ErrorKind::Internal:
        break;
    }
    return tr("The scan failed: %1").arg(message);
}

audit::ScanSessionRequest ScanWorker::sessionRequest(const ScanJob& job, QString* problem) {
    audit::ScanSessionRequest r;
    r.casePath = job.casePath.toStdString();
    r.modelDir = job.modelDir.toStdString();
    r.device = job.device.toStdString();
    r.dtype = job.dtype.toStdString();
    r.given = {true, true, true};  // the Scan tab shows the model's defaults and sends what it shows
    for (const auto& p : job.prompts) r.scan.prompts.push_back(p.toStdString());
    r.scan.promptSource = job.promptSource.toStdString();
    for (int s = 0; s < job.seeds; ++s) r.scan.seeds.push_back(std::uint64_t(s));
    auto& sampling = r.scan.sampling;
    const auto sampler = diffusion::parseSamplerName(job.sampler.toStdString());
    if (!sampler && problem) *problem = tr("Unknown sampler \"%1\".").arg(job.sampler);
    sampling.sampler = sampler.value_or(diffusion::SamplerKind::Ddim);
    sampling.steps = job.steps;
    sampling.guidanceScale = job.guidance;
    sampling.ddimEta = job.ddimEta;
    sampling.width = job.width;
    sampling.height = job.height;
    sampling.negativePrompt = job.negativePrompt.toStdString();
    r.scan.batchSize = job.batchSize;
    r.scan.resume = job.resume;
    r.scan.findings.detection.edgeThreshold = job.tiledL2Threshold;
    r.scan.findings.compare.tiledL2Threshold = job.tiledL2Threshold;
    r.scan.findings.detection.minCliqueSize = job.minCliqueSize;
    r.screenFirst = job.screenFirst;
    r.screenKeep = job.screenKeep;
    return r;
}

QString ScanWorker::runJob(const ScanJob& job) {
    QString problem;
    const audit::ScanSessionRequest request = sessionRequest(job, &problem);
    if (!problem.isEmpty()) return problem;

    QElapsedTimer sinceStepReport;
    sinceStepReport.start();
    bool stepReported = false;
    audit::ScanSessionCallbacks callbacks;
    callbacks.isCancelled = [flag = m_cancel] { return flag && flag->load(std::memory_order_relaxed); };
    callbacks.onStage = [&](audit::ScanStage stage) {
        switch (stage) {
        case audit::ScanStage::OpeningCase:
            emit status(tr("Opening the case…"));
            break;
        case audit::ScanStage::ImportingDefaultSet:
            emit status(tr("Importing the default model's training set…"));
            break;
        case audit::ScanStage::LoadingModel:
            emit status(tr("Loading the model…"));
            break;
        case audit::ScanStage::Screening:
            emit status(tr("Screening %n prompt(s) for memorization…", nullptr, int(request.scan.prompts.size())));
            break;
        case audit::ScanStage::Generating:
            emit status(tr("Generating…"));
            break;
        }
    };
    callbacks.onScreened = [&](const std::vector<diffusion::PromptScore>& ranked) {
        QStringList prompts;
        QList<double> scores;
        for (const auto& r : ranked) {
            prompts << fromStd(r.prompt);
            scores << r.score;
        }
        emit screened(prompts, scores);
    };
    callbacks.onEvent = [&](const audit::ScanEvent& e, const audit::ScanProgress& p) {
        if (e.kind == audit::ScanEventKind::Step) {
            if (stepReported && sinceStepReport.elapsed() < kStepProgressIntervalMs) return;
            stepReported = true;
            sinceStepReport.restart();
        } else if (e.kind == audit::ScanEventKind::Images) {
            QList<qint64> ids;
            for (auto id : e.generationIds) ids << qint64(id);
            emit batchStored(ids, qint64(e.promptId));
        } else {
            emit promptDone(qint64(e.promptId), e.flagged, qint64(e.candidates));
        }
        emit progress(e.imagesDone, e.imagesTotal, p.imagesPerSecond, p.etaSeconds);
    };
    auto result = audit::runScanSession(request, callbacks);
    if (!result) return failureText(result.error());
    if (result->cancelledWhileScreening) {
        emit finished(tr("Cancelled while screening prompts; nothing was generated."), true);
        return {};
    }
    const audit::ScanSummary& summary = result->scan;
    QString text = tr("Run %1%2: %n prompt(s), %3 images made, %4 already stored, %5 prompts flagged, "
                      "%6 candidates, %7 s.",
                      nullptr, int(summary.prompts))
                       .arg(summary.runId)
                       .arg(summary.resumed ? tr(" (resumed)") : QString())
                       .arg(summary.generationsMade)
                       .arg(summary.generationsReused)
                       .arg(summary.promptsFlagged)
                       .arg(summary.candidates)
                       .arg(summary.seconds, 0, 'f', 1);
    if (summary.cancelled)
        text += QLatin1Char(' ') + tr("Cancelled: the run is kept and can be resumed with the same parameters.");
    for (const auto& w : summary.warnings) text += QLatin1Char('\n') + tr("Warning: %1").arg(fromStd(w));
    emit finished(text, summary.cancelled);
    return {};
}

}  // namespace rs::ui
