#include "ui/reference_import_task.h"

#include "store/case_file.h"

#include <QCoreApplication>
#include <QPointer>
#include <QtConcurrent>

#include <chrono>

namespace rs::ui {

namespace {

// lupdate files these strings under the enclosing namespace, so that is the context to ask for
QString tr(const char* text) { return QCoreApplication::translate("rs::ui", text); }

QString issueLine(const reference::ImportIssue& issue) {
    // Decoder reasons often start with the path already: name it once.
    const std::string& source = issue.source;
    std::string reason = issue.reason;
    if (reason.compare(0, source.size() + 2, source + ": ") == 0) reason.erase(0, source.size() + 2);
    return QStringLiteral("%1: %2").arg(QString::fromStdString(source), QString::fromStdString(reason));
}

void appendIssues(QStringList& lines, const QString& heading, const std::vector<reference::ImportIssue>& issues,
                  int maxListed) {
    if (issues.empty()) return;
    lines << QString() << heading;
    for (std::size_t i = 0; i < issues.size() && int(i) < maxListed; ++i)
        lines << QStringLiteral("  ") + issueLine(issues[i]);
    if (int(issues.size()) > maxListed) lines << tr("  … and %1 more").arg(qint64(issues.size()) - maxListed);
}

}  // namespace

QString importSummaryText(const ReferenceImportOutcome& outcome, int maxListed) {
    if (!outcome.ok()) return tr("Import into \"%1\" failed: %2").arg(outcome.setName, outcome.error);
    const auto& s = outcome.summary;
    QStringList lines;
    lines << tr("Set \"%1\": %2 found, %3 imported, %4 duplicates merged, %5 already in the set, %6 skipped, %7 not "
                "fetched (%8 s).")
                 .arg(outcome.setName)
                 .arg(s.found)
                 .arg(s.imported)
                 .arg(s.duplicates)
                 .arg(s.alreadyImported)
                 .arg(qint64(s.failed.size()))
                 .arg(qint64(s.notFetched.size()))
                 .arg(s.seconds, 0, 'f', 1);
    if (s.cancelled) lines << tr("The import was cancelled; import the same source again to add the rest.");
    appendIssues(lines, tr("Skipped files:"), s.failed, maxListed);
    appendIssues(lines, tr("Not fetched (ReplicaScope never downloads):"), s.notFetched, maxListed);
    if (!s.notes.empty()) {
        lines << QString() << tr("Notes:");
        for (std::size_t i = 0; i < s.notes.size() && int(i) < maxListed; ++i)
            lines << QStringLiteral("  ") + QString::fromStdString(s.notes[i]);
    }
    return lines.join(QLatin1Char('\n'));
}

ReferenceImportTask::ReferenceImportTask(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<ReferenceImportOutcome>::finished, this, [this] {
        m_outcome = m_watcher.result();
        m_running = false;
        emit finished();
    });
}

ReferenceImportTask::~ReferenceImportTask() {
    cancel();
    m_watcher.waitForFinished();
}

void ReferenceImportTask::cancel() {
    if (m_cancel) m_cancel->store(true);
}

bool ReferenceImportTask::start(const QString& casePath, const QString& setName, const reference::ImportSource& source,
                                const QString& actor) {
    if (m_running) return false;
    m_running = true;
    m_outcome = {};
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancelFlag = m_cancel;
    QPointer<ReferenceImportTask> self(this);
    m_watcher.setFuture(QtConcurrent::run([=]() -> ReferenceImportOutcome {
        ReferenceImportOutcome outcome;
        outcome.setName = setName;
        auto opened = store::CaseFile::open(casePath.toStdString(), store::OpenMode::ReadWrite, actor.toStdString());
        if (!opened) {
            outcome.error = QString::fromStdString(opened.message());
            return outcome;
        }
        reference::ImportOptions options;
        options.cancelled = [cancelFlag] { return cancelFlag->load(); };
        auto lastReport = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        options.progress = [&](const reference::ImportProgress& p) {
            // At most ~10 updates a second reach the GUI's event queue.
            const auto now = std::chrono::steady_clock::now();
            if (now - lastReport < std::chrono::milliseconds(100) && p.done < p.total) return;
            lastReport = now;
            const qint64 done = p.done, total = p.total;
            const double rate = p.ratePerSecond, eta = p.etaSeconds;
            QMetaObject::invokeMethod(
                self,
                [self, done, total, rate, eta] {
                    if (self) emit self->progress(done, total, rate, eta);
                },
                Qt::QueuedConnection);
        };
        auto summary = reference::importReferenceSet(*opened, setName.toStdString(), source, options);
        if (!summary)
            outcome.error = QString::fromStdString(summary.message());
        else
            outcome.summary = std::move(*summary);
        return outcome;
    }));
    return true;
}

}  // namespace rs::ui
