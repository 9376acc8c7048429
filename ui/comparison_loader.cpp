#include "ui/comparison_loader.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QImageReader>

#include <algorithm>
#include <cstdlib>

namespace rs::ui {
namespace {

constexpr qint64 kMaxImageBytes = qint64(256) << 20;
constexpr int kHeatmapMaxSide = 512;
constexpr int kMaxHeatmapAlpha = 200;

QImage loadOne(const PairSource& source, QString* error) {
    if (!source.error.isEmpty()) {
        *error = source.error;
        return {};
    }
    QFile file(source.path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error =
            QCoreApplication::translate("ComparisonLoader", "Cannot read %1: %2").arg(source.path, file.errorString());
        return {};
    }
    if (file.size() > kMaxImageBytes) {
        *error = QCoreApplication::translate("ComparisonLoader", "%1 is too large to show (%2 bytes)")
                     .arg(source.path)
                     .arg(file.size());
        return {};
    }
    QByteArray bytes = file.readAll();
    QBuffer buffer(&bytes);
    QImageReader reader(&buffer);
    // Upright as viewers (and the core decoder the stored match boxes come from) show it: a JPEG's
    // EXIF orientation is applied.
    reader.setAutoTransform(true);
    const QImage image = reader.read();
    if (image.isNull()) {
        *error = QCoreApplication::translate("ComparisonLoader",
                                             "%1 is not a readable image (corrupt or unsupported format)")
                     .arg(source.path);
        return {};
    }
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

}  // namespace

QImage differenceHeatmap(const QImage& a, const QImage& b) {
    if (a.isNull() || b.isNull()) return {};
    QSize size = a.size().boundedTo(b.size());
    if (std::max(size.width(), size.height()) > kHeatmapMaxSide)
        size.scale(kHeatmapMaxSide, kHeatmapMaxSide, Qt::KeepAspectRatio);
    const QImage sa =
        a.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    const QImage sb =
        b.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    QImage out(size, QImage::Format_ARGB32);
    for (int y = 0; y < size.height(); ++y) {
        const auto* pa = reinterpret_cast<const QRgb*>(sa.constScanLine(y));
        const auto* pb = reinterpret_cast<const QRgb*>(sb.constScanLine(y));
        auto* po = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const int d = (std::abs(qRed(pa[x]) - qRed(pb[x])) + std::abs(qGreen(pa[x]) - qGreen(pb[x])) +
                           std::abs(qBlue(pa[x]) - qBlue(pb[x]))) /
                          3;
            // 0..127: red fades in; 128..255: red turns yellow. Alpha follows the difference but
            // stays below opaque, so the image under the overlay can still be made out.
            const int green = d < 128 ? 0 : (d - 128) * 2;
            po[x] = qRgba(255, green, 0, std::min(kMaxHeatmapAlpha, d * 2));
        }
    }
    return out;
}

LoadedPair loadPair(const PairSource& left, const PairSource& right) {
    LoadedPair out;
    out.left = loadOne(left, &out.leftError);
    out.right = loadOne(right, &out.rightError);
    out.heatmap = differenceHeatmap(out.left, out.right);
    return out;
}

}  // namespace rs::ui
