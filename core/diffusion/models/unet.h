#pragma once
// diffusers' UNet2DConditionModel in libtorch, built from unet/config.json, with its exact
// state-dict names (conv_in, time_embedding.linear_1, down_blocks.N.resnets.M.conv1,
// down_blocks.N.attentions.M.transformer_blocks.K.attn2.to_k, mid_block..., up_blocks...,
// conv_norm_out, conv_out), so unet/diffusion_pytorch_model.safetensors loads by name.
// Supported: CrossAttnDownBlock2D / DownBlock2D, UNetMidBlock2DCrossAttn,
// CrossAttnUpBlock2D / UpBlock2D (what SD 1.x and 2.x use); parseUNetConfig refuses the rest.
#include "diffusion/models/model_configs.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace rs::diffusion {

class UNet2DConditionModelImpl : public torch::nn::Module {
public:
    explicit UNet2DConditionModelImpl(const UNetConfig& config);
    ~UNet2DConditionModelImpl() override;

    // sample: [B, in_channels, H, W] (latents, or RGB in [-1, 1] for a pixel-space model).
    // timesteps: a 0-d tensor or [B] (integer or float; fractional timesteps are allowed).
    // encoderHiddenStates: [B, S, cross_attention_dim] (the text encoder's output).
    // Returns the model output (ε or v, per the scheduler's prediction_type): [B, out_channels, H, W].
    // H and W need not be multiples of 2^(blocks-1): upsampling then follows the skip sizes.
    torch::Tensor forward(const torch::Tensor& sample, const torch::Tensor& timesteps,
                          const torch::Tensor& encoderHiddenStates);

    const UNetConfig& config() const { return m_config; }

private:
    struct Parts;  // typed handles to the registered submodules (unet.cpp)
    UNetConfig m_config;
    std::unique_ptr<Parts> m_parts;
};
TORCH_MODULE(UNet2DConditionModel);

// diffusers' get_timestep_embedding (Timesteps module): [N] timesteps -> [N, dim] float32,
// exponent = -ln(maxPeriod)·i / (dim/2 - freqShift), sin then cos (cos then sin when
// flipSinToCos), zero-padded when dim is odd.
torch::Tensor timestepEmbedding(const torch::Tensor& timesteps, int64_t dim, bool flipSinToCos, double freqShift,
                                double scale = 1.0, double maxPeriod = 10000.0);

}  // namespace rs::diffusion
