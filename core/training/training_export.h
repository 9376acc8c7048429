#pragma once
// Internal to the trainer: writing the EMA networks as a diffusers model folder (fp16
// safetensors, tokenizer from the CLIP vocabulary, the trained scheduler config) and its
// MODEL_CARD.md (data, architecture, training settings, time, hardware, retrain command,
// SHA-256 of every file).
#include "diffusion/models/text_encoder.h"
#include "training/trainer.h"
#include "diffusion/models/unet.h"

#include "base/expected.h"

#include <string>

namespace rs::diffusion {

struct PackedTrainingSet;

struct ExportRequest {
    const TrainingOptions* options = nullptr;
    const TrainingArchitecture* architecture = nullptr;
    const PackedTrainingSet* data = nullptr;
    std::string dataSha256;
    std::string precision;
    int64_t parameterCount = 0;
    ClipTextModel textEncoder{nullptr};  // the EMA networks
    UNet2DConditionModel unet{nullptr};
};

// Writes the model folder into `dir` and MODEL_CARD.md beside it (withCard). `seconds` is the
// training wall time recorded in the card.
Status exportTrainedModel(const ExportRequest& request, const std::string& dir, int64_t step, double lastLoss,
                          double seconds, bool withCard);

// What the card says about the machine: the CPU model and thread count, or the CUDA device.
std::string describeHardware(const torch::Device& device);

}  // namespace rs::diffusion
