#include "ui/reference_match_dialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace rs::ui {

ReferenceMatchDialog::ReferenceMatchDialog(const ReferenceComparison& comparison, QWidget* parent)
    : QDialog(parent), m_tree(new QTreeWidget(this)) {
    setWindowTitle(tr("Closest Reference Images"));
    auto* layout = new QVBoxLayout(this);
    if (!comparison.error.isEmpty()) layout->addWidget(new QLabel(comparison.error, this));

    m_tree->setObjectName(QStringLiteral("referenceMatches"));
    m_tree->setColumnCount(6);
    m_tree->setHeaderLabels({tr("Image / reference"), tr("Set"), tr("Tiled L2"), tr("pHash distance"),
                             tr("Descriptor cosine"), tr("Thresholds crossed")});
    m_tree->setIconSize(QSize(64, 64));
    m_tree->setRootIsDecorated(true);
    const QLocale locale;
    for (const auto& image : comparison.images) {
        auto* top = new QTreeWidgetItem(m_tree);
        top->setText(0, QFileInfo(image.file).fileName());
        top->setToolTip(0, image.file);
        if (!image.error.isEmpty()) {
            top->setText(1, image.error);
            top->setToolTip(1, image.error);
            top->setForeground(1, QBrush(Qt::red));
            continue;
        }
        if (image.matches.isEmpty()) top->setText(1, tr("No reference image to compare with."));
        for (const auto& m : image.matches) {
            auto* item = new QTreeWidgetItem(top);
            item->setText(0, m.caption.isEmpty() ? QFileInfo(m.source).fileName() : m.caption);
            item->setToolTip(0, tr("%1\nReference id %2").arg(m.source).arg(m.referenceId));
            if (!m.thumbnail.isNull())
                item->setIcon(
                    0, QPixmap::fromImage(m.thumbnail.scaled(64, 64, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
            item->setText(1, m.setName);
            item->setText(2, locale.toString(m.tiledL2, 'f', 4));
            item->setText(3, QString::number(m.phashDistance));
            item->setText(4, locale.toString(m.cosine, 'f', 3));
            item->setText(5, m.crossed.isEmpty() ? tr("none") : m.crossed.join(QStringLiteral(", ")));
        }
        top->setExpanded(true);
    }
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_tree, 1);
    if (!comparison.notes.isEmpty()) {
        auto* notes = new QLabel(comparison.notes.join(QLatin1Char('\n')), this);
        notes->setWordWrap(true);
        layout->addWidget(notes);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(820, 480);
}

}  // namespace rs::ui
