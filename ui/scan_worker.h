#pragma once
// The audit scan off the GUI thread: a worker object living in a QThread (see ScanRunner). It
// translates the Scan tab's job into audit::runScanSession (which opens its own case connection,
// loads the model, optionally screens and scans) and reports the session's stages and events
// through queued signals. Cancellation is an atomic flag polled before every network
// evaluation, so a cancel takes effect within one denoising step and leaves a cancelled,
// resumable run.
#include "ui/scan_job.h"

#include "base/expected.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace rs::audit {
struct ScanSessionRequest;
}

namespace rs::ui {

class ScanWorker : public QObject {
    Q_OBJECT
public:
    explicit ScanWorker(std::shared_ptr<std::atomic<bool>> cancelFlag, QObject* parent = nullptr);

    // The session request for a job; *problem names a value the session cannot take (a sampler).
    static audit::ScanSessionRequest sessionRequest(const ScanJob& job, QString* problem = nullptr);

public slots:
    // Runs the whole job in the calling thread; emits exactly one of finished / failed at the end.
    void run(const rs::ui::ScanJob& job);

signals:
    void started();
    void status(const QString& message);  // "Loading model…", "Screening prompts…"
    // rate: images per second since the first stored batch (0 before); etaSeconds < 0: unknown.
    void progress(qint64 imagesDone, qint64 imagesTotal, double rate, double etaSeconds);
    void batchStored(const QList<qint64>& generationIds, qint64 promptId);
    void promptDone(qint64 promptId, bool flagged, qint64 candidates);
    // Prompts from highest to lowest memorization score, when the job screened them first.
    void screened(const QStringList& prompts, const QList<double>& scores);
    void finished(const QString& summary, bool cancelled);
    void failed(const QString& message);

private:
    // The GUI's wording of a session error, by its kind.
    static QString failureText(const Error& error);
    QString runJob(const ScanJob& job);  // "" on success (finished emitted), else the message
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

}  // namespace rs::ui
