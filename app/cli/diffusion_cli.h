#pragma once
// Option parsing shared by the diffusion subcommands (generate, screen): seeds, sizes, the model
// folder check and pipeline loading, each with a message a user can act on.
#include "base/expected.h"
#include "diffusion/pipeline/pipeline.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rs::cli {

// "A-B" (inclusive), "N" (seeds 0..N-1) or "a,b,c". At most maxCount seeds.
Expected<std::vector<std::uint64_t>> parseSeeds(const std::string& text, std::size_t maxCount = 100000);
// "WxH" or "N" (square). Checked against the model later (multiples of 8).
Expected<std::pair<int, int>> parseSize(const std::string& text);

// The sampling settings a command runs with: what the user gave, else the model folder's
// sampling_defaults.json, else the engine's defaults (already in the fields). Prints a note on
// stderr naming the settings taken from the model; fails when that file is malformed.
struct SamplingChoice {
    double& guidance;
    int& steps;
    rs::diffusion::SamplerKind& sampler;
    bool guidanceGiven = false, stepsGiven = false, samplerGiven = false;
};
Status applyModelSamplingDefaults(const std::string& modelDir, SamplingChoice choice, const char* command);

struct LoadedPipeline {
    std::unique_ptr<rs::diffusion::DiffusionPipeline> pipeline;
    double loadSeconds = 0;
};
Expected<LoadedPipeline> loadPipeline(const std::string& modelDir, const std::string& device, const std::string& dtype);

}  // namespace rs::cli
