#pragma once
// Tiled l2 distance (Carlini et al. 2023, section 4.2): images in [0,1], compared at a working
// size S x S split into a T x T grid of non-overlapping tiles at the same positions; per tile
// the root-mean-square difference over the tile's pixels and RGB channels,
//     d_t = sqrt( sum_{p in tile t, c} (a_pc - b_pc)^2 / (3 |t|) ),
// and the distance is the MAXIMUM over tiles. Defaults S = 512, T = 4 (128-px tiles); images
// smaller than S are compared at their own size (image_ops.h, "comparison geometry").
// Two generations are "the same image" if the distance is <= 0.15 (Carlini's threshold).
//
// On 8-bit inputs the sums are computed in integers, so this direct definition is exact; the
// all-pairs code (tiled_l2_all_pairs.h) is checked against it.
#include "base/expected.h"

#include <opencv2/core.hpp>

#include <vector>

namespace rs::metrics {

constexpr double kTiledL2Threshold = 0.15;

struct TiledL2Options {
    int workingSize = 512;  // S; lowered to the smaller image's shorter side
    int grid = 4;           // T
};

struct TiledL2 {
    double distance = 0;        // max over tiles
    int grid = 0;               // T
    int workingSize = 0;        // S actually used
    std::vector<double> tiles;  // T*T per-tile RMS, row-major: tile (row r, column c) at r*T + c
    int worstTile = 0;          // index of the maximum
};

// Direct definition on two images already at the working size: same size, square, side a
// multiple of grid; CV_8UC3 (exact, integer sums) or CV_32FC3 in [0,1].
Expected<TiledL2> tiledL2Prepared(const cv::Mat& a, const cv::Mat& b, int grid);

// Applies the comparison geometry (centre square, area resize to the common working size) to
// two canonical BGR images of any size, then the direct definition.
Expected<TiledL2> tiledL2(const cv::Mat& a, const cv::Mat& b, const TiledL2Options& options = {});

// Exact per-tile sums of squared 8-bit differences (units of 1/255^2), for callers that need
// the raw numbers (the all-pairs decision near the threshold). Images CV_8UC3, same size,
// side a multiple of grid. `sums` gets grid*grid values.
void tileSquaredDifferenceSums(const cv::Mat& a, const cv::Mat& b, int grid, std::vector<long long>& sums);

}  // namespace rs::metrics
