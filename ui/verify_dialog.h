#pragma once
// Verifies the case off the GUI thread (its own read-only connection) with progress and cancel,
// then lists every problem found, or says the case is intact.
#include <QDialog>
#include <QFutureWatcher>

#include <atomic>
#include <memory>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace rs::ui {

struct VerifyOutcome {
    bool ok = false;
    bool finished = false;  // false when cancelled or when the case could not be read
    QString error;          // could not verify at all
    QStringList problems;   // one line each
    qint64 auditRows = 0;
    qint64 imagesChecked = 0;
    QString auditHeadHash;
};

class VerifyDialog : public QDialog {
    Q_OBJECT
public:
    VerifyDialog(const QString& casePath, QWidget* parent = nullptr);
    ~VerifyDialog() override;
    void start();
    const VerifyOutcome& outcome() const { return m_outcome; }

signals:
    void verificationFinished(bool ok);

private:
    void onProgress(qint64 done, qint64 total);
    void onFinished();

    QString m_casePath;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QListWidget* m_problems = nullptr;
    QPushButton* m_button = nullptr;
    QFutureWatcher<VerifyOutcome> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    VerifyOutcome m_outcome;
};

}  // namespace rs::ui
