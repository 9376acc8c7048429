#pragma once
// Owns the worker thread of one scan at a time: start() moves a fresh ScanWorker to a new
// QThread and runs the job there; the worker's signals arrive here queued, on the GUI thread.
// cancel() returns at once; the run stops within one denoising step.
#include "ui/scan_job.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

class QThread;

namespace rs::ui {

class ScanRunner : public QObject {
    Q_OBJECT
public:
    explicit ScanRunner(QObject* parent = nullptr);
    ~ScanRunner() override;  // cancels a running scan and waits for its thread

    // False (and nothing started) while a scan is still running.
    bool start(const ScanJob& job);
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }
    // Blocks until the scan's thread has ended (tests, shutdown). True if none is left.
    bool wait(unsigned long milliseconds);

signals:
    void started();
    void status(const QString& message);
    void progress(qint64 imagesDone, qint64 imagesTotal, double rate, double etaSeconds);
    void batchStored(const QList<qint64>& generationIds, qint64 promptId);
    void promptDone(qint64 promptId, bool flagged, qint64 candidates);
    void screened(const QStringList& prompts, const QList<double>& scores);
    void finished(const QString& summary, bool cancelled);
    void failed(const QString& message);
    void runningChanged(bool running);

private:
    QThread* m_thread = nullptr;  // the running scan's thread
    QPointer<QThread> m_ending;   // the last scan's thread, still releasing its model
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

}  // namespace rs::ui
