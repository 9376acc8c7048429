#include "ui/import_progress_dialog.h"

#include <QLocale>

#include <algorithm>

namespace rs::ui {

QString durationText(double seconds) {
    if (seconds < 0) return QStringLiteral("--:--");
    const qint64 s = qint64(seconds + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

ImportProgressDialog::ImportProgressDialog(const QString& setName, QWidget* parent)
    : QProgressDialog(parent), m_setName(setName) {
    setWindowTitle(tr("Importing Reference Images"));
    setLabelText(tr("Importing into \"%1\"…").arg(setName));
    setCancelButtonText(tr("Cancel"));
    setAutoClose(false);
    setAutoReset(false);
    setMinimumDuration(0);
    setRange(0, 0);
    setWindowModality(Qt::WindowModal);
    // Stay visible after Cancel until the worker has stopped (the view closes the dialog).
    // QProgressDialog connects these by name, so only a by-name disconnect undoes it.
    disconnect(this, SIGNAL(canceled()), this, SLOT(cancel()));
    connect(this, &QProgressDialog::canceled, this, &ImportProgressDialog::markCancelling);
}

void ImportProgressDialog::showProgress(qint64 done, qint64 total, double ratePerSecond, double etaSeconds) {
    if (m_cancelling) return;
    // QProgressDialog takes int: scale large totals down.
    const int scale = total > 1'000'000'000 ? 1000 : 1;
    setRange(0, int(total / scale));
    setValue(int(std::min(done, total) / scale));
    setLabelText(tr("Importing into \"%1\": %2 of %3 images\n%4 images/s, %5 left")
                     .arg(m_setName)
                     .arg(done)
                     .arg(total)
                     .arg(QLocale().toString(ratePerSecond, 'f', 1))
                     .arg(durationText(etaSeconds)));
}

void ImportProgressDialog::markCancelling() {
    m_cancelling = true;
    setLabelText(tr("Cancelling: the batch in progress is discarded…"));
}

}  // namespace rs::ui
