#pragma once
// Internal to core/diffusion: the UNet's down, middle and up blocks (diffusers'
// CrossAttnDownBlock2D / DownBlock2D, UNetMidBlock2DCrossAttn, CrossAttnUpBlock2D / UpBlock2D)
// and the time embedding. A block with cross-attention is the same class with attentions.
#include "diffusion/models/nn_blocks.h"

#include <optional>
#include <vector>

namespace rs::diffusion::detail {

struct BlockOptions {
    int64_t inChannels = 0;
    int64_t outChannels = 0;
    int64_t prevOutputChannels = 0;  // up blocks only
    int64_t tembChannels = 0;
    int64_t numLayers = 1;
    bool crossAttention = false;
    int64_t transformerLayers = 1;
    int64_t heads = 8;
    int64_t crossAttentionDim = 768;
    int64_t groups = 32;
    double eps = 1e-5;
    double outputScaleFactor = 1.0;
    bool useLinearProjection = false;
    bool upcastAttention = false;
    bool resample = false;  // add a downsampler / upsampler
    int64_t downsamplePadding = 1;
};

class UNetDownBlockImpl : public torch::nn::Module {
public:
    explicit UNetDownBlockImpl(const BlockOptions& o);
    // Appends the block's skip outputs (one per layer, plus the downsampled tensor) to `skips`.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb, const torch::Tensor& context,
                          std::vector<torch::Tensor>& skips);

private:
    std::vector<ResnetBlock2D> m_resnets;
    std::vector<Transformer2DModel> m_attentions;
    Downsample2D m_downsampler{nullptr};
};
TORCH_MODULE(UNetDownBlock);

class UNetMidBlockImpl : public torch::nn::Module {
public:
    explicit UNetMidBlockImpl(const BlockOptions& o);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb, const torch::Tensor& context);

private:
    std::vector<ResnetBlock2D> m_resnets;
    std::vector<Transformer2DModel> m_attentions;
};
TORCH_MODULE(UNetMidBlock);

class UNetUpBlockImpl : public torch::nn::Module {
public:
    explicit UNetUpBlockImpl(const BlockOptions& o);
    size_t numResnets() const { return m_resnets.size(); }
    // Consumes numResnets() tensors from the back of `skips`.
    torch::Tensor forward(const torch::Tensor& x, std::vector<torch::Tensor>& skips, const torch::Tensor& temb,
                          const torch::Tensor& context, const std::optional<std::vector<int64_t>>& upsampleSize);

private:
    std::vector<ResnetBlock2D> m_resnets;
    std::vector<Transformer2DModel> m_attentions;
    Upsample2D m_upsampler{nullptr};
};
TORCH_MODULE(UNetUpBlock);

// TimestepEmbedding: linear_1, SiLU, linear_2.
class TimestepEmbeddingImpl : public torch::nn::Module {
public:
    TimestepEmbeddingImpl(int64_t in, int64_t dim);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Linear m_linear1{nullptr}, m_linear2{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

}  // namespace rs::diffusion::detail
