#pragma once
// One side of the comparison view. Panes that share a ViewState zoom and pan together: the
// state holds the zoom relative to "fit" and the centre in normalised image coordinates, so
// images of different sizes show the same region. A pane without an image shows its
// placeholder text ("Loading…", or the error), never older pixels.
#include <QImage>
#include <QRectF>
#include <QObject>
#include <QPointF>
#include <QWidget>

class QPainter;

namespace rs::ui {

class ViewState : public QObject {
    Q_OBJECT
public:
    explicit ViewState(QObject* parent = nullptr) : QObject(parent) {}
    double zoom() const { return m_zoom; }       // 1 = the whole image fits its pane
    QPointF center() const { return m_center; }  // (0.5, 0.5) = the image's middle
    void setZoom(double zoom);
    void zoomAt(double factor, QPointF normalizedAnchor);  // keeps the anchor where it is on screen
    void panBy(QPointF normalizedDelta);
    void fit();

signals:
    void changed();

private:
    double m_zoom = 1.0;
    QPointF m_center{0.5, 0.5};
};

class ImagePane : public QWidget {
    Q_OBJECT
public:
    explicit ImagePane(ViewState* state, QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    void setPlaceholder(const QString& text);  // also drops the image
    QString placeholder() const { return m_placeholder; }
    // Drawn on top, stretched over the image (the difference heatmap); null = none.
    void setOverlay(const QImage& overlay);
    // Wipe: `second` is drawn right of the split at `fraction` of the image's width, this
    // pane's image left of it; a null image ends the wipe.
    void setWipe(const QImage& second, double fraction);
    // Outlines over the image, in image pixels: `box` on this pane's image and, while wiping,
    // `wipeBox` on the wipe image, each drawn on its own side of the split; empty = none.
    // They follow zoom and pan like the pixels under them; a placeholder drops them.
    void setMatchBoxes(const QRectF& box, const QRectF& wipeBox = QRectF());
    QRectF matchBox() const { return m_box; }
    QRectF wipeMatchBox() const { return m_wipeBox; }
    // Where a rectangle of the image's (or the wipe image's) pixels lands in the widget now.
    QRectF mapFromImage(const QRectF& imageRect) const;
    QRectF mapFromWipeImage(const QRectF& imageRect) const;
    // Scale that fits the image in the pane (zoom 1).
    double fitScale() const;
    double effectiveScale() const { return fitScale() * m_state->zoom(); }

    QSize sizeHint() const override { return {320, 320}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRectF imageRect() const;  // where the image lands, in widget coordinates
    QPointF toNormalized(QPointF widgetPos) const;
    QRectF mapRectFrom(const QRectF& rect, QSize imageSize) const;
    void drawMatchBox(QPainter& p, const QRectF& box, const QRectF& clip) const;

    ViewState* m_state;
    QImage m_image;
    QImage m_overlay;
    QImage m_wipeSecond;
    double m_wipeFraction = 0.5;
    QRectF m_box;
    QRectF m_wipeBox;
    QString m_placeholder;
    QPointF m_dragFrom;
    bool m_dragging = false;
};

}  // namespace rs::ui
