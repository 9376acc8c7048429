// The UNet's blocks, following diffusers' models/unets/unet_2d_blocks.py.
#include "diffusion/models/unet_blocks.h"

#include <torch/nn/modules/container/modulelist.h>

namespace rs::diffusion::detail {
namespace {

Transformer2DModel makeTransformer(const BlockOptions& o, int64_t channels) {
    Transformer2DOptions t;
    t.heads = o.heads;
    t.dimHead = channels / o.heads;
    t.inChannels = channels;
    t.numLayers = o.transformerLayers;
    t.crossAttentionDim = o.crossAttentionDim;
    t.normGroups = o.groups;
    t.useLinearProjection = o.useLinearProjection;
    t.upcast = o.upcastAttention;
    return Transformer2DModel(t);
}

template <class T>
void registerList(torch::nn::Module& parent, const char* name, const std::vector<T>& modules) {
    if (modules.empty()) return;
    torch::nn::ModuleList list;
    for (const auto& m : modules) list->push_back(m);
    parent.register_module(name, list);
}

}  // namespace

// ---------------------------------------------------------------- down

UNetDownBlockImpl::UNetDownBlockImpl(const BlockOptions& o) {
    for (int64_t i = 0; i < o.numLayers; ++i) {
        const int64_t in = i == 0 ? o.inChannels : o.outChannels;
        m_resnets.emplace_back(in, o.outChannels, o.tembChannels, o.groups, o.eps, o.outputScaleFactor);
        if (o.crossAttention) m_attentions.push_back(makeTransformer(o, o.outChannels));
    }
    registerList(*this, "resnets", m_resnets);
    registerList(*this, "attentions", m_attentions);
    if (o.resample) {
        m_downsampler = Downsample2D(o.outChannels, o.downsamplePadding);
        registerList(*this, "downsamplers", std::vector<Downsample2D>{m_downsampler});
    }
}

torch::Tensor UNetDownBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& temb,
                                         const torch::Tensor& context, std::vector<torch::Tensor>& skips) {
    auto h = x;
    for (size_t i = 0; i < m_resnets.size(); ++i) {
        h = m_resnets[i](h, temb);
        if (!m_attentions.empty()) h = m_attentions[i](h, context);
        skips.push_back(h);
    }
    if (m_downsampler) {
        h = m_downsampler(h);
        skips.push_back(h);
    }
    return h;
}

// ---------------------------------------------------------------- mid

UNetMidBlockImpl::UNetMidBlockImpl(const BlockOptions& o) {
    const int64_t ch = o.inChannels;
    m_resnets.emplace_back(ch, ch, o.tembChannels, o.groups, o.eps, o.outputScaleFactor);
    m_attentions.push_back(makeTransformer(o, ch));
    m_resnets.emplace_back(ch, ch, o.tembChannels, o.groups, o.eps, o.outputScaleFactor);
    registerList(*this, "attentions", m_attentions);
    registerList(*this, "resnets", m_resnets);
}

torch::Tensor UNetMidBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& temb,
                                        const torch::Tensor& context) {
    auto h = m_resnets[0](x, temb);
    for (size_t i = 0; i < m_attentions.size(); ++i) {
        h = m_attentions[i](h, context);
        h = m_resnets[i + 1](h, temb);
    }
    return h;
}

// ---------------------------------------------------------------- up

UNetUpBlockImpl::UNetUpBlockImpl(const BlockOptions& o) {
    for (int64_t i = 0; i < o.numLayers; ++i) {
        const int64_t skipChannels = i == o.numLayers - 1 ? o.inChannels : o.outChannels;
        const int64_t resnetIn = i == 0 ? o.prevOutputChannels : o.outChannels;
        m_resnets.emplace_back(resnetIn + skipChannels, o.outChannels, o.tembChannels, o.groups, o.eps,
                               o.outputScaleFactor);
        if (o.crossAttention) m_attentions.push_back(makeTransformer(o, o.outChannels));
    }
    registerList(*this, "resnets", m_resnets);
    registerList(*this, "attentions", m_attentions);
    if (o.resample) {
        m_upsampler = Upsample2D(o.outChannels);
        registerList(*this, "upsamplers", std::vector<Upsample2D>{m_upsampler});
    }
}

torch::Tensor UNetUpBlockImpl::forward(const torch::Tensor& x, std::vector<torch::Tensor>& skips,
                                       const torch::Tensor& temb, const torch::Tensor& context,
                                       const std::optional<std::vector<int64_t>>& upsampleSize) {
    auto h = x;
    for (size_t i = 0; i < m_resnets.size(); ++i) {
        TORCH_CHECK(!skips.empty(), "UNet up block ran out of skip connections");
        h = torch::cat({h, skips.back()}, 1);
        skips.pop_back();
        h = m_resnets[i](h, temb);
        if (!m_attentions.empty()) h = m_attentions[i](h, context);
    }
    if (m_upsampler) h = m_upsampler(h, upsampleSize);
    return h;
}

// ---------------------------------------------------------------- time embedding

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t in, int64_t dim) {
    m_linear1 = register_module("linear_1", makeLinear(in, dim));
    m_linear2 = register_module("linear_2", makeLinear(dim, dim));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& x) { return m_linear2(torch::silu(m_linear1(x))); }

}  // namespace rs::diffusion::detail
