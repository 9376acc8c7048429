#include "ui/image_pane.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace rs::ui {
namespace {

constexpr double kMinZoom = 0.1;
constexpr double kMaxZoom = 256.0;
const QColor kMatchBoxColour(0, 229, 255);  // cyan: apart from the heatmap's reds and yellows

}  // namespace

void ViewState::setZoom(double zoom) {
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    if (zoom == m_zoom) return;
    m_zoom = zoom;
    emit changed();
}

void ViewState::zoomAt(double factor, QPointF anchor) {
    const double zoom = std::clamp(m_zoom * factor, kMinZoom, kMaxZoom);
    if (zoom == m_zoom) return;
    // The anchor stays under the cursor: centre moves toward it by the zoom ratio.
    m_center = anchor + (m_center - anchor) * (m_zoom / zoom);
    m_zoom = zoom;
    emit changed();
}

void ViewState::panBy(QPointF delta) {
    if (delta.isNull()) return;
    m_center -= delta;
    emit changed();
}

void ViewState::fit() {
    m_zoom = 1.0;
    m_center = QPointF(0.5, 0.5);
    emit changed();
}

ImagePane::ImagePane(ViewState* state, QWidget* parent) : QWidget(parent), m_state(state) {
    setMinimumSize(120, 120);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(m_state, &ViewState::changed, this, qOverload<>(&QWidget::update));
}

void ImagePane::setImage(const QImage& image) {
    m_image = image;
    m_placeholder.clear();
    update();
}

void ImagePane::setPlaceholder(const QString& text) {
    m_image = QImage();
    m_overlay = QImage();
    m_wipeSecond = QImage();
    m_box = m_wipeBox = QRectF();
    m_placeholder = text;
    update();
}

void ImagePane::setOverlay(const QImage& overlay) {
    m_overlay = overlay;
    update();
}

void ImagePane::setWipe(const QImage& second, double fraction) {
    m_wipeSecond = second;
    m_wipeFraction = std::clamp(fraction, 0.0, 1.0);
    update();
}

void ImagePane::setMatchBoxes(const QRectF& box, const QRectF& wipeBox) {
    m_box = box;
    m_wipeBox = wipeBox;
    update();
}

QRectF ImagePane::mapRectFrom(const QRectF& r, QSize imageSize) const {
    if (r.isEmpty() || imageSize.isEmpty()) return {};
    const QRectF target = imageRect();  // the wipe image is stretched over the same rectangle
    const double sx = target.width() / imageSize.width(), sy = target.height() / imageSize.height();
    return QRectF(target.left() + r.left() * sx, target.top() + r.top() * sy, r.width() * sx, r.height() * sy);
}

QRectF ImagePane::mapFromImage(const QRectF& r) const { return mapRectFrom(r, m_image.size()); }

QRectF ImagePane::mapFromWipeImage(const QRectF& r) const { return mapRectFrom(r, m_wipeSecond.size()); }

void ImagePane::drawMatchBox(QPainter& p, const QRectF& box, const QRectF& clip) const {
    if (box.isEmpty() || clip.isEmpty()) return;
    p.save();
    p.setClipRect(clip);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0, 0, 0, 160), 4));  // a dark rim keeps the outline visible on light images
    p.drawRect(box);
    p.setPen(QPen(kMatchBoxColour, 2));
    p.drawRect(box);
    p.restore();
}

double ImagePane::fitScale() const {
    if (m_image.isNull()) return 1.0;
    return std::min(double(width()) / m_image.width(), double(height()) / m_image.height());
}

QRectF ImagePane::imageRect() const {
    const double scale = effectiveScale();
    const QSizeF size(m_image.width() * scale, m_image.height() * scale);
    const QPointF centerOnScreen(width() / 2.0, height() / 2.0);
    const QPointF topLeft =
        centerOnScreen - QPointF(m_state->center().x() * size.width(), m_state->center().y() * size.height());
    return QRectF(topLeft, size);
}

QPointF ImagePane::toNormalized(QPointF pos) const {
    const QRectF r = imageRect();
    return r.isEmpty() ? QPointF(0.5, 0.5)
                       : QPointF((pos.x() - r.left()) / r.width(), (pos.y() - r.top()) / r.height());
}

void ImagePane::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Dark));
    if (m_image.isNull()) {
        p.setPen(palette().color(QPalette::BrightText));
        p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const QRectF target = imageRect();
    // Pixels stay square blocks when zoomed in (the point of 1:1 and beyond).
    p.setRenderHint(QPainter::SmoothPixmapTransform, effectiveScale() < 1.0);
    if (m_wipeSecond.isNull()) {
        p.drawImage(target, m_image);
    } else {
        const double split = target.left() + target.width() * m_wipeFraction;
        p.save();
        p.setClipRect(QRectF(QPointF(target.left(), target.top()), QPointF(split, target.bottom())));
        p.drawImage(target, m_image);
        p.setClipRect(QRectF(QPointF(split, target.top()), target.bottomRight()));
        p.drawImage(target, m_wipeSecond);
        p.restore();
        p.setPen(QPen(Qt::white, 2));
        p.drawLine(QPointF(split, target.top()), QPointF(split, target.bottom()));
    }
    if (!m_overlay.isNull()) p.drawImage(target, m_overlay);
    if (m_wipeSecond.isNull()) {
        drawMatchBox(p, mapFromImage(m_box), rect());
    } else {
        const double split = target.left() + target.width() * m_wipeFraction;
        drawMatchBox(p, mapFromImage(m_box),
                     QRectF(QPointF(rect().left(), rect().top()), QPointF(split, rect().bottom() + 1)));
        drawMatchBox(p, mapFromWipeImage(m_wipeBox),
                     QRectF(QPointF(split, rect().top()), QPointF(rect().right() + 1, rect().bottom() + 1)));
    }
}

void ImagePane::wheelEvent(QWheelEvent* event) {
    if (m_image.isNull()) return;
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) return;
    m_state->zoomAt(std::pow(1.25, steps), toNormalized(event->position()));
    event->accept();
}

void ImagePane::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    m_dragging = true;
    m_dragFrom = event->position();
    setCursor(Qt::ClosedHandCursor);
}

void ImagePane::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging || m_image.isNull()) return;
    const QRectF r = imageRect();
    const QPointF delta = event->position() - m_dragFrom;
    m_dragFrom = event->position();
    if (!r.isEmpty()) m_state->panBy(QPointF(delta.x() / r.width(), delta.y() / r.height()));
}

void ImagePane::mouseReleaseEvent(QMouseEvent*) {
    m_dragging = false;
    unsetCursor();
}

}  // namespace rs::ui
