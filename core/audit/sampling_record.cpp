#include "audit/sampling_record.h"

namespace rs::audit {

nlohmann::json samplingJson(const diffusion::SamplingParameters& s) {
    return {{"sampler", diffusion::toString(s.sampler)},
            {"steps", s.steps},
            {"guidance", s.guidanceScale},
            {"ddim_eta", s.ddimEta},
            {"width", s.width},
            {"height", s.height},
            {"negative_prompt", s.negativePrompt}};
}

void recordSampling(store::RunRecord& run, const diffusion::SamplingParameters& s) {
    run.sampler = diffusion::toString(s.sampler);
    run.steps = s.steps;
    run.guidance = s.guidanceScale;
    run.width = s.width;
    run.height = s.height;
    run.negativePrompt = s.negativePrompt;
    run.samplingJson = samplingJson(s).dump();
}

Expected<diffusion::SamplingParameters> samplingOfRun(const store::RunRecord& run) {
    const std::string name = "run " + std::to_string(run.id);
    // Before the sampling record existed, the columns held everything a run used.
    nlohmann::json j = {{"sampler", run.sampler},
                        {"steps", run.steps},
                        {"guidance", run.guidance},
                        {"ddim_eta", 0.0},
                        {"width", run.width},
                        {"height", run.height},
                        {"negative_prompt", run.negativePrompt}};
    if (!run.samplingJson.empty()) {
        j = nlohmann::json::parse(run.samplingJson, nullptr, false);
        if (!j.is_object()) return badInput(name + " has a sampling record that is not a JSON object");
    }
    diffusion::SamplingParameters s;
    try {
        const auto sampler = diffusion::parseSamplerName(j.at("sampler").get<std::string>());
        if (!sampler)
            return badInput(name + " records an unknown sampler '" + j.at("sampler").get<std::string>() + "'");
        s.sampler = *sampler;
        s.steps = j.at("steps").get<int>();
        s.guidanceScale = j.at("guidance").get<double>();
        s.ddimEta = j.at("ddim_eta").get<double>();
        s.width = j.at("width").get<int>();
        s.height = j.at("height").get<int>();
        s.negativePrompt = j.at("negative_prompt").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        return badInput(name + " has a malformed sampling record: " + e.what());
    }
    return s;
}

nlohmann::json generationParameters(const store::RunRecord& r) {
    auto s = samplingOfRun(r);
    nlohmann::json p = s ? samplingJson(*s) : nlohmann::json{{"sampling_json", r.samplingJson}};
    p["seeds"] = r.seeds;
    p["dtype"] = r.dtype;
    return p;
}

}  // namespace rs::audit
