#pragma once
// Progress of a reference import: images done of total, rate and time left, and Cancel.
#include <QProgressDialog>

namespace rs::ui {

class ImportProgressDialog : public QProgressDialog {
    Q_OBJECT
public:
    ImportProgressDialog(const QString& setName, QWidget* parent = nullptr);
    void showProgress(qint64 done, qint64 total, double ratePerSecond, double etaSeconds);
    bool cancelling() const { return m_cancelling; }

private slots:
    void markCancelling();

private:
    QString m_setName;
    bool m_cancelling = false;
};

QString durationText(double seconds);  // "1:05", "1:02:03"; "--:--" when unknown

}  // namespace rs::ui
