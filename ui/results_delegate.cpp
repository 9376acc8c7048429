#include "ui/results_delegate.h"

#include "ui/results_model.h"
#include "ui/thumbnail_loader.h"

#include <QApplication>
#include <QPainter>

namespace rs::ui {

namespace {

constexpr int kMargin = 4;
constexpr int kCaption = 18;
const QColor kMatchColour(0xc6, 0x28, 0x28, 220);

// The matched training image, small, in the generation's top-right corner: every flagged
// generation shows what it copies without being selected. Outlined in the badge colour.
void drawReferenceInset(QPainter* painter, const QRect& image, const ResultItem& item, ThumbnailLoader* loader,
                        bool crosses) {
    const int side = image.width() * 11 / 25;
    const QRect inset(image.right() - side - 2, image.top() + 2, side, side);
    painter->fillRect(inset, QColor(0x20, 0x20, 0x20));
    if (const QPixmap* p = loader->pixmap(item.referencePath)) {
        const QSize size = p->size().scaled(inset.size(), Qt::KeepAspectRatio);
        painter->drawPixmap(QRect(inset.center() - QPoint(size.width() / 2, size.height() / 2), size), *p);
    }
    painter->setPen(QPen(crosses ? kMatchColour : QColor(0xee, 0xee, 0xee), 2));
    painter->drawRect(inset.adjusted(0, 0, -1, -1));
}

void drawBadge(QPainter* painter, const QPoint& topLeft, const QString& text, const QColor& background) {
    const QFontMetrics fm = painter->fontMetrics();
    const QRect box(topLeft, QSize(fm.horizontalAdvance(text) + 6, fm.height() + 2));
    painter->fillRect(box, background);
    painter->setPen(Qt::white);
    painter->drawText(box, Qt::AlignCenter, text);
}

}  // namespace

ResultsDelegate::ResultsDelegate(QSize thumbnailSize, QObject* parent)
    : QStyledItemDelegate(parent), m_thumb(thumbnailSize) {}

QSize ResultsDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const {
    return {m_thumb.width() + 2 * kMargin, m_thumb.height() + 2 * kMargin + kCaption};
}

void ResultsDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const auto* model = qobject_cast<const ResultsModel*>(index.model());
    const ResultItem* item = model ? model->item(index.row()) : nullptr;
    if (!item) return QStyledItemDelegate::paint(painter, option, index);
    painter->save();
    const QRect cell = option.rect;
    if (option.state & QStyle::State_Selected) painter->fillRect(cell, option.palette.highlight());
    const QRect image(cell.left() + kMargin, cell.top() + kMargin, m_thumb.width(), m_thumb.height());

    const QPixmap* pixmap = item->imagePath.isEmpty() ? nullptr : model->loader()->pixmap(item->imagePath);
    if (pixmap) {
        const QSize size = pixmap->size().scaled(image.size(), Qt::KeepAspectRatio);
        const QRect target(image.center() - QPoint(size.width() / 2, size.height() / 2), size);
        painter->drawPixmap(target, *pixmap);
    } else {
        const bool broken = item->imagePath.isEmpty() || !model->loader()->error(item->imagePath).isEmpty();
        painter->fillRect(image, broken ? QColor(0x5c, 0x1a, 0x1a) : QColor(0x3a, 0x3a, 0x3a));
        painter->setPen(QColor(0xdd, 0xdd, 0xdd));
        painter->drawText(image, Qt::AlignCenter | Qt::TextWordWrap,
                          broken ? ResultsModel::tr("⚠ unreadable image") : ResultsModel::tr("loading…"));
    }
    if (item->cliqueId) {
        painter->setPen(QPen(QColor(0xe5, 0x39, 0x35), 3));
        painter->drawRect(image.adjusted(1, 1, -2, -2));
    }
    if (item->memorizationScore)
        drawBadge(painter, image.topLeft() + QPoint(2, 2),
                  QStringLiteral("M %1").arg(*item->memorizationScore, 0, 'f', 2), QColor(0, 0, 0, 170));
    if (item->bestMatchDistance) {
        const bool crosses = *item->bestMatchDistance <= m_threshold;
        if (!item->referencePath.isEmpty()) drawReferenceInset(painter, image, *item, model->loader(), crosses);
        drawBadge(painter, QPoint(image.left() + 2, image.bottom() - painter->fontMetrics().height() - 3),
                  QStringLiteral("d %1").arg(*item->bestMatchDistance, 0, 'f', 3),
                  crosses ? kMatchColour : QColor(0, 0, 0, 170));
    }
    painter->setPen(
        option.palette.color(option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(QRect(cell.left(), image.bottom() + 1, cell.width(), kCaption), Qt::AlignCenter,
                      ResultsModel::tr("seed %1").arg(item->seed));
    painter->restore();
}

}  // namespace rs::ui
