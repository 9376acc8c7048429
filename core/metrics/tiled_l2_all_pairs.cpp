#include "metrics/tiled_l2_all_pairs.h"

#include "metrics/tiled_l2.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace rs::metrics {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

Status checkSet(const std::vector<cv::Mat>& images, int grid) {
    if (images.empty()) return Status::success();
    const cv::Size size = images.front().size();
    if (grid < 1 || size.width != size.height || size.width % grid != 0 || size.width < grid)
        return makeError("tiled l2: working images must be squares divisible into a " + std::to_string(grid) + "x" +
                         std::to_string(grid) + " grid (got " + std::to_string(size.width) + "x" +
                         std::to_string(size.height) + ")");
    for (std::size_t i = 0; i < images.size(); ++i)
        if (images[i].size() != size || images[i].type() != CV_8UC3)
            return makeError("tiled l2: image " + std::to_string(i) + " is not an 8-bit 3-channel " +
                             std::to_string(size.width) + "x" + std::to_string(size.height) +
                             " working image like image 0");
    return Status::success();
}

// For every pair (i < j) of `rows` (indices into images), the maximum over tiles of the mean
// squared difference, via one Gram matrix per tile. Images are CV_8UC3 (scaled by 1/255) or
// CV_32FC3 already in [0,1]. Result: rows.size()^2, upper triangle filled.
std::vector<double> maxTileMeanSquares(const std::vector<cv::Mat>& images, const std::vector<int>& rows, int grid,
                                       double* flops) {
    const auto n = std::int64_t(rows.size());
    std::vector<double> best(std::size_t(n * n), 0.0);
    if (n < 2) return best;
    const cv::Mat& first = images[std::size_t(rows[0])];
    const bool isFloat = first.depth() == CV_32F;
    const int tile = first.cols / grid;
    const std::int64_t d = 3 * std::int64_t(tile) * tile;
    torch::Tensor x = torch::empty({n, d}, torch::kFloat);
    float* xData = x.data_ptr<float>();
    std::vector<double> norms(static_cast<std::size_t>(n));
    // Upper-triangular block products: with k row blocks, k(k+1)/2 of the k^2 products.
    const std::int64_t blocks = n >= 256 ? std::min<std::int64_t>(4, n / 128) : 1;
    const std::int64_t blockRows = (n + blocks - 1) / blocks;
    for (int ty = 0; ty < grid; ++ty)
        for (int tx = 0; tx < grid; ++tx) {
            // Pack the tile of every image as a row, shifted by -0.5 (same distances, smaller
            // norms, less cancellation), and sum its squared norm in double on the way.
            at::parallel_for(0, n, 8, [&](std::int64_t b, std::int64_t e) {
                for (std::int64_t r = b; r < e; ++r) {
                    const cv::Mat& img = images[std::size_t(rows[std::size_t(r)])];
                    float* out = xData + r * d;
                    double norm = 0;
                    for (int y = 0; y < tile; ++y, out += 3 * tile) {
                        float rowNorm = 0;
                        if (isFloat) {
                            const float* in = img.ptr<float>(ty * tile + y) + 3 * tx * tile;
                            for (int k = 0; k < 3 * tile; ++k) {
                                out[k] = in[k] - 0.5f;
                                rowNorm += out[k] * out[k];
                            }
                        } else {
                            const std::uint8_t* in = img.ptr<std::uint8_t>(ty * tile + y) + 3 * tx * tile;
                            for (int k = 0; k < 3 * tile; ++k) {
                                out[k] = float(in[k]) * (1.0f / 255.0f) - 0.5f;
                                rowNorm += out[k] * out[k];
                            }
                        }
                        norm += rowNorm;
                    }
                    norms[std::size_t(r)] = norm;
                }
            });
            for (std::int64_t bi = 0; bi < blocks; ++bi) {
                const std::int64_t i0 = bi * blockRows, iRows = std::min(blockRows, n - i0);
                if (iRows <= 0) continue;
                for (std::int64_t bj = bi; bj < blocks; ++bj) {
                    const std::int64_t j0 = bj * blockRows, jRows = std::min(blockRows, n - j0);
                    if (jRows <= 0) continue;
                    const torch::Tensor gram =
                        torch::mm(x.narrow(0, i0, iRows), x.narrow(0, j0, jRows).t()).contiguous();
                    if (flops) *flops += 2.0 * double(iRows) * double(jRows) * double(d);
                    const float* g = gram.data_ptr<float>();
                    for (std::int64_t a = 0; a < iRows; ++a)
                        for (std::int64_t b = (bi == bj ? a + 1 : 0); b < jRows; ++b) {
                            const std::int64_t i = i0 + a, j = j0 + b;
                            const double m =
                                (norms[std::size_t(i)] + norms[std::size_t(j)] - 2.0 * double(g[a * jRows + b])) /
                                double(d);
                            double& slot = best[std::size_t(i * n + j)];
                            if (m > slot) slot = m;  // negatives (rounding) stay clamped at 0
                        }
                }
            }
        }
    return best;
}

double exactDistance(const cv::Mat& a, const cv::Mat& b, int grid) {
    std::vector<long long> sums;
    tileSquaredDifferenceSums(a, b, grid, sums);
    const long long worst = *std::max_element(sums.begin(), sums.end());
    const double tile = double(a.cols / grid);
    return std::sqrt(double(worst) / (3.0 * tile * tile * 255.0 * 255.0));
}

// Decides the candidate pairs at full resolution and appends the edges.
void decidePairs(const std::vector<cv::Mat>& images, const std::vector<std::pair<int, int>>& pairs, int grid,
                 double threshold, std::vector<TiledL2Edge>& edges, AllPairsStats& stats) {
    std::vector<double> distance(pairs.size());
    at::parallel_for(0, std::int64_t(pairs.size()), 4, [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t k = b; k < e; ++k)
            distance[std::size_t(k)] = exactDistance(images[std::size_t(pairs[std::size_t(k)].first)],
                                                     images[std::size_t(pairs[std::size_t(k)].second)], grid);
    });
    stats.exactPairs += std::int64_t(pairs.size());
    for (std::size_t k = 0; k < pairs.size(); ++k)
        if (distance[k] <= threshold) edges.push_back({pairs[k].first, pairs[k].second, distance[k]});
}

// Gram-matrix decision over all pairs of `rows`, restricted to `wanted` pairs when given.
void gramPairs(const std::vector<cv::Mat>& images, const std::vector<int>& rows, int grid, double threshold,
               const std::vector<char>* wanted, std::vector<TiledL2Edge>& edges, AllPairsStats& stats) {
    const auto n = std::int64_t(rows.size());
    const std::vector<double> ms = maxTileMeanSquares(images, rows, grid, &stats.gemmFlops);
    stats.gemmRows += n;
    std::vector<std::pair<int, int>> borderline;
    const std::size_t total = images.size();
    for (std::int64_t a = 0; a < n; ++a)
        for (std::int64_t b = a + 1; b < n; ++b) {
            const int i = rows[std::size_t(a)], j = rows[std::size_t(b)];
            if (wanted && !(*wanted)[std::size_t(i) * total + std::size_t(j)]) continue;
            const double dist = std::sqrt(ms[std::size_t(a * n + b)]);
            if (dist > threshold + kDecisionBand) continue;
            if (dist < threshold - kDecisionBand && dist >= kExactBelow)
                edges.push_back({i, j, dist});
            else
                borderline.emplace_back(i, j);
        }
    decidePairs(images, borderline, grid, threshold, edges, stats);
}

int chooseFactor(int tile, int requested) {
    if (requested > 0) return tile % requested == 0 && requested < tile ? requested : 0;
    int f = tile / 16;
    while (f > 1 && tile % f != 0) --f;
    return f >= 2 ? f : 0;
}

}  // namespace

int setComputeThreads(int threads) {
    const int want = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
    if (torch::get_num_threads() != want) torch::set_num_threads(want);
    return torch::get_num_threads();
}

cv::Mat blockMeanDownsample(const cv::Mat& image, int factor) {
    const int w = image.cols / factor, h = image.rows / factor;
    cv::Mat out(h, w, CV_32FC3);
    const float scale = 1.0f / (255.0f * float(factor) * float(factor));
    std::vector<int> column(std::size_t(w) * std::size_t(factor) * 3);  // vertical sums of one block row
    for (int by = 0; by < h; ++by) {
        std::fill(column.begin(), column.end(), 0);
        for (int y = by * factor; y < (by + 1) * factor; ++y) {
            const std::uint8_t* in = image.ptr<std::uint8_t>(y);
            for (std::size_t k = 0; k < column.size(); ++k) column[k] += in[k];
        }
        float* o = out.ptr<float>(by);
        for (int bx = 0; bx < w; ++bx)
            for (int c = 0; c < 3; ++c) {
                int sum = 0;
                for (int k = 0; k < factor; ++k) sum += column[std::size_t((bx * factor + k) * 3 + c)];
                o[bx * 3 + c] = float(sum) * scale;
            }
    }
    return out;
}

Expected<std::vector<float>> tiledL2Matrix(const std::vector<cv::Mat>& images, int grid, int threads,
                                           AllPairsStats* stats) {
    if (Status s = checkSet(images, grid); !s) return s.error();
    const auto t0 = Clock::now();
    const int n = int(images.size());
    std::vector<float> out(std::size_t(n) * std::size_t(n), 0.0f);
    try {
        setComputeThreads(threads);
        std::vector<int> rows(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) rows[std::size_t(i)] = i;
        AllPairsStats local;
        const std::vector<double> ms = maxTileMeanSquares(images, rows, grid, &local.gemmFlops);
        std::vector<std::pair<int, int>> nearZero;
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                const double d = std::sqrt(ms[std::size_t(i) * n + j]);
                out[std::size_t(i) * n + j] = out[std::size_t(j) * n + i] = float(d);
                if (d < kExactBelow) nearZero.emplace_back(i, j);
            }
        at::parallel_for(0, std::int64_t(nearZero.size()), 4, [&](std::int64_t b, std::int64_t e) {
            for (std::int64_t k = b; k < e; ++k) {
                const auto [i, j] = nearZero[std::size_t(k)];
                out[std::size_t(i) * n + j] = out[std::size_t(j) * n + i] =
                    float(exactDistance(images[std::size_t(i)], images[std::size_t(j)], grid));
            }
        });
        local.exactPairs = std::int64_t(nearZero.size());
        local.pairs = std::int64_t(n) * (n - 1) / 2;
        local.survivors = local.pairs;
        local.gemmRows = n;
        local.seconds = since(t0);
        if (stats) *stats = local;
    } catch (const std::exception& e) {
        return makeError(std::string("tiled l2 all pairs failed: ") + e.what());
    }
    return out;
}

Expected<std::vector<TiledL2Edge>> tiledL2Edges(const std::vector<cv::Mat>& images, const AllPairsOptions& options,
                                                AllPairsStats* stats) {
    if (Status s = checkSet(images, options.grid); !s) return s.error();
    const auto t0 = Clock::now();
    AllPairsStats st;
    const int n = int(images.size());
    st.pairs = std::int64_t(n) * (n - 1) / 2;
    std::vector<TiledL2Edge> edges;
    try {
        setComputeThreads(options.threads);
        std::vector<int> all(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) all[std::size_t(i)] = i;
        const int tile = n > 0 ? images[0].cols / options.grid : 0;
        const int factor = options.prune ? chooseFactor(tile, options.pruneFactor) : 0;
        if (factor == 0 || n < 2) {
            st.survivors = st.pairs;
            gramPairs(images, all, options.grid, options.threshold, nullptr, edges, st);
        } else {
            const auto tLow = Clock::now();
            std::vector<cv::Mat> low(static_cast<std::size_t>(n));
            at::parallel_for(0, n, 8, [&](std::int64_t b, std::int64_t e) {
                for (std::int64_t i = b; i < e; ++i)
                    low[std::size_t(i)] = blockMeanDownsample(images[std::size_t(i)], factor);
            });
            double lowFlops = 0;
            const std::vector<double> bound = maxTileMeanSquares(low, all, options.grid, &lowFlops);
            std::vector<std::pair<int, int>> candidates;
            std::vector<char> involved(std::size_t(n), 0);
            for (int i = 0; i < n; ++i)
                for (int j = i + 1; j < n; ++j)
                    if (std::sqrt(bound[std::size_t(i) * n + j]) <= options.threshold + kDecisionBand) {
                        candidates.emplace_back(i, j);
                        involved[std::size_t(i)] = involved[std::size_t(j)] = 1;
                    }
            st.lowResSeconds = since(tLow);
            st.survivors = std::int64_t(candidates.size());
            std::vector<int> rows;
            for (int i = 0; i < n; ++i)
                if (involved[std::size_t(i)]) rows.push_back(i);
            // Exact sums stream both images from memory per pair; a Gram matrix over the
            // involved rows costs about as much per row pair but reuses cached tiles. Use it
            // when the survivors are a large share of those row pairs.
            const double rowPairs = double(rows.size()) * double(rows.size() - (rows.empty() ? 0 : 1)) / 2.0;
            if (double(candidates.size()) > 0.25 * rowPairs && rows.size() >= 32) {
                std::vector<char> wanted(std::size_t(n) * std::size_t(n), 0);
                for (const auto& [i, j] : candidates) wanted[std::size_t(i) * std::size_t(n) + std::size_t(j)] = 1;
                gramPairs(images, rows, options.grid, options.threshold, &wanted, edges, st);
            } else {
                decidePairs(images, candidates, options.grid, options.threshold, edges, st);
            }
        }
    } catch (const std::exception& e) {
        return makeError(std::string("tiled l2 all pairs failed: ") + e.what());
    }
    std::sort(edges.begin(), edges.end(),
              [](const TiledL2Edge& a, const TiledL2Edge& b) { return a.i != b.i ? a.i < b.i : a.j < b.j; });
    st.seconds = since(t0);
    if (stats) *stats = st;
    return edges;
}

}  // namespace rs::metrics
