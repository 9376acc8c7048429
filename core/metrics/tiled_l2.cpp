#include "metrics/tiled_l2.h"

#include "imaging/image_ops.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace rs::metrics {
namespace {

Status checkPrepared(const cv::Mat& a, const cv::Mat& b, int grid) {
    if (a.empty() || b.empty()) return makeError("tiled l2: an image is empty");
    if (a.size() != b.size() || a.type() != b.type())
        return makeError("tiled l2: images differ in size or type (" + std::to_string(a.cols) + "x" +
                         std::to_string(a.rows) + " vs " + std::to_string(b.cols) + "x" + std::to_string(b.rows) + ")");
    if (a.type() != CV_8UC3 && a.type() != CV_32FC3)
        return makeError("tiled l2: images must be 8-bit or float RGB/BGR");
    if (grid < 1 || a.cols != a.rows || a.cols % grid != 0)
        return makeError("tiled l2: working image " + std::to_string(a.cols) + "x" + std::to_string(a.rows) +
                         " is not a square divisible into a " + std::to_string(grid) + "x" + std::to_string(grid) +
                         " grid");
    return Status::success();
}

TiledL2 finish(const std::vector<double>& meanSquares, int grid, int side) {
    TiledL2 r;
    r.grid = grid;
    r.workingSize = side;
    r.tiles.resize(meanSquares.size());
    for (std::size_t t = 0; t < meanSquares.size(); ++t) r.tiles[t] = std::sqrt(std::max(0.0, meanSquares[t]));
    r.worstTile = int(std::max_element(r.tiles.begin(), r.tiles.end()) - r.tiles.begin());
    r.distance = r.tiles[std::size_t(r.worstTile)];
    return r;
}

}  // namespace

void tileSquaredDifferenceSums(const cv::Mat& a, const cv::Mat& b, int grid, std::vector<long long>& sums) {
    const int tile = a.cols / grid;
    const int rowValues = tile * 3;
    sums.assign(std::size_t(grid) * std::size_t(grid), 0);
    for (int y = 0; y < a.rows; ++y) {
        const std::uint8_t* pa = a.ptr<std::uint8_t>(y);
        const std::uint8_t* pb = b.ptr<std::uint8_t>(y);
        long long* rowSums = sums.data() + std::size_t(y / tile) * std::size_t(grid);
        for (int tx = 0; tx < grid; ++tx) {
            // One tile row segment: at most 3*tile*255^2 < 2^31 for tiles up to 10,000 px.
            int s = 0;
            const std::uint8_t* xa = pa + tx * rowValues;
            const std::uint8_t* xb = pb + tx * rowValues;
            for (int k = 0; k < rowValues; ++k) {
                const int d = int(xa[k]) - int(xb[k]);
                s += d * d;
            }
            rowSums[tx] += s;
        }
    }
}

Expected<TiledL2> tiledL2Prepared(const cv::Mat& a, const cv::Mat& b, int grid) {
    if (Status s = checkPrepared(a, b, grid); !s) return s.error();
    const int tile = a.cols / grid;
    const double count = 3.0 * tile * tile;
    std::vector<double> meanSquares(std::size_t(grid) * std::size_t(grid), 0.0);
    if (a.type() == CV_8UC3) {
        std::vector<long long> sums;
        tileSquaredDifferenceSums(a, b, grid, sums);
        for (std::size_t t = 0; t < sums.size(); ++t) meanSquares[t] = double(sums[t]) / (count * 255.0 * 255.0);
    } else {
        for (int y = 0; y < a.rows; ++y) {
            const float* pa = a.ptr<float>(y);
            const float* pb = b.ptr<float>(y);
            for (int x = 0; x < a.cols * 3; ++x) {
                const double d = double(pa[x]) - double(pb[x]);
                meanSquares[std::size_t(y / tile) * std::size_t(grid) + std::size_t(x / (3 * tile))] += d * d;
            }
        }
        for (double& m : meanSquares) m /= count;
    }
    return finish(meanSquares, grid, a.cols);
}

Expected<TiledL2> tiledL2(const cv::Mat& a, const cv::Mat& b, const TiledL2Options& options) {
    if (a.empty() || b.empty()) return makeError("tiled l2: an image is empty");
    const int side = imaging::comparisonSide({a.size(), b.size()}, options.workingSize, options.grid);
    if (side == 0)
        return makeError("tiled l2: images of " + std::to_string(a.cols) + "x" + std::to_string(a.rows) + " and " +
                         std::to_string(b.cols) + "x" + std::to_string(b.rows) + " are too small for a " +
                         std::to_string(options.grid) + "x" + std::to_string(options.grid) + " grid");
    return tiledL2Prepared(imaging::prepareForComparison(a, side), imaging::prepareForComparison(b, side),
                           options.grid);
}

}  // namespace rs::metrics
