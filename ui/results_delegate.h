#pragma once
// Paints one generation of the results grid: the thumbnail (or a placeholder while it loads,
// or a warning when the file is unreadable), a red outline for members of a flagged clique and
// badges for the memorization score and the closest training image's distance, and that image
// itself as an inset in the corner of every generation that matched one. Painting only
// reads the model and the thumbnail cache; it never decodes.
#include <QStyledItemDelegate>

namespace rs::ui {

class ResultsDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ResultsDelegate(QSize thumbnailSize, QObject* parent = nullptr);

    void setThreshold(double tiledL2) { m_threshold = tiledL2; }
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QSize m_thumb;
    double m_threshold = 0.15;
};

}  // namespace rs::ui
