#pragma once
// Cheap memorization screen (Wen et al., ICLR 2024): for each prompt, run the first few
// denoising steps for a few seeds and average ‖ε(x_t, prompt) − ε(x_t, "")‖₂. Memorized prompts
// score far higher; the first step of a 50-step schedule alone already ranks them well, so
// thousands of prompts can be ranked before any full generation. Prompts and seeds are packed
// together into network batches.
#include "diffusion/pipeline/pipeline.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs::diffusion {

struct ScreenRequest {
    std::vector<std::string> prompts;
    int seedsPerPrompt = 4;
    std::uint64_t firstSeed = 0;  // every prompt uses seeds firstSeed .. firstSeed + seedsPerPrompt - 1
    int evaluatedSteps = 1;       // steps actually run...
    int scheduleSteps = 50;       // ...from the start of a schedule this long (Wen: DDIM, 50)
    double guidanceScale = 7.5;   // must be > 1 (the score compares the two guidance halves)
    int width = 0;                // 0: the model's native size (UNet sample_size × VAE factor)
    int height = 0;
    SamplerKind sampler = SamplerKind::Ddim;
    int batchSize = 8;  // (prompt, seed) pairs per network batch
};

struct PromptScore {
    std::size_t index = 0;  // position in ScreenRequest::prompts
    std::string prompt;
    double score = 0;  // mean over seeds of each generation's mean over steps
    std::vector<double> perSeed;
};

struct ScreenResult {
    std::vector<PromptScore> scores;  // in input order; only fully scored prompts when cancelled
    bool cancelled = false;
    std::vector<std::string> warnings;
    std::string schedulerName;
    int width = 0;
    int height = 0;
};

// Progress reports one step per network batch step; onImages is not called.
Expected<ScreenResult> screenPrompts(DiffusionPipeline& pipeline, const ScreenRequest& request,
                                     const GenerationCallbacks& callbacks = {});

// Highest score first; ties keep input order.
std::vector<PromptScore> rankByScore(std::vector<PromptScore> scores);

}  // namespace rs::diffusion
