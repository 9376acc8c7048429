#pragma once
// Internal to core/diffusion: diffusers' building blocks shared by the UNet and the VAE, each
// registering its submodules under diffusers' names (norm1, conv1, time_emb_proj, to_q,
// to_out.0, ff.net.0.proj, ...). Forward passes follow diffusers' code line by line.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <optional>
#include <vector>

namespace rs::diffusion::detail {

// Conv2d with diffusers' padding for odd kernels ((k - 1) / 2) unless given.
torch::nn::Conv2d makeConv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = -1);
torch::nn::GroupNorm makeGroupNorm(int64_t groups, int64_t channels, double eps);
torch::nn::Linear makeLinear(int64_t in, int64_t out, bool bias = true);

// ResnetBlock2D with time_embedding_norm "default" and SiLU. tembChannels 0: no time_emb_proj (VAE).
class ResnetBlock2DImpl : public torch::nn::Module {
public:
    ResnetBlock2DImpl(int64_t in, int64_t out, int64_t tembChannels, int64_t groups, double eps,
                      double outputScaleFactor = 1.0);
    // temb: [B, tembChannels] or undefined.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb);

private:
    torch::nn::GroupNorm m_norm1{nullptr}, m_norm2{nullptr};
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_convShortcut{nullptr};
    torch::nn::Linear m_timeEmbProj{nullptr};
    double m_outputScaleFactor;
};
TORCH_MODULE(ResnetBlock2D);

// Downsample2D(use_conv=True): 3x3 stride-2 "conv"; padding 0 pads right/bottom by one first.
class Downsample2DImpl : public torch::nn::Module {
public:
    Downsample2DImpl(int64_t channels, int64_t padding);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d m_conv{nullptr};
    int64_t m_padding;
};
TORCH_MODULE(Downsample2D);

// Upsample2D(use_conv=True): nearest x2 (or to outputSize) then 3x3 "conv".
class Upsample2DImpl : public torch::nn::Module {
public:
    explicit Upsample2DImpl(int64_t channels);
    torch::Tensor forward(const torch::Tensor& x, const std::optional<std::vector<int64_t>>& outputSize = std::nullopt);

private:
    torch::nn::Conv2d m_conv{nullptr};
};
TORCH_MODULE(Upsample2D);

// diffusers' Attention: to_q, to_k, to_v, to_out.0, optional group_norm (VAE mid block).
struct AttentionOptions {
    int64_t queryDim = 0;
    int64_t crossAttentionDim = 0;  // 0: self-attention
    int64_t heads = 1;
    int64_t dimHead = 64;
    bool bias = false;       // to_q/k/v bias
    bool upcast = false;     // upcast_attention
    int64_t normGroups = 0;  // > 0: group_norm over channels before the projections
    double normEps = 1e-5;
    bool residual = false;  // residual_connection
};

class AttentionImpl : public torch::nn::Module {
public:
    explicit AttentionImpl(const AttentionOptions& options);
    // x [B, N, queryDim]; context [B, M, crossAttentionDim] or undefined for self-attention.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {});
    // x [B, C, H, W]: group_norm, attention over the H·W positions, residual (VAE mid block).
    torch::Tensor forwardSpatial(const torch::Tensor& x);

private:
    AttentionOptions m_options;
    torch::nn::GroupNorm m_groupNorm{nullptr};
    torch::nn::Linear m_toQ{nullptr}, m_toK{nullptr}, m_toV{nullptr}, m_toOut{nullptr};
};
TORCH_MODULE(Attention);

// GEGLU feed-forward: ff.net.0.proj (dim -> 2·inner), x·gelu(gate), ff.net.2 (inner -> dim).
class FeedForwardImpl : public torch::nn::Module {
public:
    FeedForwardImpl(int64_t dim, int64_t mult = 4);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Linear m_proj{nullptr}, m_out{nullptr};
};
TORCH_MODULE(FeedForward);

// x·gelu(gate) for the two halves of the last dimension (GEGLU's activation, exposed for tests).
torch::Tensor geglu(const torch::Tensor& projected);

class BasicTransformerBlockImpl : public torch::nn::Module {
public:
    BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t dimHead, int64_t crossAttentionDim, bool upcast);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);

private:
    torch::nn::LayerNorm m_norm1{nullptr}, m_norm2{nullptr}, m_norm3{nullptr};
    Attention m_attn1{nullptr}, m_attn2{nullptr};
    FeedForward m_ff{nullptr};
};
TORCH_MODULE(BasicTransformerBlock);

// Transformer2DModel over continuous inputs: GroupNorm (eps 1e-6), proj_in (1x1 conv or linear),
// transformer_blocks, proj_out, residual.
struct Transformer2DOptions {
    int64_t heads = 8;
    int64_t dimHead = 40;
    int64_t inChannels = 320;
    int64_t numLayers = 1;
    int64_t crossAttentionDim = 768;
    int64_t normGroups = 32;
    bool useLinearProjection = false;
    bool upcast = false;
};

class Transformer2DModelImpl : public torch::nn::Module {
public:
    explicit Transformer2DModelImpl(const Transformer2DOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);

private:
    Transformer2DOptions m_options;
    torch::nn::GroupNorm m_norm{nullptr};
    torch::nn::Conv2d m_convIn{nullptr}, m_convOut{nullptr};
    torch::nn::Linear m_linearIn{nullptr}, m_linearOut{nullptr};
    std::vector<BasicTransformerBlock> m_blocks;
};
TORCH_MODULE(Transformer2DModel);

}  // namespace rs::diffusion::detail
