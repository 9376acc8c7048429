#pragma once
// Tiled l2 between all pairs of N images (one prompt's generations) with matrix products.
//
// Per tile t, with x_i the tile of image i flattened to d = 3*tile^2 floats,
//     ||x_i - x_j||^2 = ||x_i||^2 + ||x_j||^2 - 2 x_i.x_j,
// so the N x N squared distances of one tile are one Gram matrix X X^T (BLAS sgemm through
// libtorch) plus the norms. For accuracy the columns are centred first (distances do not
// change; the cancellation does), norms are summed in double and negatives clamped to 0.
//
// Edge decisions are exact: a float result within kDecisionBand of the threshold is
// re-decided by the exact integer definition (tiled_l2.h), so the edge set equals the one the
// direct definition gives; distances below kExactBelow are recomputed exactly as well.
//
// Exact pruning: box-downsampling by an integer factor f that divides the tile size replaces
// each f x f block by its mean; per tile, the RMS of the block-mean differences is <= the RMS
// of the pixel differences (Jensen: mean(diff)^2 <= mean(diff^2)), so the tiled l2 at low
// resolution is a LOWER BOUND of the full one. Pairs whose bound exceeds the threshold are
// rejected; only survivors are computed at full resolution (exact integer sums when they are
// few, the Gram matrices of the images involved when they are many). The edge set is the
// same as without pruning.
#include "base/expected.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace rs::metrics {

// Float results closer than this to the threshold (in distance units) are re-decided exactly.
constexpr double kDecisionBand = 1e-3;
// Below this, sqrt amplifies the float rounding of the Gram identity (identical images would
// read ~1e-4), so such pairs are recomputed exactly: identical images give exactly 0.
constexpr double kExactBelow = 5e-3;

struct TiledL2Edge {
    int i = 0, j = 0;     // i < j, indices into the input vector
    double distance = 0;  // max over tiles
};

struct AllPairsOptions {
    int grid = 4;             // T
    double threshold = 0.15;  // edge if distance <= threshold
    bool prune = true;        // low-resolution lower bound first
    int pruneFactor = 0;      // 0: tile/16 (8 for 128-px tiles); must divide the tile size
    int threads = 0;          // 0: all cores (torch::set_num_threads); else that many
};

struct AllPairsStats {
    std::int64_t pairs = 0;       // N(N-1)/2
    std::int64_t survivors = 0;   // pairs the lower bound could not reject (pairs if no pruning)
    std::int64_t exactPairs = 0;  // pairs decided by exact integer sums
    std::int64_t gemmRows = 0;    // images in full-resolution Gram matrices
    double gemmFlops = 0;         // multiply-adds x 2 in all Gram matrices
    double seconds = 0;
    double lowResSeconds = 0;
};

// N x N matrix (row-major, float) of tiled l2 distances between prepared images: all the same
// square size, side divisible by grid, CV_8UC3. Diagonal 0.
Expected<std::vector<float>> tiledL2Matrix(const std::vector<cv::Mat>& images, int grid = 4, int threads = 0,
                                           AllPairsStats* stats = nullptr);

// Pairs (i < j) with tiled l2 <= options.threshold, sorted by (i, j).
Expected<std::vector<TiledL2Edge>> tiledL2Edges(const std::vector<cv::Mat>& images, const AllPairsOptions& options = {},
                                                AllPairsStats* stats = nullptr);

// Box-downsampling by an integer factor (block means), float RGB in [0,1]; the lower-bound
// images. Exposed for tests.
cv::Mat blockMeanDownsample(const cv::Mat& image8u, int factor);

// Sets libtorch's intra-op threads (0: all cores) and returns the number in force.
int setComputeThreads(int threads);

}  // namespace rs::metrics
