#pragma once
// A reference-set import (reference::importReferenceSet, as `replicascope-cli import` runs it) off
// the GUI thread, on its own connection to the case. Progress comes back queued and throttled;
// cancel() is honoured between items (the batch in flight is dropped, the case stays consistent).
#include "reference/reference_import.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace rs::ui {

struct ReferenceImportOutcome {
    QString setName;
    QString error;  // the import could not start or the case could not be written
    reference::ImportSummary summary;
    bool ok() const { return error.isEmpty(); }
};

// The summary a person reads: counts, then every skipped file and why (capped at maxListed).
QString importSummaryText(const ReferenceImportOutcome& outcome, int maxListed = 500);

class ReferenceImportTask : public QObject {
    Q_OBJECT
public:
    explicit ReferenceImportTask(QObject* parent = nullptr);
    ~ReferenceImportTask() override;  // cancels and waits for a running import

    bool isRunning() const { return m_running; }
    // False (and nothing started) while another import runs.
    bool start(const QString& casePath, const QString& setName, const reference::ImportSource& source,
               const QString& actor = {});
    void cancel();
    const ReferenceImportOutcome& outcome() const { return m_outcome; }

signals:
    void progress(qint64 done, qint64 total, double ratePerSecond, double etaSeconds);
    void finished();

private:
    QFutureWatcher<ReferenceImportOutcome> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    ReferenceImportOutcome m_outcome;
    bool m_running = false;
};

}  // namespace rs::ui
