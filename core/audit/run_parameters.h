#pragma once
// What makes two scan runs the same scan, apart from the model and the device: resume looks for
// an unfinished run with these parameters, merge requires them of every shard.
#include "store/records.h"

#include <nlohmann/json.hpp>

namespace rs::audit {

inline nlohmann::json generationParameters(const store::RunRecord& r) {
    return {{"sampler", r.sampler}, {"steps", r.steps},   {"guidance", r.guidance},
            {"width", r.width},     {"height", r.height}, {"negative_prompt", r.negativePrompt},
            {"seeds", r.seeds},     {"dtype", r.dtype}};
}

}  // namespace rs::audit
