#include "ui/scan_runner.h"

#include "ui/scan_worker.h"

#include <QThread>

namespace rs::ui {

ScanRunner::ScanRunner(QObject* parent) : QObject(parent) {}

ScanRunner::~ScanRunner() {
    cancel();
    for (QThread* thread : {m_thread, m_ending.data()}) {
        if (!thread) continue;
        thread->quit();
        thread->wait();
        delete thread;
    }
}

bool ScanRunner::start(const ScanJob& job) {
    if (m_thread) return false;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto* thread = new QThread;
    thread->setObjectName(QStringLiteral("rs-scan"));
    auto* worker = new ScanWorker(m_cancel);
    worker->moveToThread(thread);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &ScanWorker::started, this, &ScanRunner::started);
    connect(worker, &ScanWorker::status, this, &ScanRunner::status);
    connect(worker, &ScanWorker::progress, this, &ScanRunner::progress);
    connect(worker, &ScanWorker::batchStored, this, &ScanRunner::batchStored);
    connect(worker, &ScanWorker::promptDone, this, &ScanRunner::promptDone);
    connect(worker, &ScanWorker::screened, this, &ScanRunner::screened);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    // isRunning() is false before finished/failed reach the receivers, so they may start the
    // next scan; the old thread ends on its own (releasing the model) without blocking the GUI.
    const auto endThread = [this, thread] {
        if (m_thread != thread) return;
        thread->quit();
        m_ending = thread;
        m_thread = nullptr;
        emit runningChanged(false);
    };
    connect(worker, &ScanWorker::finished, this, [this, endThread](const QString& summary, bool cancelled) {
        endThread();
        emit finished(summary, cancelled);
    });
    connect(worker, &ScanWorker::failed, this, [this, endThread](const QString& message) {
        endThread();
        emit failed(message);
    });
    m_thread = thread;
    thread->start();
    QMetaObject::invokeMethod(
        worker, [worker, job] { worker->run(job); }, Qt::QueuedConnection);
    emit runningChanged(true);
    return true;
}

void ScanRunner::cancel() {
    if (m_cancel) m_cancel->store(true);
}

bool ScanRunner::wait(unsigned long milliseconds) {
    for (QThread* thread : {m_thread, m_ending.data()})
        if (thread && !thread->wait(milliseconds)) return false;
    return true;
}

}  // namespace rs::ui
