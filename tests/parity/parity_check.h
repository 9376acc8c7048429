#pragma once
// Compares our engine, stage by stage, with reference outputs that diffusers/transformers wrote
// (make_reference.py): token ids, text-encoder output, UNet output at two timesteps, VAE decode,
// and the final image of each sampler. libtorch + std only: the same code runs in the CPU test
// (tiny fixture) and on the GPU machine (SD1.5-sized, fp32 and fp16).
#include "base/expected.h"

#include <string>
#include <vector>

namespace rs::parity {

struct StageDiff {
    std::string stage;       // "text.cond", "unet.t981.cond", "vae.out", "image.ddim", ...
    double maxAbs = 0.0;     // max |ours - reference|
    double meanAbs = 0.0;    // mean |ours - reference|
    double refMaxAbs = 0.0;  // max |reference|, for scale
    bool exact = false;      // integer stages (token ids): every value equal
};

struct ParityOptions {
    std::string device = "cpu";     // "cpu", "cuda"
    std::string dtype = "float32";  // "float32", "float16"
    bool images = true;             // run the full pipelines too
};

// modelDir: the diffusers folder; reference: reference_<dtype>.safetensors beside it.
Expected<std::vector<StageDiff>> compareWithReference(const std::string& modelDir, const std::string& reference,
                                                      const ParityOptions& options);

std::string toJson(const StageDiff& diff);

}  // namespace rs::parity
