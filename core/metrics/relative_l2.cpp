#include "metrics/relative_l2.h"

#include "imaging/image_ops.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace rs::metrics {
namespace {

// Rows of float pixels in [0,1] shifted by -0.5 (fewer cancellation errors in the products).
torch::Tensor flatten(const std::vector<cv::Mat>& images, int side) {
    const std::int64_t d = 3 * std::int64_t(side) * side;
    torch::Tensor x = torch::empty({std::int64_t(images.size()), d}, torch::kFloat);
    float* data = x.data_ptr<float>();
    at::parallel_for(0, std::int64_t(images.size()), 16, [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t i = b; i < e; ++i) {
            const cv::Mat prepared = imaging::prepareForComparison(images[std::size_t(i)], side);
            float* out = data + i * d;
            for (int y = 0; y < side; ++y) {
                const std::uint8_t* in = prepared.ptr<std::uint8_t>(y);
                for (int k = 0; k < 3 * side; ++k) *out++ = float(in[k]) / 255.0f - 0.5f;
            }
        }
    });
    return x;
}

double exactL2(const float* a, const float* b, std::int64_t d) {
    double s = 0;
    for (std::int64_t k = 0; k < d; ++k) {
        const double diff = double(a[k]) - double(b[k]);
        s += diff * diff;
    }
    return std::sqrt(s / double(d));
}

}  // namespace

Expected<std::vector<RelativeL2Result>> relativeL2(const std::vector<cv::Mat>& generations,
                                                   const std::vector<cv::Mat>& references,
                                                   const RelativeL2Options& options) {
    if (references.empty()) return makeError("relative l2: the reference set is empty");
    if (options.alpha <= 0 || options.neighbours < 1) return makeError("relative l2: alpha must be > 0 and n >= 1");
    std::vector<cv::Size> sizes;
    for (const auto* set : {&generations, &references})
        for (std::size_t i = 0; i < set->size(); ++i) {
            const cv::Mat& m = (*set)[i];
            if (m.empty() || m.type() != CV_8UC3)
                return makeError(std::string("relative l2: ") + (set == &generations ? "generation " : "reference ") +
                                 std::to_string(i) + " is empty or not an 8-bit colour image");
            sizes.push_back(m.size());
        }
    const int side = imaging::comparisonSide(sizes, options.workingSize, 1);
    if (side == 0) return makeError("relative l2: images are too small");
    std::vector<RelativeL2Result> results(generations.size());
    if (generations.empty()) return results;
    try {
        const torch::Tensor g = flatten(generations, side);
        const std::int64_t d = g.size(1);
        const std::int64_t nRef = std::int64_t(references.size());
        const std::int64_t k = std::min<std::int64_t>(options.neighbours, nRef);
        // Squared distances G x R in chunks of references (bounded memory for large sets).
        torch::Tensor dist2 = torch::empty({g.size(0), nRef}, torch::kFloat);
        const torch::Tensor gNorm = g.pow(2).sum(1, true);
        const std::int64_t chunk = std::max<std::int64_t>(1, (std::int64_t(1) << 28) / (4 * d));
        std::vector<torch::Tensor> refChunks;
        for (std::int64_t r0 = 0; r0 < nRef; r0 += chunk) {
            const std::int64_t r1 = std::min(nRef, r0 + chunk);
            const std::vector<cv::Mat> part(references.begin() + r0, references.begin() + r1);
            const torch::Tensor r = flatten(part, side);
            dist2.narrow(1, r0, r1 - r0)
                .copy_((gNorm + r.pow(2).sum(1).unsqueeze(0) - 2 * torch::mm(g, r.t())).clamp_min(0));
            if (nRef <= chunk) refChunks.push_back(r);
        }
        const auto top = torch::topk(dist2, k, 1, /*largest=*/false, /*sorted=*/true);
        const torch::Tensor idx = std::get<1>(top).contiguous();
        const std::int64_t* idxData = idx.data_ptr<std::int64_t>();
        const float* gData = g.data_ptr<float>();
        for (std::size_t i = 0; i < generations.size(); ++i) {
            RelativeL2Result& res = results[i];
            std::vector<std::pair<double, int>> near;
            for (std::int64_t j = 0; j < k; ++j) {
                const int ref = int(idxData[std::int64_t(i) * k + j]);
                torch::Tensor row =
                    refChunks.empty() ? flatten({references[std::size_t(ref)]}, side) : refChunks[0][ref];
                row = row.contiguous();
                near.emplace_back(exactL2(gData + std::int64_t(i) * d, row.data_ptr<float>(), d), ref);
            }
            std::sort(near.begin(), near.end());
            res.nearest = near.front().second;
            res.nearestDistance = near.front().first;
            res.neighboursUsed = int(k);
            res.meanNeighbourDistance =
                std::accumulate(near.begin(), near.end(), 0.0, [](double s, const auto& p) { return s + p.first; }) /
                double(k);
            const double denominator = options.alpha * res.meanNeighbourDistance;
            res.score =
                denominator > 0 ? res.nearestDistance / denominator : (res.nearestDistance > 0 ? HUGE_VAL : 0.0);
            res.extracted = res.score < options.threshold;
        }
    } catch (const std::exception& e) {
        return makeError(std::string("relative l2 failed: ") + e.what());
    }
    return results;
}

}  // namespace rs::metrics
