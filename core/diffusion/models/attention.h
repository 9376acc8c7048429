#pragma once
// Multi-head scaled-dot-product attention used by every network here. With a libtorch >= 2.0
// it calls at::scaled_dot_product_attention (flash / memory-efficient kernels on CUDA); on older
// libtorch (Debian's 1.13) it runs a chunked implementation that splits the query tokens so the
// score matrix never exceeds a fixed budget (64x64 latents = 4096 tokens stay bounded).
#include <torch/types.h>

#include <cstdint>

namespace rs::diffusion {

enum class AttentionBackend {
    Auto,     // native when the libtorch has it, chunked otherwise
    Chunked,  // always the chunked implementation (reference / low memory)
    Native,   // at::scaled_dot_product_attention; falls back to Chunked where unavailable
};

bool nativeAttentionAvailable();

// Process-wide settings (atomic; meant to be set once at start-up or by benches/tests).
void setAttentionBackend(AttentionBackend backend);
AttentionBackend attentionBackend();
// Upper bound of the score matrix of one chunk, in bytes (default 64 MiB).
void setAttentionChunkBytes(int64_t bytes);
int64_t attentionChunkBytes();

// q [B, H, N, d], k and v [B, H, M, d] -> [B, H, N, d]; softmax(q kᵀ / √d) v.
// causal: query i attends to keys j <= i only (CLIP text encoder).
// upcast: scores and softmax in float32 even for fp16/bf16 inputs (diffusers' upcast_attention).
torch::Tensor multiHeadAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                 bool causal = false, bool upcast = false);

// The chunked implementation alone (for tests comparing the two paths).
torch::Tensor chunkedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal,
                               bool upcast, int64_t chunkBytes);

}  // namespace rs::diffusion
