#include "metrics/evidence_visuals.h"

#include "imaging/image_ops.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>

namespace rs::metrics {
namespace {

void drawGrid(cv::Mat& panel, int grid, int worst) {
    const double cell = double(panel.cols) / grid;
    for (int k = 1; k < grid; ++k) {
        const int p = int(std::lround(k * cell));
        cv::line(panel, {p, 0}, {p, panel.rows - 1}, cv::Scalar(255, 255, 255), 1);
        cv::line(panel, {0, p}, {panel.cols - 1, p}, cv::Scalar(255, 255, 255), 1);
    }
    if (worst >= 0) {
        const int r = worst / grid, c = worst % grid;
        cv::rectangle(panel, cv::Rect(int(c * cell), int(r * cell), int(cell), int(cell)), cv::Scalar(0, 255, 0), 3);
    }
}

}  // namespace

cv::Mat tileHeatmap(const TiledL2& result, double threshold, int cellPx) {
    const int grid = std::max(1, result.grid);
    cv::Mat values(grid, grid, CV_8U);
    const double top = std::max(1e-9, 2 * threshold);
    for (int t = 0; t < grid * grid && t < int(result.tiles.size()); ++t)
        values.at<uchar>(t / grid, t % grid) =
            cv::saturate_cast<uchar>(255.0 * std::min(1.0, result.tiles[std::size_t(t)] / top));
    cv::Mat big, color;
    cv::resize(values, big, cv::Size(grid * cellPx, grid * cellPx), 0, 0, cv::INTER_NEAREST);
    cv::applyColorMap(big, color, cv::COLORMAP_INFERNO);
    for (int t = 0; t < grid * grid && t < int(result.tiles.size()); ++t) {
        const cv::Rect cell((t % grid) * cellPx, (t / grid) * cellPx, cellPx, cellPx);
        const double v = result.tiles[std::size_t(t)];
        if (v > threshold) cv::rectangle(color, cell, cv::Scalar(0, 0, 255), 2);
        const std::string text = formatFixed(v, 3);
        const double scale = cellPx / 160.0;
        int base = 0;
        const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &base);
        const cv::Point at(cell.x + (cellPx - size.width) / 2, cell.y + (cellPx + size.height) / 2);
        cv::putText(color, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(0, 0, 0), 3, cv::LINE_AA);
        cv::putText(color, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
    }
    return color;
}

Expected<cv::Mat> pixelDifferenceHeatmap(const cv::Mat& a, const cv::Mat& b, int side, double fullScale) {
    if (a.empty() || b.empty() || a.type() != CV_8UC3 || b.type() != CV_8UC3)
        return makeError("difference heatmap: both images must be non-empty 8-bit colour images");
    const int s = imaging::comparisonSide({a.size(), b.size()}, side, 1);
    const cv::Mat pa = imaging::prepareForComparison(a, s), pb = imaging::prepareForComparison(b, s);
    cv::Mat diff, gray, scaled, color;
    cv::absdiff(pa, pb, diff);
    diff.convertTo(diff, CV_32FC3);
    cv::transform(diff, gray, cv::Matx13f(1.f / 3, 1.f / 3, 1.f / 3));
    gray.convertTo(scaled, CV_8U, 1.0 / std::max(1e-6, fullScale));
    cv::applyColorMap(scaled, color, cv::COLORMAP_INFERNO);
    return color;
}

Expected<cv::Mat> sideBySide(const cv::Mat& a, const cv::Mat& b, const TiledL2& tiled,
                             const std::vector<std::string>& lines, int panelSide) {
    auto heat = pixelDifferenceHeatmap(a, b, std::max(tiled.workingSize, 8));
    if (!heat) return heat.error();
    const int gap = 8, lineHeight = 26;
    const int width = 3 * panelSide + 4 * gap;
    const int height = panelSide + 2 * gap + 30 + lineHeight * int(lines.size()) + gap;
    cv::Mat canvas(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
    const cv::Mat panels[3] = {imaging::prepareForComparison(a, panelSide), imaging::prepareForComparison(b, panelSide),
                               imaging::prepareForComparison(*heat, panelSide)};
    const char* titles[3] = {"A", "B", "|A - B| (tiles; worst outlined)"};
    for (int k = 0; k < 3; ++k) {
        cv::Mat panel = panels[k].clone();
        if (k == 2 && tiled.grid > 0) drawGrid(panel, tiled.grid, tiled.worstTile);
        const int x = gap + k * (panelSide + gap);
        panel.copyTo(canvas(cv::Rect(x, gap + 30, panelSide, panelSide)));
        cv::putText(canvas, titles[k], {x, gap + 20}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(0, 0, 0), 1,
                    cv::LINE_AA);
    }
    int y = gap + 30 + panelSide + gap + 18;
    for (const std::string& line : lines) {
        cv::putText(canvas, line, {gap, y}, cv::FONT_HERSHEY_SIMPLEX, 0.55, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
        y += lineHeight;
    }
    return canvas;
}

std::string formatFixed(double v, int digits) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
    return buffer;
}

}  // namespace rs::metrics
