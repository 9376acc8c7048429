#pragma once
// A Hugging Face diffusers model folder, validated and loaded:
//   model_index.json
//   text_encoder/{config.json, model.safetensors}
//   unet/{config.json, diffusion_pytorch_model.safetensors}
//   vae/{config.json, diffusion_pytorch_model.safetensors}      (absent for a pixel-space model)
//   tokenizer/{vocab.json, merges.txt, tokenizer_config.json, special_tokens_map.json}
//   scheduler/scheduler_config.json
//   sampling_defaults.json                                       (optional, ReplicaScope's own)
// A pixel-space model is one whose model_index.json names no "vae": its UNet works directly on
// RGB images in [-1, 1] (in_channels = out_channels = 3) and the pipeline skips decoding.
// Weights may also be a variant ("diffusion_pytorch_model.fp16.safetensors") or sharded
// ("*.safetensors.index.json"); PyTorch pickles (.bin/.ckpt) are refused (convert them first).
#include "diffusion/models/model_configs.h"
#include "diffusion/models/sampling_defaults.h"
#include "diffusion/models/text_encoder.h"
#include "diffusion/models/unet.h"
#include "diffusion/models/vae.h"

#include "base/expected.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rs::diffusion {

class ClipTokenizer;

struct ModelFileInfo {
    std::string relativePath;  // "unet/diffusion_pytorch_model.safetensors", '/'-separated
    uint64_t sizeBytes = 0;
};

struct ModelLoadOptions {
    torch::Device device = torch::kCPU;
    torch::ScalarType dtype = torch::kFloat32;  // kHalf on CUDA for speed
    std::string variant;                        // "" or e.g. "fp16": prefer *.fp16.safetensors
    bool loadWeights = true;                    // false: configs, tokenizer and file list only
};

struct ModelFolder {
    std::string path;  // the folder as given

    ClipTextConfig textEncoderConfig;
    UNetConfig unetConfig;
    std::optional<VaeConfig> vaeConfig;  // empty for a pixel-space model

    // In eval mode on `device` / `dtype`; null when loadWeights was false (vae also when absent).
    ClipTextModel textEncoder{nullptr};
    UNet2DConditionModel unet{nullptr};
    AutoencoderKL vae{nullptr};

    std::shared_ptr<const ClipTokenizer> tokenizer;
    // tokenizer/ files by name ("vocab.json", "merges.txt", ...), kept so saveModelFolder can
    // write them back unchanged.
    std::map<std::string, std::string> tokenizerFiles;

    std::string modelIndexJson;         // model_index.json as read
    std::string schedulerConfigJson;    // scheduler/scheduler_config.json as read ("" if absent)
    SamplingDefaults samplingDefaults;  // sampling_defaults.json (empty if absent)
    std::vector<ModelFileInfo> files;   // every regular file under the folder, sorted by path

    torch::Device device = torch::kCPU;
    torch::ScalarType dtype = torch::kFloat32;

    bool hasVae() const { return vaeConfig.has_value(); }
    // Channels of the tensor the UNet denoises: latent_channels, or 3 for a pixel-space model.
    int64_t sampleChannels() const { return unetConfig.inChannels; }
    // Image pixels per sample pixel along a side: 8 for SD, 1 for a pixel-space model.
    int64_t imageScaleFactor() const { return vaeConfig ? vaeConfig->downscaleFactor() : 1; }
};

// Validates the folder (every missing part named: "model folder X lacks unet/config.json"),
// parses the configs (refusing unsupported values by name), builds the tokenizer and, unless
// options.loadWeights is false, the three networks with their weights loaded strictly.
Expected<ModelFolder> loadModelFolder(const std::string& path, const ModelLoadOptions& options = {});

// Writes a complete diffusers folder (model_index.json, configs, weights as safetensors in
// `dtype`, tokenizer files, scheduler config) into `path`, creating it; existing files of the
// same names are replaced. The result loads with loadModelFolder and with diffusers.
Status saveModelFolder(const ModelFolder& model, const std::string& path, torch::ScalarType dtype = torch::kFloat32);

// The single-network loaders loadModelFolder uses: `dir` holds config.json and the weights.
Expected<ClipTextModel> loadClipTextModel(const std::string& dir, const ModelLoadOptions& options = {});
Expected<UNet2DConditionModel> loadUNet(const std::string& dir, const ModelLoadOptions& options = {});
Expected<AutoencoderKL> loadVae(const std::string& dir, const ModelLoadOptions& options = {});

}  // namespace rs::diffusion
