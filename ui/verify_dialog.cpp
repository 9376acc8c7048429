#include "verify_dialog.h"

#include "store/case_file.h"
#include "store/verify.h"

#include <QLabel>
#include <QListWidget>
#include <QMetaObject>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace rs::ui {

VerifyDialog::VerifyDialog(const QString& casePath, QWidget* parent) : QDialog(parent), m_casePath(casePath) {
    setWindowTitle(tr("Verify Case"));
    m_status = new QLabel(tr("Checking the audit log and every stored image of %1…").arg(casePath), this);
    m_status->setObjectName("verifyStatus");
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_problems = new QListWidget(this);
    m_problems->setObjectName("verifyProblems");
    m_problems->hide();
    m_button = new QPushButton(tr("Cancel"), this);
    connect(m_button, &QPushButton::clicked, this, [this] {
        if (m_watcher.isRunning())
            m_cancel->store(true);
        else
            accept();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_problems, 1);
    layout->addWidget(m_button, 0, Qt::AlignRight);
    resize(640, 360);
    connect(&m_watcher, &QFutureWatcher<VerifyOutcome>::finished, this, &VerifyDialog::onFinished);
}

VerifyDialog::~VerifyDialog() {
    m_cancel->store(true);
    m_watcher.waitForFinished();
}

void VerifyDialog::start() {
    const std::string path = m_casePath.toStdString();
    auto cancel = m_cancel;
    QPointer<VerifyDialog> self(this);
    m_watcher.setFuture(QtConcurrent::run([path, cancel, self]() {
        VerifyOutcome out;
        // The worker's own connection, read-only: verifying never writes to the case.
        auto opened = store::CaseFile::open(path, store::OpenMode::ReadOnly);
        if (!opened.ok()) {
            out.error = QString::fromStdString(opened.message());
            return out;
        }
        auto report = store::verifyCase(*opened, [cancel, self](std::int64_t done, std::int64_t total) {
            if (self)
                QMetaObject::invokeMethod(
                    self,
                    [self, done, total] {
                        if (self) self->onProgress(done, total);
                    },
                    Qt::QueuedConnection);
            return !cancel->load();
        });
        if (!report.ok()) {
            out.error = QString::fromStdString(report.message());
            return out;
        }
        out.finished = !cancel->load();
        out.ok = report->ok() && out.finished;
        out.auditRows = report->auditRows;
        out.imagesChecked = report->imagesChecked;
        out.auditHeadHash = QString::fromStdString(report->auditHeadHash);
        for (const auto& p : report->problems) {
            QString line = QString::fromStdString(p.message);
            if (!p.file.empty()) line += QStringLiteral(" [%1]").arg(QString::fromStdString(p.file));
            out.problems << line;
        }
        return out;
    }));
}

void VerifyDialog::onProgress(qint64 done, qint64 total) {
    m_progress->setRange(0, int(std::min<qint64>(total, INT_MAX)));
    m_progress->setValue(int(std::min<qint64>(done, INT_MAX)));
}

void VerifyDialog::onFinished() {
    m_outcome = m_watcher.result();
    m_progress->hide();
    m_button->setText(tr("Close"));
    if (!m_outcome.error.isEmpty()) {
        m_status->setText(tr("The case could not be verified: %1").arg(m_outcome.error));
    } else if (!m_outcome.finished) {
        m_status->setText(tr("Verification was cancelled; the result is incomplete."));
    } else if (m_outcome.ok) {
        m_status->setText(tr("OK — the audit log (%1 entries) is intact and all %2 stored images match their "
                             "SHA-256.\nAudit log head: %3")
                              .arg(m_outcome.auditRows)
                              .arg(m_outcome.imagesChecked)
                              .arg(m_outcome.auditHeadHash));
    } else {
        m_status->setText(tr("%n problem(s) found. The case has been altered or damaged since it was recorded.",
                             nullptr, int(m_outcome.problems.size())));
    }
    if (!m_outcome.problems.isEmpty()) {
        m_problems->addItems(m_outcome.problems);
        m_problems->show();
    }
    emit verificationFinished(m_outcome.ok);
}

}  // namespace rs::ui
