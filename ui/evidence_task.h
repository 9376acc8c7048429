#pragma once
// Long evidence jobs off the GUI thread: exporting a report and regenerating a stored
// generation. Each opens its own connection to the case (one connection per thread) and
// reports back once, through `finished`.
#include "report/exporter.h"

#include <QObject>
#include <QString>

namespace rs::ui {

class EvidenceTask : public QObject {
    Q_OBJECT
public:
    explicit EvidenceTask(QObject* parent = nullptr);

    bool isRunning() const { return m_running; }
    // Each returns false (and starts nothing) while another job runs.
    bool startExport(const QString& casePath, const report::ExportOptions& options, const QString& actor);
    bool startRegeneration(const QString& casePath, qint64 generationId);

signals:
    // ok: the report was written and audited / the image was reproduced within tolerance.
    void finished(bool ok, const QString& title, const QString& message);

private:
    template <class Job>
    bool start(Job job);
    bool m_running = false;
};

}  // namespace rs::ui
