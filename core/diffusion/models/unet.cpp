// diffusers' UNet2DConditionModel (models/unets/unet_2d_condition.py) for the configurations
// parseUNetConfig accepts.
#include "diffusion/models/unet.h"

#include "diffusion/models/unet_blocks.h"

#include <torch/nn/modules/container/modulelist.h>

#include <cmath>

namespace rs::diffusion {

torch::Tensor timestepEmbedding(const torch::Tensor& timesteps, int64_t dim, bool flipSinToCos, double freqShift,
                                double scale, double maxPeriod) {
    TORCH_CHECK(timesteps.dim() == 1, "timestep embedding: timesteps must be one-dimensional");
    const int64_t half = dim / 2;
    auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(timesteps.device());
    // same operation order and precision as diffusers' get_timestep_embedding
    auto exponent = -std::log(maxPeriod) * torch::arange(0, half, f32);
    exponent = exponent / (double(half) - freqShift);
    auto emb = torch::exp(exponent);
    emb = timesteps.unsqueeze(1).to(torch::kFloat32) * emb.unsqueeze(0);
    emb = scale * emb;
    emb = torch::cat({torch::sin(emb), torch::cos(emb)}, -1);
    if (flipSinToCos) emb = torch::cat({emb.slice(1, half), emb.slice(1, 0, half)}, -1);
    if (dim % 2 == 1) emb = torch::cat({emb, torch::zeros({emb.size(0), 1}, f32)}, -1);
    return emb;
}

struct UNet2DConditionModelImpl::Parts {
    torch::nn::Conv2d convIn{nullptr}, convOut{nullptr};
    detail::TimestepEmbedding timeEmbedding{nullptr};
    std::vector<detail::UNetDownBlock> down;
    detail::UNetMidBlock mid{nullptr};
    std::vector<detail::UNetUpBlock> up;
    torch::nn::GroupNorm convNormOut{nullptr};
    int numUpsamplers = 0;
};

UNet2DConditionModelImpl::UNet2DConditionModelImpl(const UNetConfig& c) : m_config(c), m_parts(new Parts) {
    auto& p = *m_parts;
    const auto& ch = c.blockOutChannels;
    const size_t n = ch.size();
    const int64_t temb = c.timeEmbedDim();

    p.convIn = register_module("conv_in", detail::makeConv(c.inChannels, ch[0], c.convInKernel));
    p.timeEmbedding = register_module("time_embedding", detail::TimestepEmbedding(ch[0], temb));

    auto common = [&](size_t block) {
        detail::BlockOptions o;
        o.tembChannels = temb;
        o.groups = c.normNumGroups;
        o.eps = c.normEps;
        o.useLinearProjection = c.useLinearProjection;
        o.upcastAttention = c.upcastAttention;
        o.transformerLayers = c.transformerLayersPerBlock[block];
        o.heads = c.numAttentionHeads[block];
        o.crossAttentionDim = c.crossAttentionDim[block];
        return o;
    };

    torch::nn::ModuleList downList;
    int64_t output = ch[0];
    for (size_t i = 0; i < n; ++i) {
        auto o = common(i);
        o.inChannels = output;
        output = ch[i];
        o.outChannels = output;
        o.numLayers = c.layersPerBlock[i];
        o.crossAttention = c.downBlockTypes[i] == "CrossAttnDownBlock2D";
        o.resample = i + 1 != n;
        o.downsamplePadding = c.downsamplePadding;
        p.down.emplace_back(o);
        downList->push_back(p.down.back());
    }
    register_module("down_blocks", downList);

    {
        auto o = common(n - 1);
        o.inChannels = ch[n - 1];
        o.outputScaleFactor = c.midBlockScaleFactor;
        o.crossAttention = true;
        p.mid = register_module("mid_block", detail::UNetMidBlock(o));
    }

    // up blocks use the per-block settings reversed (diffusers' reversed_* lists)
    torch::nn::ModuleList upList;
    output = ch[n - 1];
    for (size_t i = 0; i < n; ++i) {
        const size_t rev = n - 1 - i;
        auto o = common(rev);
        o.prevOutputChannels = output;
        output = ch[rev];
        o.outChannels = output;
        o.inChannels = ch[n - 1 - std::min(i + 1, n - 1)];
        o.numLayers = c.layersPerBlock[rev] + 1;
        o.crossAttention = c.upBlockTypes[i] == "CrossAttnUpBlock2D";
        o.resample = i + 1 != n;
        if (o.resample) ++p.numUpsamplers;
        p.up.emplace_back(o);
        upList->push_back(p.up.back());
    }
    register_module("up_blocks", upList);

    p.convNormOut = register_module("conv_norm_out", detail::makeGroupNorm(c.normNumGroups, ch[0], c.normEps));
    p.convOut = register_module("conv_out", detail::makeConv(ch[0], c.outChannels, c.convOutKernel));
}

UNet2DConditionModelImpl::~UNet2DConditionModelImpl() = default;

torch::Tensor UNet2DConditionModelImpl::forward(const torch::Tensor& sampleIn, const torch::Tensor& timesteps,
                                                const torch::Tensor& encoderHiddenStates) {
    auto& p = *m_parts;
    TORCH_CHECK(sampleIn.dim() == 4 && sampleIn.size(1) == m_config.inChannels, "UNet: sample must be [B, ",
                m_config.inChannels, ", H, W], got ", sampleIn.sizes());
    TORCH_CHECK(encoderHiddenStates.dim() == 3 && encoderHiddenStates.size(0) == sampleIn.size(0) &&
                    encoderHiddenStates.size(2) == m_config.crossAttentionDim[0],
                "UNet: encoder hidden states must be [", sampleIn.size(0), ", S, ", m_config.crossAttentionDim[0],
                "], got ", encoderHiddenStates.sizes());
    const int64_t batch = sampleIn.size(0);

    // upsampling follows the skip sizes when H or W is not a multiple of 2^upsamplers
    const int64_t factor = int64_t(1) << p.numUpsamplers;
    const bool forwardUpsampleSize = sampleIn.size(2) % factor != 0 || sampleIn.size(3) % factor != 0;

    auto sample = sampleIn;
    if (m_config.centerInputSample) sample = 2 * sample - 1.0;

    auto t = timesteps.to(sample.device());
    if (t.dim() == 0) t = t.unsqueeze(0);
    TORCH_CHECK(t.dim() == 1 && (t.size(0) == 1 || t.size(0) == batch), "UNet: timesteps must be a scalar or [", batch,
                "], got ", timesteps.sizes());
    t = t.expand({batch});
    auto tEmb = timestepEmbedding(t, m_config.blockOutChannels[0], m_config.flipSinToCos, m_config.freqShift)
                    .to(sample.scalar_type());
    auto emb = p.timeEmbedding(tEmb);

    auto context = encoderHiddenStates.to(sample.scalar_type());
    sample = p.convIn(sample);
    std::vector<torch::Tensor> skips{sample};
    for (auto& block : p.down) sample = block(sample, emb, context, skips);
    sample = p.mid(sample, emb, context);

    for (size_t i = 0; i < p.up.size(); ++i) {
        auto& block = p.up[i];
        std::optional<std::vector<int64_t>> upsampleSize;
        const bool isFinal = i + 1 == p.up.size();
        if (!isFinal && forwardUpsampleSize) {
            // the skip that will remain on top once this block has taken its own
            const auto& next = skips[skips.size() - 1 - block->numResnets()];
            upsampleSize = std::vector<int64_t>{next.size(2), next.size(3)};
        }
        sample = block(sample, skips, emb, context, upsampleSize);
    }
    sample = torch::silu(p.convNormOut(sample));
    return p.convOut(sample);
}

}  // namespace rs::diffusion
