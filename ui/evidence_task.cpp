// libtorch (through audit/regenerate.h) before any Qt header
#include "audit/regenerate.h"

#include "evidence_task.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent>

namespace rs::ui {

namespace {

struct Outcome {
    bool ok = false;
    QString title, message;
};

// lupdate files these strings under the enclosing namespace, so that is the context to ask for
QString tr(const char* text) { return QCoreApplication::translate("rs::ui", text); }

Outcome exportOutcome(const QString& casePath, const report::ExportOptions& options, const QString& actor) {
    auto result = report::exportReport(casePath.toStdString(), options, actor.toStdString());
    if (!result) return {false, tr("Export Failed"), QString::fromStdString(result.message())};
    QString message = tr("Wrote %1 (%2 findings, %3 images) in %4 s.\nSHA-256 of %5: %6\nThe export is recorded in the "
                         "case's audit log.")
                          .arg(QString::fromStdString(result->output.string()))
                          .arg(result->findings)
                          .arg(result->images)
                          .arg(QLocale().toString(result->seconds, 'f', 1))
                          .arg(QString::fromStdString(result->mainFile.filename().string()))
                          .arg(QString::fromStdString(result->sha256));
    for (const auto& problem : result->problems)
        message += "\n" + tr("Problem: %1").arg(QString::fromStdString(problem));
    return {true, tr("Report Exported"), message};
}

Outcome regenerationOutcome(const QString& casePath, qint64 generationId) {
    auto opened = store::CaseFile::open(casePath.toStdString(), store::OpenMode::ReadOnly);
    if (!opened) return {false, tr("Regeneration Failed"), QString::fromStdString(opened.message())};
    auto report = audit::regenerateGeneration(*opened, generationId);
    if (!report) return {false, tr("Regeneration Failed"), QString::fromStdString(report.message())};
    const auto& r = *report;
    QString verdict =
        r.identical ? tr("The regenerated image is bit-identical to the stored one.")
        : r.withinTolerance
            ? tr("The regenerated image matches the stored one within tolerance: at most %1 level(s) "
                 "on %2 % of the values.")
                  .arg(r.maxDifference)
                  .arg(QLocale().toString(100 * r.differingShare, 'f', 3))
            : tr("The regenerated image DIFFERS from the stored one: up to %1 levels on %2 % of the values.")
                  .arg(r.maxDifference)
                  .arg(QLocale().toString(100 * r.differingShare, 'f', 3));
    QString message = tr("Generation %1, regenerated on %2 (%3).")
                          .arg(generationId)
                          .arg(QString::fromStdString(r.device), QString::fromStdString(r.dtype)) +
                      "\n" + verdict + "\n" +
                      tr("Stored SHA-256: %1\nRegenerated SHA-256: %2")
                          .arg(QString::fromStdString(r.storedSha256), QString::fromStdString(r.regeneratedSha256));
    for (const auto& note : r.notes) message += "\n" + QString::fromStdString(note);
    return {r.withinTolerance, r.withinTolerance ? tr("Generation Reproduced") : tr("Generation Not Reproduced"),
            message};
}

}  // namespace

EvidenceTask::EvidenceTask(QObject* parent) : QObject(parent) {}

template <class Job>
bool EvidenceTask::start(Job job) {
    if (m_running) return false;
    m_running = true;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        m_running = false;
        emit finished(outcome.ok, outcome.title, outcome.message);
    });
    watcher->setFuture(QtConcurrent::run(std::move(job)));
    return true;
}

bool EvidenceTask::startExport(const QString& casePath, const report::ExportOptions& options, const QString& actor) {
    return start([casePath, options, actor] { return exportOutcome(casePath, options, actor); });
}

bool EvidenceTask::startRegeneration(const QString& casePath, qint64 generationId) {
    return start([casePath, generationId] { return regenerationOutcome(casePath, generationId); });
}

}  // namespace rs::ui
