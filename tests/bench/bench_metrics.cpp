// Metrics benchmark (JSON lines): all-pairs tiled l2 for N generations at 512x512, with and
// without the exact low-resolution pruning, against a float GEMM measured in the same run;
// pHash throughput. Usage: bench_metrics [N] [threads]
#include "metrics/phash.h"
#include "metrics/tiled_l2_all_pairs.h"

#include "../metrics/test_images.h"

#include <torch/torch.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Float GEMM of the same shape as one tile's Gram matrix (N x d times d x N), best of 3.
double gemmGflops(int n, int d) {
    const torch::Tensor x = torch::rand({n, d});
    torch::Tensor g = torch::mm(x, x.t());
    double best = 1e30;
    for (int r = 0; r < 3; ++r) {
        const auto t0 = Clock::now();
        g = torch::mm(x, x.t());
        best = std::min(best, since(t0));
    }
    return 2.0 * n * double(n) * d / best / 1e9;
}
}  // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 500;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
    const int side = 512, grid = 4, cluster = 40;
    const int inUse = rs::metrics::setComputeThreads(threads);

    // N "generations": unrelated drawn scenes, plus a memorized cluster of near-copies of one
    // scene (JPEG q=90 and mild noise), as a memorized prompt would give.
    const auto tGen = Clock::now();
    std::vector<cv::Mat> images(static_cast<std::size_t>(n));
    const cv::Mat memorized = rs::test::drawScene(99999, side, side);
    for (int i = 0; i < n; ++i) {
        if (i < cluster) {
            cv::Mat noise(side, side, CV_16SC3), noisy;
            cv::randn(noise, 0, 3);
            memorized.convertTo(noisy, CV_16SC3);
            noisy += noise;
            noisy.convertTo(noisy, CV_8UC3);
            images[std::size_t(i)] = rs::test::jpegRoundTrip(noisy, 90);
        } else {
            images[std::size_t(i)] = rs::test::drawScene(unsigned(i), side, side);
        }
    }
    std::printf(
        "{\"bench\":\"setup\",\"n\":%d,\"side\":%d,\"grid\":%d,\"cluster\":%d,\"threads\":%d,\"seconds\":%.2f}\n", n,
        side, grid, cluster, inUse, since(tGen));

    const int tile = side / grid, d = 3 * tile * tile;
    std::printf("{\"bench\":\"float_gemm\",\"shape\":\"%dx%d*%dx%d\",\"gflops\":%.1f}\n", n, d, d, n, gemmGflops(n, d));
    std::printf("{\"bench\":\"float_gemm\",\"shape\":\"2048x2048*2048x2048\",\"gflops\":%.1f}\n",
                gemmGflops(2048, 2048));

    rs::metrics::AllPairsOptions options;
    options.grid = grid;
    options.threads = threads;
    std::set<std::pair<int, int>> sets[2];
    for (int prune = 0; prune < 2; ++prune) {
        options.prune = prune == 1;
        rs::metrics::AllPairsStats stats;
        const std::clock_t cpu0 = std::clock();
        auto edges = rs::metrics::tiledL2Edges(images, options, &stats);
        if (!edges) {
            std::printf("{\"bench\":\"tiled_l2_all_pairs\",\"error\":\"%s\"}\n", edges.message().c_str());
            return 1;
        }
        const double cpuSeconds = double(std::clock() - cpu0) / CLOCKS_PER_SEC;
        for (const auto& e : *edges) sets[prune].insert({e.i, e.j});
        std::printf(
            "{\"bench\":\"tiled_l2_all_pairs\",\"n\":%d,\"side\":%d,\"pruned\":%s,\"seconds\":%.3f,\"cpu_seconds\":%."
            "3f,\"low_res_seconds\":%.3f,"
            "\"pairs\":%lld,\"survivors\":%lld,\"exact_pairs\":%lld,\"gemm_rows\":%lld,\"gemm_gflop\":%.1f,"
            "\"achieved_gflops\":%.1f,\"edges\":%zu,\"target_seconds\":5}\n",
            n, side, prune ? "true" : "false", stats.seconds, cpuSeconds, stats.lowResSeconds, (long long)stats.pairs,
            (long long)stats.survivors, (long long)stats.exactPairs, (long long)stats.gemmRows, stats.gemmFlops / 1e9,
            stats.seconds > 0 ? stats.gemmFlops / 1e9 / stats.seconds : 0.0, edges->size());
    }
    std::printf("{\"bench\":\"tiled_l2_pruning_check\",\"identical_edge_sets\":%s}\n",
                sets[0] == sets[1] ? "true" : "false");

    const auto tHash = Clock::now();
    std::uint64_t sink = 0;
    for (const cv::Mat& img : images) sink ^= rs::metrics::perceptualHash(img);
    const double hashSeconds = since(tHash);
    std::printf("{\"bench\":\"phash\",\"side\":%d,\"images\":%d,\"images_per_second\":%.0f,\"checksum\":\"%s\"}\n",
                side, n, n / hashSeconds, rs::metrics::phashToHex(sink).c_str());
    return sets[0] == sets[1] ? 0 : 1;
}
