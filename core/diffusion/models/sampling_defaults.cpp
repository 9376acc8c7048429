#include "diffusion/models/sampling_defaults.h"

#include "base/file_io.h"
#include "diffusion/io/json.h"
#include "diffusion/schedulers/scheduler_factory.h"

#include <filesystem>

namespace rs::diffusion {

namespace {
constexpr std::uint64_t kMaxBytes = 64u << 10;
constexpr std::size_t kMaxReasonBytes = 1000;
}  // namespace

Expected<SamplingDefaults> parseSamplingDefaults(const std::string& text, const std::string& where) {
    auto json = parseJson(text);
    if (!json) return makeError(where + ": " + json.message());
    if (!json->isObject()) return makeError(where + ": expected a JSON object");
    JsonConfigReader r(*json, where);
    SamplingDefaults d;
    if (r.has("guidance_scale")) {
        const double g = r.number("guidance_scale");
        if (r.ok() && !(g >= 0 && g <= 50)) r.failKey("guidance_scale", "must be between 0 and 50");
        d.guidanceScale = g;
    }
    if (r.has("num_inference_steps")) {
        const auto s = r.integer("num_inference_steps");
        if (r.ok() && (s < 1 || s > 1000)) r.failKey("num_inference_steps", "must be between 1 and 1000");
        d.steps = int(s);
    }
    if (r.has("scheduler")) {
        const auto name = r.string("scheduler");
        if (r.ok() && !parseSamplerName(name))
            r.failKey("scheduler", "'" + name + "' is not one of ddim, dpm++2m, euler_a, auto");
        d.sampler = name;
    }
    d.reason = r.string("reason", "");
    if (r.ok() && d.reason.size() > kMaxReasonBytes) r.failKey("reason", "is longer than 1000 bytes");
    for (const auto& key : r.unreadKeys()) r.failKey(key, "is not a sampling setting ReplicaScope knows");
    if (!r.ok()) return r.status().error();
    return d;
}

Expected<SamplingDefaults> readSamplingDefaults(const std::string& modelDir) {
    const auto path = std::filesystem::path(modelDir) / kSamplingDefaultsFile;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return SamplingDefaults{};
    auto text = readFileLimited(path.string(), kMaxBytes);
    if (!text) return text.error();
    return parseSamplingDefaults(*text, path.string());
}

std::string samplingDefaultsJson(const SamplingDefaults& d) {
    Json j = Json::object();
    if (d.guidanceScale) j.set("guidance_scale", *d.guidanceScale);
    if (d.steps) j.set("num_inference_steps", Json::integer(*d.steps));
    if (d.sampler) j.set("scheduler", *d.sampler);
    if (!d.reason.empty()) j.set("reason", d.reason);
    return j.dump(2) + "\n";
}

}  // namespace rs::diffusion
