#pragma once
// Loading one comparison pair off the GUI thread: reads both files, decodes them with QImage
// and computes the difference heatmap. A pure function (no database, no widgets) so it can
// run under QtConcurrent; the caller resolves the image store paths on its own thread.
#include <QImage>
#include <QString>

namespace rs::ui {

struct PairSource {
    QString path;  // empty when it could not be resolved; then `error` says why
    QString error;
};

struct LoadedPair {
    QImage left;
    QImage right;
    QImage heatmap;     // |left - right| per pixel on a common grid, coloured; null unless both loaded
    QString leftError;  // the message to show instead of the image, naming the file
    QString rightError;
};

LoadedPair loadPair(const PairSource& left, const PairSource& right);
// Per-pixel absolute difference of two images resampled to a common size (at most 512 px a
// side), as a colour map from transparent (equal) through red to yellow (very different).
QImage differenceHeatmap(const QImage& a, const QImage& b);

}  // namespace rs::ui
