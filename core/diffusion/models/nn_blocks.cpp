// diffusers' ResnetBlock2D, Downsample2D, Upsample2D, Attention, FeedForward(GEGLU),
// BasicTransformerBlock and Transformer2DModel (models/resnet.py, downsampling.py,
// upsampling.py, attention_processor.py, attention.py, transformers/transformer_2d.py).
#include "diffusion/models/nn_blocks.h"

#include "diffusion/models/attention.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/padding.h>
#include <torch/nn/functional/upsampling.h>
#include <torch/nn/modules/dropout.h>

#include <cmath>

namespace rs::diffusion::detail {

namespace F = torch::nn::functional;

torch::nn::Conv2d makeConv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding) {
    if (padding < 0) padding = (kernel - 1) / 2;
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding));
}

torch::nn::GroupNorm makeGroupNorm(int64_t groups, int64_t channels, double eps) {
    return torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(eps).affine(true));
}

torch::nn::Linear makeLinear(int64_t in, int64_t out, bool bias) {
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias));
}

// ---------------------------------------------------------------- ResnetBlock2D

ResnetBlock2DImpl::ResnetBlock2DImpl(int64_t in, int64_t out, int64_t tembChannels, int64_t groups, double eps,
                                     double outputScaleFactor)
    : m_outputScaleFactor(outputScaleFactor) {
    m_norm1 = register_module("norm1", makeGroupNorm(groups, in, eps));
    m_conv1 = register_module("conv1", makeConv(in, out, 3));
    if (tembChannels > 0) m_timeEmbProj = register_module("time_emb_proj", makeLinear(tembChannels, out));
    m_norm2 = register_module("norm2", makeGroupNorm(groups, out, eps));
    m_conv2 = register_module("conv2", makeConv(out, out, 3));
    if (in != out) m_convShortcut = register_module("conv_shortcut", makeConv(in, out, 1, 1, 0));
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x, const torch::Tensor& temb) {
    auto h = torch::silu(m_norm1(x));
    h = m_conv1(h);
    if (m_timeEmbProj && temb.defined()) {
        auto t = m_timeEmbProj(torch::silu(temb));
        h = h + t.unsqueeze(-1).unsqueeze(-1);
    }
    h = torch::silu(m_norm2(h));
    h = m_conv2(h);
    auto shortcut = m_convShortcut ? m_convShortcut(x) : x;
    auto outTensor = shortcut + h;
    if (m_outputScaleFactor != 1.0) outTensor = outTensor / m_outputScaleFactor;
    return outTensor;
}

// ---------------------------------------------------------------- Down / Upsample2D

Downsample2DImpl::Downsample2DImpl(int64_t channels, int64_t padding) : m_padding(padding) {
    m_conv = register_module("conv", makeConv(channels, channels, 3, 2, padding));
}

torch::Tensor Downsample2DImpl::forward(const torch::Tensor& x) {
    if (m_padding == 0) return m_conv(F::pad(x, F::PadFuncOptions({0, 1, 0, 1}).mode(torch::kConstant).value(0)));
    return m_conv(x);
}

Upsample2DImpl::Upsample2DImpl(int64_t channels) { m_conv = register_module("conv", makeConv(channels, channels, 3)); }

torch::Tensor Upsample2DImpl::forward(const torch::Tensor& x, const std::optional<std::vector<int64_t>>& outputSize) {
    auto h = x;
    // nearest upsampling has no bfloat16 kernel in older libtorch (diffusers casts the same way)
    const auto dtype = h.scalar_type();
    if (dtype == torch::kBFloat16) h = h.to(torch::kFloat32);
    if (h.size(0) >= 64) h = h.contiguous();
    auto opts = F::InterpolateFuncOptions().mode(torch::kNearest);
    if (outputSize)
        opts.size(*outputSize);
    else
        opts.scale_factor(std::vector<double>{2.0, 2.0});
    h = F::interpolate(h, opts);
    if (dtype == torch::kBFloat16) h = h.to(dtype);
    return m_conv(h);
}

// ---------------------------------------------------------------- Attention

AttentionImpl::AttentionImpl(const AttentionOptions& options) : m_options(options) {
    const int64_t inner = options.heads * options.dimHead;
    const int64_t kvDim = options.crossAttentionDim > 0 ? options.crossAttentionDim : options.queryDim;
    if (options.normGroups > 0)
        m_groupNorm =
            register_module("group_norm", makeGroupNorm(options.normGroups, options.queryDim, options.normEps));
    m_toQ = register_module("to_q", makeLinear(options.queryDim, inner, options.bias));
    m_toK = register_module("to_k", makeLinear(kvDim, inner, options.bias));
    m_toV = register_module("to_v", makeLinear(kvDim, inner, options.bias));
    torch::nn::ModuleList toOut;
    m_toOut = makeLinear(inner, options.queryDim, true);
    toOut->push_back(m_toOut);
    register_module("to_out", toOut);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
    const auto& kv = context.defined() ? context : x;
    const int64_t b = x.size(0), n = x.size(1), m = kv.size(1);
    const int64_t heads = m_options.heads, d = m_options.dimHead;
    auto q = m_toQ(x).view({b, n, heads, d}).transpose(1, 2);
    auto k = m_toK(kv).view({b, m, heads, d}).transpose(1, 2);
    auto v = m_toV(kv).view({b, m, heads, d}).transpose(1, 2);
    auto o = multiHeadAttention(q, k, v, false, m_options.upcast);
    o = o.transpose(1, 2).reshape({b, n, heads * d});
    return m_toOut(o);
}

torch::Tensor AttentionImpl::forwardSpatial(const torch::Tensor& x) {
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    auto hidden = m_groupNorm ? m_groupNorm(x) : x;
    hidden = hidden.view({b, c, h * w}).transpose(1, 2);
    hidden = forward(hidden);
    hidden = hidden.transpose(-1, -2).reshape({b, c, h, w});
    if (m_options.residual) hidden = hidden + x;
    return hidden;  // rescale_output_factor is 1 in every AutoencoderKL
}

// ---------------------------------------------------------------- FeedForward (GEGLU)

namespace {
// GEGLU: its only parameter is "proj", so that FeedForward's names are net.0.proj / net.2.
class GegluImpl : public torch::nn::Module {
public:
    GegluImpl(int64_t in, int64_t out) { proj = register_module("proj", makeLinear(in, out * 2)); }
    torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(Geglu);
}  // namespace

torch::Tensor geglu(const torch::Tensor& projected) {
    auto parts = projected.chunk(2, -1);
    return parts[0] * torch::gelu(parts[1]);
}

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t mult) {
    const int64_t inner = dim * mult;
    Geglu act(dim, inner);
    m_proj = act->proj;
    m_out = makeLinear(inner, dim);
    torch::nn::ModuleList net;
    net->push_back(act);
    net->push_back(torch::nn::Dropout(0.0));  // net.1, parameter-free
    net->push_back(m_out);
    register_module("net", net);
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) { return m_out(geglu(m_proj(x))); }

// ---------------------------------------------------------------- BasicTransformerBlock

BasicTransformerBlockImpl::BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t dimHead,
                                                     int64_t crossAttentionDim, bool upcast) {
    auto ln = [&] {
        return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-5).elementwise_affine(true));
    };
    AttentionOptions self;
    self.queryDim = dim;
    self.heads = heads;
    self.dimHead = dimHead;
    self.upcast = upcast;
    AttentionOptions cross = self;
    cross.crossAttentionDim = crossAttentionDim;
    m_norm1 = register_module("norm1", ln());
    m_attn1 = register_module("attn1", Attention(self));
    m_norm2 = register_module("norm2", ln());
    m_attn2 = register_module("attn2", Attention(cross));
    m_norm3 = register_module("norm3", ln());
    m_ff = register_module("ff", FeedForward(dim));
}

torch::Tensor BasicTransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
    auto h = m_attn1(m_norm1(x)) + x;
    h = m_attn2(m_norm2(h), context) + h;
    return m_ff(m_norm3(h)) + h;
}

// ---------------------------------------------------------------- Transformer2DModel

Transformer2DModelImpl::Transformer2DModelImpl(const Transformer2DOptions& o) : m_options(o) {
    const int64_t inner = o.heads * o.dimHead;
    m_norm = register_module("norm", makeGroupNorm(o.normGroups, o.inChannels, 1e-6));
    if (o.useLinearProjection)
        m_linearIn = register_module("proj_in", makeLinear(o.inChannels, inner));
    else
        m_convIn = register_module("proj_in", makeConv(o.inChannels, inner, 1, 1, 0));
    torch::nn::ModuleList blocks;
    for (int64_t i = 0; i < o.numLayers; ++i) {
        m_blocks.emplace_back(inner, o.heads, o.dimHead, o.crossAttentionDim, o.upcast);
        blocks->push_back(m_blocks.back());
    }
    register_module("transformer_blocks", blocks);
    if (o.useLinearProjection)
        m_linearOut = register_module("proj_out", makeLinear(inner, o.inChannels));
    else
        m_convOut = register_module("proj_out", makeConv(inner, o.inChannels, 1, 1, 0));
}

torch::Tensor Transformer2DModelImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
    const int64_t b = x.size(0), h = x.size(2), w = x.size(3);
    auto hidden = m_norm(x);
    int64_t inner;
    if (!m_options.useLinearProjection) {
        hidden = m_convIn(hidden);
        inner = hidden.size(1);
        hidden = hidden.permute({0, 2, 3, 1}).reshape({b, h * w, inner});
    } else {
        inner = hidden.size(1);
        hidden = hidden.permute({0, 2, 3, 1}).reshape({b, h * w, inner});
        hidden = m_linearIn(hidden);
    }
    for (auto& block : m_blocks) hidden = block(hidden, context);
    if (!m_options.useLinearProjection) {
        hidden = hidden.reshape({b, h, w, hidden.size(-1)}).permute({0, 3, 1, 2}).contiguous();
        hidden = m_convOut(hidden);
    } else {
        hidden = m_linearOut(hidden);
        hidden = hidden.reshape({b, h, w, inner}).permute({0, 3, 1, 2}).contiguous();
    }
    return hidden + x;
}

}  // namespace rs::diffusion::detail
