#include "diffusion/schedulers/scheduler_factory.h"

#include "diffusion/io/json.h"
#include "diffusion/schedulers/scheduler_ddim.h"
#include "diffusion/schedulers/scheduler_dpm_solver.h"
#include "diffusion/schedulers/scheduler_euler_ancestral.h"

namespace rs::diffusion {

std::optional<SamplerKind> parseSamplerName(std::string_view name) {
    if (name == "auto") return SamplerKind::FromConfig;
    if (name == "ddim") return SamplerKind::Ddim;
    if (name == "dpm++2m" || name == "dpmpp2m" || name == "dpm++") return SamplerKind::DpmSolverMultistep;
    if (name == "euler_a" || name == "euler_ancestral") return SamplerKind::EulerAncestral;
    return std::nullopt;
}

const char* toString(SamplerKind kind) {
    switch (kind) {
    case SamplerKind::FromConfig:
        return "auto";
    case SamplerKind::Ddim:
        return "ddim";
    case SamplerKind::DpmSolverMultistep:
        return "dpm++2m";
    case SamplerKind::EulerAncestral:
        return "euler_a";
    }
    return "?";
}

namespace {

// Replaces the bare literals NaN, Infinity and -Infinity (outside strings) with null.
std::string nullNonFiniteLiterals(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size())
                out += text[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') inString = true;
        auto startsWith = [&](std::string_view word) { return text.substr(i, word.size()) == word; };
        if (startsWith("-Infinity")) {
            out += "null";
            i += 8;
            continue;
        }
        if (startsWith("Infinity")) {
            out += "null";
            i += 7;
            continue;
        }
        if (startsWith("NaN")) {
            out += "null";
            i += 2;
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

Expected<SchedulerConfig> parseSchedulerConfig(std::string_view jsonText, const std::string& where) {
    auto json = parseJson(nullNonFiniteLiterals(jsonText));
    if (!json) return makeError(where + ": " + json.message());
    if (!json->isObject()) return makeError(where + ": expected a JSON object");
    JsonConfigReader r(*json, where);
    SchedulerConfig c;
    c.className = r.string("_class_name", "");
    c.numTrainTimesteps = int(r.integer("num_train_timesteps", c.numTrainTimesteps));
    c.betaStart = r.number("beta_start", c.betaStart);
    c.betaEnd = r.number("beta_end", c.betaEnd);
    c.betaSchedule = r.string("beta_schedule", c.betaSchedule);
    c.trainedBetas = r.numberArray("trained_betas", {});
    const std::string prediction = r.string("prediction_type", "epsilon");
    if (prediction == "epsilon")
        c.predictionType = PredictionType::Epsilon;
    else if (prediction == "v_prediction")
        c.predictionType = PredictionType::VPrediction;
    else if (prediction == "sample")
        c.predictionType = PredictionType::Sample;
    else
        r.failKey("prediction_type", "= \"" + prediction + "\" is not supported (epsilon, v_prediction, sample)");
    if (r.has("timestep_spacing")) {
        const std::string spacing = r.string("timestep_spacing");
        if (spacing == "leading")
            c.timestepSpacing = TimestepSpacing::Leading;
        else if (spacing == "trailing")
            c.timestepSpacing = TimestepSpacing::Trailing;
        else if (spacing == "linspace")
            c.timestepSpacing = TimestepSpacing::Linspace;
        else
            r.failKey("timestep_spacing", "= \"" + spacing + "\" is not supported (leading, trailing, linspace)");
    }
    c.stepsOffset = int(r.integer("steps_offset", 0));
    c.rescaleBetasZeroSnr = r.boolean("rescale_betas_zero_snr", false);
    if (r.has("clip_sample")) c.clipSample = r.boolean("clip_sample");
    c.clipSampleRange = r.number("clip_sample_range", c.clipSampleRange);
    if (r.has("set_alpha_to_one")) c.setAlphaToOne = r.boolean("set_alpha_to_one");
    c.solverOrder = int(r.integer("solver_order", c.solverOrder));
    c.algorithmType = r.string("algorithm_type", c.algorithmType);
    c.solverType = r.string("solver_type", c.solverType);
    c.lowerOrderFinal = r.boolean("lower_order_final", c.lowerOrderFinal);
    c.eulerAtFinal = r.boolean("euler_at_final", c.eulerAtFinal);
    c.finalSigmasType = r.string("final_sigmas_type", c.finalSigmasType);
    c.lambdaMinClipped = r.number("lambda_min_clipped", c.lambdaMinClipped);
    c.thresholding = r.boolean("thresholding", false);
    c.useKarrasSigmas = r.boolean("use_karras_sigmas", false);
    c.useExponentialSigmas = r.boolean("use_exponential_sigmas", false);
    c.useBetaSigmas = r.boolean("use_beta_sigmas", false);
    c.useLuLambdas = r.boolean("use_lu_lambdas", false);
    c.useFlowSigmas = r.boolean("use_flow_sigmas", false);
    c.varianceType = r.string("variance_type", "");
    if (!r.ok()) return r.status().error();
    if (c.stepsOffset < 0) return makeError(where + ": 'steps_offset' must not be negative");
    return c;
}

Expected<SchedulerSelection> makeScheduler(SamplerKind kind, const SchedulerConfig& config, double ddimEta) {
    SchedulerSelection out;
    const bool named = kind != SamplerKind::FromConfig;
    if (!named) {
        if (config.className == "DDIMScheduler")
            kind = SamplerKind::Ddim;
        else if (config.className == "DPMSolverMultistepScheduler")
            kind = SamplerKind::DpmSolverMultistep;
        else if (config.className == "EulerAncestralDiscreteScheduler")
            kind = SamplerKind::EulerAncestral;
        else {
            kind = SamplerKind::Ddim;
            out.warnings.push_back(
                "scheduler_config.json names " +
                (config.className.empty() ? std::string("no scheduler class") : config.className) +
                ", which ReplicaScope does not implement; using DDIM with the config's noise schedule");
        }
    }
    switch (kind) {
    case SamplerKind::Ddim: {
        auto s = DdimScheduler::create(config, ddimEta);
        if (!s) return s.error();
        out.scheduler = std::move(*s);
        break;
    }
    case SamplerKind::DpmSolverMultistep: {
        SchedulerConfig c = config;
        if (named) {
            // The user asked for DPM-Solver++ 2M by name, whatever variant the config describes.
            c.algorithmType = "dpmsolver++";
            c.solverOrder = 2;
        }
        auto s = DpmSolverMultistepScheduler::create(c);
        if (!s) return s.error();
        out.scheduler = std::move(*s);
        break;
    }
    case SamplerKind::EulerAncestral: {
        auto s = EulerAncestralScheduler::create(config);
        if (!s) return s.error();
        out.scheduler = std::move(*s);
        break;
    }
    case SamplerKind::FromConfig:
        break;
    }
    return out;
}

}  // namespace rs::diffusion
