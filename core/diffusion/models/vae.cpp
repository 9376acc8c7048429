// diffusers' AutoencoderKL (models/autoencoders/autoencoder_kl.py, vae.py): Encoder with
// DownEncoderBlock2D blocks, Decoder with UpDecoderBlock2D blocks, UNetMidBlock2D with one
// single-head spatial self-attention, quant_conv / post_quant_conv.
#include "diffusion/models/vae.h"

#include "diffusion/models/nn_blocks.h"

#include <torch/nn/modules/container/modulelist.h>

namespace rs::diffusion {
namespace {

using detail::Attention;
using detail::AttentionOptions;
using detail::Downsample2D;
using detail::ResnetBlock2D;
using detail::Upsample2D;

constexpr double kVaeEps = 1e-6;

template <class T>
void registerList(torch::nn::Module& parent, const char* name, const std::vector<T>& modules) {
    torch::nn::ModuleList list;
    for (const auto& m : modules) list->push_back(m);
    parent.register_module(name, list);
}

// DownEncoderBlock2D (downsample_padding 0) or UpDecoderBlock2D, without time embedding.
class VaeBlockImpl : public torch::nn::Module {
public:
    VaeBlockImpl(bool down, int64_t in, int64_t out, int64_t layers, int64_t groups, bool resample) {
        for (int64_t i = 0; i < layers; ++i) m_resnets.emplace_back(i == 0 ? in : out, out, 0, groups, kVaeEps);
        registerList(*this, "resnets", m_resnets);
        if (resample && down) {
            m_down = Downsample2D(out, 0);
            registerList(*this, "downsamplers", std::vector<Downsample2D>{m_down});
        } else if (resample) {
            m_up = Upsample2D(out);
            registerList(*this, "upsamplers", std::vector<Upsample2D>{m_up});
        }
    }
    torch::Tensor forward(torch::Tensor h) {
        for (auto& r : m_resnets) h = r(h, torch::Tensor());
        if (m_down) h = m_down(h);
        if (m_up) h = m_up(h);
        return h;
    }

private:
    std::vector<ResnetBlock2D> m_resnets;
    Downsample2D m_down{nullptr};
    Upsample2D m_up{nullptr};
};
TORCH_MODULE(VaeBlock);

// UNetMidBlock2D as the VAE builds it: resnet, [attention (1 head of all channels)], resnet.
class VaeMidBlockImpl : public torch::nn::Module {
public:
    VaeMidBlockImpl(int64_t channels, int64_t groups, bool addAttention) {
        m_resnets = {ResnetBlock2D(channels, channels, 0, groups, kVaeEps),
                     ResnetBlock2D(channels, channels, 0, groups, kVaeEps)};
        if (addAttention) {
            AttentionOptions o;
            o.queryDim = channels;
            o.heads = 1;
            o.dimHead = channels;
            o.bias = true;
            o.upcast = true;  // upcast_softmax
            o.normGroups = groups;
            o.normEps = kVaeEps;
            o.residual = true;
            m_attention = Attention(o);
            registerList(*this, "attentions", std::vector<Attention>{m_attention});
        }
        registerList(*this, "resnets", m_resnets);
    }
    torch::Tensor forward(torch::Tensor h) {
        h = m_resnets[0](h, torch::Tensor());
        if (m_attention) h = m_attention->forwardSpatial(h);
        return m_resnets[1](h, torch::Tensor());
    }

private:
    std::vector<ResnetBlock2D> m_resnets;
    Attention m_attention{nullptr};
};
TORCH_MODULE(VaeMidBlock);

class VaeCoderImpl : public torch::nn::Module {
public:
    // The Encoder (down) maps in_channels -> 2·latent_channels; the Decoder latent -> out_channels.
    VaeCoderImpl(const VaeConfig& c, bool encoder) : m_encoder(encoder) {
        const auto& ch = c.blockOutChannels;
        const size_t n = ch.size();
        const int64_t groups = c.normNumGroups;
        if (encoder) {
            convIn = register_module("conv_in", detail::makeConv(c.inChannels, ch[0], 3));
            int64_t output = ch[0];
            for (size_t i = 0; i < n; ++i) {
                const int64_t input = output;
                output = ch[i];
                blocks.emplace_back(true, input, output, c.layersPerBlock, groups, i + 1 != n);
            }
            registerList(*this, "down_blocks", blocks);
            mid = register_module("mid_block", VaeMidBlock(ch[n - 1], groups, c.midBlockAddAttention));
            normOut = register_module("conv_norm_out", detail::makeGroupNorm(groups, ch[n - 1], kVaeEps));
            convOut = register_module("conv_out", detail::makeConv(ch[n - 1], 2 * c.latentChannels, 3));
        } else {
            convIn = register_module("conv_in", detail::makeConv(c.latentChannels, ch[n - 1], 3));
            mid = register_module("mid_block", VaeMidBlock(ch[n - 1], groups, c.midBlockAddAttention));
            int64_t output = ch[n - 1];
            for (size_t i = 0; i < n; ++i) {
                const int64_t prev = output;
                output = ch[n - 1 - i];
                blocks.emplace_back(false, prev, output, c.layersPerBlock + 1, groups, i + 1 != n);
            }
            registerList(*this, "up_blocks", blocks);
            normOut = register_module("conv_norm_out", detail::makeGroupNorm(groups, ch[0], kVaeEps));
            convOut = register_module("conv_out", detail::makeConv(ch[0], c.outChannels, 3));
        }
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto h = convIn(x);
        if (m_encoder) {
            for (auto& b : blocks) h = b(h);
            h = mid(h);
        } else {
            h = mid(h);
            for (auto& b : blocks) h = b(h);
        }
        return convOut(torch::silu(normOut(h)));
    }

    torch::nn::Conv2d convIn{nullptr}, convOut{nullptr};
    std::vector<VaeBlock> blocks;
    VaeMidBlock mid{nullptr};
    torch::nn::GroupNorm normOut{nullptr};

private:
    bool m_encoder;
};
TORCH_MODULE(VaeCoder);

}  // namespace

torch::Tensor LatentDistribution::std() const { return torch::exp(0.5 * logvar); }

torch::Tensor LatentDistribution::sample(at::Generator generator) const {
    auto eps = torch::randn(mean.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat32));
    return mean + std() * eps.to(mean.options());
}

struct AutoencoderKLImpl::Parts {
    VaeCoder encoder{nullptr}, decoder{nullptr};
    torch::nn::Conv2d quantConv{nullptr}, postQuantConv{nullptr};
};

AutoencoderKLImpl::AutoencoderKLImpl(const VaeConfig& config) : m_config(config), m_parts(new Parts) {
    auto& p = *m_parts;
    p.encoder = register_module("encoder", VaeCoder(config, true));
    p.decoder = register_module("decoder", VaeCoder(config, false));
    const int64_t lc = config.latentChannels;
    if (config.useQuantConv) p.quantConv = register_module("quant_conv", detail::makeConv(2 * lc, 2 * lc, 1));
    if (config.usePostQuantConv) p.postQuantConv = register_module("post_quant_conv", detail::makeConv(lc, lc, 1));
}

AutoencoderKLImpl::~AutoencoderKLImpl() = default;

LatentDistribution AutoencoderKLImpl::encode(const torch::Tensor& images) {
    TORCH_CHECK(images.dim() == 4 && images.size(1) == m_config.inChannels, "VAE: images must be [B, ",
                m_config.inChannels, ", H, W], got ", images.sizes());
    const int64_t f = downscaleFactor();
    TORCH_CHECK(images.size(2) % f == 0 && images.size(3) % f == 0, "VAE: image size ", images.size(3), "x",
                images.size(2), " is not a multiple of ", f);
    auto& p = *m_parts;
    auto moments = p.encoder(images);
    if (p.quantConv) moments = p.quantConv(moments);
    auto parts = moments.chunk(2, 1);
    return {parts[0], torch::clamp(parts[1], -30.0, 20.0)};
}

torch::Tensor AutoencoderKLImpl::decode(const torch::Tensor& z) {
    TORCH_CHECK(z.dim() == 4 && z.size(1) == m_config.latentChannels, "VAE: latents must be [B, ",
                m_config.latentChannels, ", h, w], got ", z.sizes());
    auto& p = *m_parts;
    auto h = p.postQuantConv ? p.postQuantConv(z) : z;
    return p.decoder(h);
}

torch::Tensor AutoencoderKLImpl::decodeLatents(const torch::Tensor& latents) {
    return decode(latents / m_config.scalingFactor + m_config.shiftFactor);
}

torch::Tensor AutoencoderKLImpl::encodeToLatents(const torch::Tensor& images) {
    return (encode(images).mean - m_config.shiftFactor) * m_config.scalingFactor;
}

torch::Tensor AutoencoderKLImpl::encodeToLatents(const torch::Tensor& images, at::Generator generator) {
    return (encode(images).sample(std::move(generator)) - m_config.shiftFactor) * m_config.scalingFactor;
}

std::string vaeLegacyKeyRename(const std::string& key) {
    static const std::pair<const char*, const char*> renames[] = {
        {".query.", ".to_q."}, {".key.", ".to_k."}, {".value.", ".to_v."}, {".proj_attn.", ".to_out.0."}};
    if (key.find(".attentions.") == std::string::npos) return key;
    for (const auto& [from, to] : renames) {
        const auto pos = key.find(from);
        if (pos != std::string::npos) return key.substr(0, pos) + to + key.substr(pos + std::string(from).size());
    }
    return key;
}

}  // namespace rs::diffusion
