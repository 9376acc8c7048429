#pragma once
// Choosing and building a scheduler: from a model's scheduler/scheduler_config.json and the
// sampler the user asked for ("auto" = the class the config names).
#include "diffusion/schedulers/scheduler_base.h"

#include "base/expected.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rs::diffusion {

enum class SamplerKind { FromConfig, Ddim, DpmSolverMultistep, EulerAncestral };

// "auto", "ddim", "dpm++2m", "euler_a" (also accepted: "dpmpp2m", "dpm++", "euler_ancestral").
std::optional<SamplerKind> parseSamplerName(std::string_view name);
const char* toString(SamplerKind kind);  // the canonical names above

// Parses scheduler_config.json. Absent keys keep SchedulerConfig's defaults (or stay unset for
// per-scheduler defaults); keys of other scheduler classes are ignored, as diffusers'
// from_config ignores them; values of the wrong type or unknown enum values are errors naming
// the key. Python's json writes -Infinity for lambda_min_clipped: bare NaN / ±Infinity
// literals read as null (the default).
Expected<SchedulerConfig> parseSchedulerConfig(std::string_view jsonText,
                                               const std::string& where = "scheduler/scheduler_config.json");

struct SchedulerSelection {
    std::unique_ptr<Scheduler> scheduler;
    std::vector<std::string> warnings;  // e.g. the DDIM fallback for an unknown class: record them with the run
};

// kind FromConfig uses the config's _class_name (DDIMScheduler, DPMSolverMultistepScheduler,
// EulerAncestralDiscreteScheduler); any other class falls back to DDIM with a warning.
// "dpm++2m" always runs DPM-Solver++ of order 2. ddimEta is used by DDIM only.
Expected<SchedulerSelection> makeScheduler(SamplerKind kind, const SchedulerConfig& config, double ddimEta = 0.0);

}  // namespace rs::diffusion
