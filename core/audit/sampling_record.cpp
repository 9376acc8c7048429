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
    diffusion::SamplingParameters s;
    const auto sampler = diffusion::parseSamplerName(run.sampler);
    if (!sampler)
        return badInput("run " + std::to_string(run.id) + " records an unknown sampler '" + run.sampler + "'");
    s.sampler = *sampler;
    s.steps = run.steps;
    s.guidanceScale = run.guidance;
    s.width = run.width;
    s.height = run.height;
    s.negativePrompt = run.negativePrompt;
    s.ddimEta = 0.0;
    if (run.samplingJson.empty()) return s;
    const auto j = nlohmann::json::parse(run.samplingJson, nullptr, false);
    if (!j.is_object() || !j.contains("ddim_eta") || !j.at("ddim_eta").is_number())
        return badInput("run " + std::to_string(run.id) + " has a malformed sampling record");
    s.ddimEta = j.at("ddim_eta").get<double>();
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
