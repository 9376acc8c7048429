#pragma once
// diffusers' AutoencoderKL in libtorch, built from vae/config.json, with its exact state-dict
// names (encoder.conv_in, encoder.down_blocks.N.resnets.M.norm1, encoder.mid_block.attentions.0.to_q,
// quant_conv, post_quant_conv, decoder.up_blocks.N.upsamplers.0.conv, decoder.conv_out, ...).
// Checkpoints with the legacy attention names (query/key/value/proj_attn) load too: see
// vaeLegacyKeyRename().
#include "diffusion/models/model_configs.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <string>

namespace rs::diffusion {

// The encoder's diagonal Gaussian over latents (unscaled).
struct LatentDistribution {
    torch::Tensor mean;    // [B, latent_channels, H/f, W/f]
    torch::Tensor logvar;  // clamped to [-30, 20] as diffusers does
    torch::Tensor std() const;
    // mean + std · ε with ε ~ N(0, 1) drawn from `generator` on the CPU in float32 (reproducible
    // across devices), then moved to mean's device and dtype.
    torch::Tensor sample(at::Generator generator) const;
};

class AutoencoderKLImpl : public torch::nn::Module {
public:
    explicit AutoencoderKLImpl(const VaeConfig& config);
    ~AutoencoderKLImpl() override;

    // images: [B, in_channels, H, W] in [-1, 1], H and W multiples of downscaleFactor().
    LatentDistribution encode(const torch::Tensor& images);
    // z: unscaled latents [B, latent_channels, h, w] -> images [B, out_channels, h·f, w·f], ~[-1, 1].
    torch::Tensor decode(const torch::Tensor& z);

    // The diffusion model's latent space: (z - shift_factor) · scaling_factor and back.
    torch::Tensor decodeLatents(const torch::Tensor& latents);   // decode(latents / scaling + shift)
    torch::Tensor encodeToLatents(const torch::Tensor& images);  // (mean - shift) · scaling
    torch::Tensor encodeToLatents(const torch::Tensor& images, at::Generator generator);  // sampled

    double scalingFactor() const { return m_config.scalingFactor; }
    double shiftFactor() const { return m_config.shiftFactor; }
    int64_t downscaleFactor() const { return m_config.downscaleFactor(); }
    const VaeConfig& config() const { return m_config; }

private:
    struct Parts;  // typed handles to the registered submodules (vae.cpp)
    VaeConfig m_config;
    std::unique_ptr<Parts> m_parts;
};
TORCH_MODULE(AutoencoderKL);

// Maps a file key with diffusers' deprecated VAE attention names to the current one:
// "*.attentions.0.query.weight" -> "*.attentions.0.to_q.weight", key -> to_k, value -> to_v,
// proj_attn -> to_out.0. Other keys are returned unchanged.
std::string vaeLegacyKeyRename(const std::string& fileKey);

}  // namespace rs::diffusion
