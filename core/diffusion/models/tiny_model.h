#pragma once
// Model configs for tests, benches and training: tiny networks shaped like diffusers' own test
// pipelines, and the published Stable Diffusion 1.5 sizes (random weights, for benches).
#include "diffusion/models/model_configs.h"
#include "diffusion/models/model_folder.h"

#include "base/expected.h"

#include <cstdint>
#include <string>

namespace rs::diffusion {

// UNet block_out_channels (32, 64), DownBlock2D + CrossAttnDownBlock2D, CrossAttnUpBlock2D +
// UpBlock2D, cross_attention_dim 32, layers_per_block 2, attention_head_dim 8, sample_size 32.
UNetConfig tinyUNetConfig();
// CLIP hidden 32, 5 layers, 4 heads, intermediate 37, vocabulary `vocabSize` (1000 or 49408).
ClipTextConfig tinyClipTextConfig(int64_t vocabSize = 49408);
// VAE block_out_channels (32, 64), latent_channels 4, norm_num_groups 32, 2 down / 2 up blocks.
VaeConfig tinyVaeConfig();

// runwayml/stable-diffusion-v1-5's unet, text_encoder (CLIP ViT-L/14) and vae configs.
UNetConfig sd15UNetConfig();
ClipTextConfig sd15ClipTextConfig();
VaeConfig sd15VaeConfig();

struct TinyModelOptions {
    uint64_t seed = 0;
    int64_t vocabSize = 49408;  // 49408: the real CLIP vocabulary; less: its first merges only
    bool pixelSpace = false;    // no vae; the UNet takes and returns 3-channel images
    // CLIP's bpe_simple_vocab_16e6.txt(.gz) the tokenizer files are made from (required).
    std::string bpeVocabPath;
    // "sd15" for SD1.5-sized networks instead of tiny ones (random weights, ~4 GB in fp32).
    std::string size = "tiny";
};

// Replaces every parameter of `module` with seeded random values (PyTorch's default uniform
// ±1/√fan_in for weights and biases, N(0, 0.02) embeddings, norm scales N(1, 0.1) and shifts
// N(0, 0.1) so that no stored value is irrelevant to the output).
void randomizeWeights(torch::nn::Module& module, uint64_t seed);

// Builds a model with seeded random weights (diffusers-like initialisation: every output of a
// network depends on every weight), SD1.x's scheduler config and a tokenizer, in memory.
Expected<ModelFolder> makeRandomModel(const TinyModelOptions& options);
// makeRandomModel + saveModelFolder into `path`.
Status writeRandomModelFolder(const std::string& path, const TinyModelOptions& options);

}  // namespace rs::diffusion
