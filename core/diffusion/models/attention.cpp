// Scaled-dot-product attention: libtorch's fused kernel where it exists (>= 2.0), otherwise a
// query-chunked version whose score matrix stays under a byte budget.
#include "diffusion/models/attention.h"

#include <torch/version.h>

#include <ATen/ATen.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#if defined(TORCH_VERSION_MAJOR) && TORCH_VERSION_MAJOR >= 2
#define RS_HAVE_NATIVE_SDPA 1
#else
#define RS_HAVE_NATIVE_SDPA 0
#endif

namespace rs::diffusion {
namespace {
std::atomic<int> g_backend{int(AttentionBackend::Auto)};
std::atomic<int64_t> g_chunkBytes{int64_t(64) << 20};
}  // namespace

bool nativeAttentionAvailable() { return RS_HAVE_NATIVE_SDPA != 0; }

void setAttentionBackend(AttentionBackend backend) { g_backend = int(backend); }
AttentionBackend attentionBackend() { return AttentionBackend(g_backend.load()); }
void setAttentionChunkBytes(int64_t bytes) { g_chunkBytes = std::max<int64_t>(bytes, 1); }
int64_t attentionChunkBytes() { return g_chunkBytes.load(); }

torch::Tensor chunkedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal,
                               bool upcast, int64_t chunkBytes) {
    TORCH_CHECK(q.dim() == 4 && k.dim() == 4 && v.dim() == 4, "attention expects [B, H, N, d] tensors");
    const int64_t b = q.size(0), h = q.size(1), n = q.size(2), d = q.size(3), m = k.size(2);
    const auto outType = q.scalar_type();
    const bool lowPrecision = outType == torch::kHalf || outType == torch::kBFloat16;
    const auto computeType = (upcast && lowPrecision) ? torch::kFloat32 : outType;
    const double scale = 1.0 / std::sqrt(double(d));

    auto q3 = q.reshape({b * h, n, d}).to(computeType);
    auto kT = k.reshape({b * h, m, d}).to(computeType).transpose(1, 2);
    auto v3 = v.reshape({b * h, m, v.size(3)});

    const int64_t rowBytes = std::max<int64_t>(1, b * h * m * int64_t(c10::elementSize(computeType)));
    const int64_t chunk = std::clamp<int64_t>(chunkBytes / rowBytes, 1, std::max<int64_t>(n, 1));
    auto out = torch::empty({b * h, n, v.size(3)}, v3.options());
    for (int64_t start = 0; start < n; start += chunk) {
        const int64_t end = std::min(n, start + chunk);
        // (not baddbmm with beta 0 on an empty tensor: libtorch 1.13's CPU kernel still reads it,
        // so NaNs left in reused memory leaked into the scores)
        auto scores = torch::bmm(q3.slice(1, start, end), kT).mul_(scale);
        if (causal) {
            // key j is hidden from query i when j > i
            auto rows = torch::arange(start, end, torch::TensorOptions().dtype(torch::kLong).device(q.device()));
            auto cols = torch::arange(m, torch::TensorOptions().dtype(torch::kLong).device(q.device()));
            auto hidden = cols.unsqueeze(0) > rows.unsqueeze(1);
            scores.masked_fill_(hidden.unsqueeze(0), -std::numeric_limits<float>::infinity());
        }
        auto probs = scores.softmax(-1).to(v3.scalar_type());
        out.slice(1, start, end).copy_(torch::bmm(probs, v3));
    }
    return out.view({b, h, n, v.size(3)});
}

torch::Tensor multiHeadAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal,
                                 bool upcast) {
#if RS_HAVE_NATIVE_SDPA
    if (attentionBackend() != AttentionBackend::Chunked) {
        // As diffusers' AttnProcessor2_0: the fused kernels accumulate in float32 themselves,
        // so upcast_attention needs no extra cast here.
        (void)upcast;
        return at::scaled_dot_product_attention(q, k, v, {}, 0.0, causal);
    }
#endif
    return chunkedAttention(q, k, v, causal, upcast, attentionChunkBytes());
}

}  // namespace rs::diffusion
