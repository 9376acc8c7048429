#pragma once
// transformers' CLIPTextModel in libtorch, with its exact state-dict names
// (text_model.embeddings.token_embedding.weight, text_model.encoder.layers.N.self_attn.q_proj.weight,
// ..., text_model.final_layer_norm.bias), so a text_encoder/model.safetensors loads by name.
#include "diffusion/models/model_configs.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace rs::diffusion {

struct ClipTextOutput {
    torch::Tensor lastHiddenState;  // [B, S, hidden], after final_layer_norm
    torch::Tensor pooled;           // [B, hidden]: the EOS token's state, as transformers pools
};

class ClipTextModelImpl : public torch::nn::Module {
public:
    explicit ClipTextModelImpl(const ClipTextConfig& config);
    ~ClipTextModelImpl() override;

    // inputIds: [B, S] integer token ids, S <= max_position_embeddings (77 for SD). Returns the
    // prompt embeddings the UNet cross-attends to: [B, S, hidden_size].
    // clipSkip: like diffusers' clip_skip, use the output of the layer clipSkip layers before the
    // last, then final_layer_norm (0 = all layers). SD2 needs none: its config already has 23.
    torch::Tensor forward(const torch::Tensor& inputIds, int clipSkip = 0);
    ClipTextOutput forwardWithPooled(const torch::Tensor& inputIds, int clipSkip = 0);

    const ClipTextConfig& config() const { return m_config; }

    // text_model.embeddings.position_ids: newer checkpoints do not store it; when a file has it,
    // it must be [1, max_position_embeddings] (the loader treats it as optional).
    static const char* positionIdsKey() { return "text_model.embeddings.position_ids"; }

private:
    struct Parts;  // typed handles to the registered submodules (text_encoder.cpp)
    ClipTextConfig m_config;
    std::unique_ptr<Parts> m_parts;
};
TORCH_MODULE(ClipTextModel);

// Building blocks exposed for tests: quick_gelu x·σ(1.702x) and the additive causal mask
// [S, S] (0 on and below the diagonal, the dtype's lowest value above), as transformers builds it.
torch::Tensor quickGelu(const torch::Tensor& x);
torch::Tensor causalAttentionMask(int64_t length, torch::ScalarType dtype, const torch::Device& device);

}  // namespace rs::diffusion
