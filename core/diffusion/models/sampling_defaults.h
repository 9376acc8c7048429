#pragma once
// A model folder's recommended sampling settings: ReplicaScope's own optional file
// `sampling_defaults.json` at the folder root (diffusers ignores it). Models our trainer makes
// sample best without classifier-free guidance (at 7.5 their pixel-space samples saturate), so
// generate, scan and the app take guidance, steps and sampler from here when the user set none.
//   {"guidance_scale": 1.0, "num_inference_steps": 20, "scheduler": "ddim", "reason": "..."}
#include "base/expected.h"

#include <optional>
#include <string>

namespace rs::diffusion {

inline constexpr const char* kSamplingDefaultsFile = "sampling_defaults.json";

struct SamplingDefaults {
    std::optional<double> guidanceScale;  // 0..50
    std::optional<int> steps;             // 1..1000
    std::optional<std::string> sampler;   // a name parseSamplerName accepts
    std::string reason;                   // why, shown to the user (<= 1000 bytes)

    bool empty() const { return !guidanceScale && !steps && !sampler; }
};

// Parses the file's text; `where` names it in errors. Unknown keys are refused (a typo must
// not silently fall back to 7.5), except those starting with '_'.
Expected<SamplingDefaults> parseSamplingDefaults(const std::string& text, const std::string& where);
// The folder's defaults; empty ones when the file is absent, an error naming it when bad.
Expected<SamplingDefaults> readSamplingDefaults(const std::string& modelDir);
std::string samplingDefaultsJson(const SamplingDefaults& defaults);

}  // namespace rs::diffusion
