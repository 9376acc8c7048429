#pragma once
// How a run records its sampling: the one diffusion::SamplingParameters value is written whole
// into the run record (its columns and runs.sampling_json), and read back from it for resume,
// merge and regeneration, so that every image-changing parameter is on record.
#include "base/expected.h"
#include "diffusion/pipeline/sampling_parameters.h"
#include "store/records.h"

#include <nlohmann/json.hpp>

#include <string>

namespace rs::audit {

// {"sampler", "steps", "guidance", "ddim_eta", "width", "height", "negative_prompt"}
nlohmann::json samplingJson(const diffusion::SamplingParameters& sampling);

// Fills the run's sampling columns and samplingJson from the parameters.
void recordSampling(store::RunRecord& run, const diffusion::SamplingParameters& sampling);

// The parameters a run was sampled with: its sampling JSON, or for runs stored before it existed
// the columns (with the defaults of what they lack, e.g. η = 0). Fails on an unknown sampler or a
// malformed JSON value.
Expected<diffusion::SamplingParameters> samplingOfRun(const store::RunRecord& run);

// What makes two scan runs the same scan, apart from the model and the device: resume looks for
// an unfinished run with these parameters, merge requires them of every shard.
nlohmann::json generationParameters(const store::RunRecord& run);

}  // namespace rs::audit
