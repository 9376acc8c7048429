#pragma once
// Pictures that show a reader why two images were judged copies: a per-tile heatmap of the
// tiled l2 (value printed in each tile), a per-pixel difference heatmap, and a side-by-side
// composite A | B | difference with the numbers printed under it. PNG bytes, ready to store
// content-addressed or embed in a report.
#include "base/expected.h"
#include "metrics/tiled_l2.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace rs::metrics {

// T x T grid, each cell `cellPx` square, coloured by distance (0 dark .. >= 2*threshold bright,
// INFERNO colormap), its value printed, tiles over the threshold outlined in red.
cv::Mat tileHeatmap(const TiledL2& result, double threshold = kTiledL2Threshold, int cellPx = 96);

// Per-pixel |a - b| (mean over RGB) after the comparison geometry at `side`, scaled so that
// `fullScale` (in [0,1] units) is the brightest colour, INFERNO colormap. CV_8UC3.
Expected<cv::Mat> pixelDifferenceHeatmap(const cv::Mat& a, const cv::Mat& b, int side = 512, double fullScale = 0.5);

// A | B | difference heatmap with the tile grid drawn on it (worst tile outlined), each panel
// `panelSide` square, then one text line per entry of `lines` below.
Expected<cv::Mat> sideBySide(const cv::Mat& a, const cv::Mat& b, const TiledL2& tiled,
                             const std::vector<std::string>& lines, int panelSide = 384);

// `v` with `digits` decimals ("0.123"), as the numbers are printed on evidence pictures.
std::string formatFixed(double v, int digits);

}  // namespace rs::metrics
