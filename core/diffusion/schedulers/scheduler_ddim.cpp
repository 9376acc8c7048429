#include "diffusion/schedulers/scheduler_ddim.h"

#include "diffusion/schedulers/image_generators.h"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace rs::diffusion {

Expected<std::unique_ptr<DdimScheduler>> DdimScheduler::create(const SchedulerConfig& config, double eta) {
    if (config.thresholding)
        return makeError("scheduler_config.json: thresholding = true is not supported by the DDIM scheduler");
    if (!(eta >= 0.0 && eta <= 1.0)) return makeError("DDIM eta must lie in [0, 1] (got " + std::to_string(eta) + ")");
    auto betas = makeBetas(config);
    if (!betas) return betas.error();
    std::unique_ptr<DdimScheduler> s(new DdimScheduler(config));
    s->setAlphasCumprod(alphasCumprodFromBetas(*betas));
    s->m_eta = eta;
    s->m_clipSample = config.clipSample.value_or(true);
    s->m_spacing = config.timestepSpacing.value_or(TimestepSpacing::Leading);
    s->m_finalAlphaCumprod = config.setAlphaToOne.value_or(true) ? 1.0 : s->alphaCumprod(0);
    return s;
}

Status DdimScheduler::setTimesteps(int n) {
    if (auto st = checkStepCount(n); !st) return st;
    const int T = m_config.numTrainTimesteps;
    std::vector<double> ts;
    switch (m_spacing) {
    case TimestepSpacing::Linspace:
        for (double v : numpyLinspace(0, T - 1, n)) ts.insert(ts.begin(), numpyRound(v));
        break;
    case TimestepSpacing::Leading: {
        const int ratio = T / n;
        for (int i = n - 1; i >= 0; --i) ts.push_back(double(i * ratio + m_config.stepsOffset));
        break;
    }
    case TimestepSpacing::Trailing:
        for (double v : numpyArange(T, 0, -double(T) / n)) ts.push_back(numpyRound(v) - 1);
        break;
    }
    for (double t : ts)
        if (t < 0 || t >= T)
            return makeError("DDIM timestep " + std::to_string(long(t)) + " lies outside 0.." + std::to_string(T - 1) +
                             " (steps_offset " + std::to_string(m_config.stepsOffset) + " too large for " +
                             std::to_string(n) + " steps?)");
    m_timesteps = std::move(ts);
    return Status::success();
}

long DdimScheduler::previousTimestep(int stepIndex) const {
    checkStepIndex(stepIndex);
    return long(m_timesteps[size_t(stepIndex)]) - m_config.numTrainTimesteps / numInferenceSteps();
}

torch::Tensor DdimScheduler::step(const torch::Tensor& modelOutput, int stepIndex, const torch::Tensor& sampleIn,
                                  ImageGenerators* noise) {
    checkStepIndex(stepIndex);
    const long t = long(m_timesteps[size_t(stepIndex)]);
    const long prev = previousTimestep(stepIndex);
    const double alphaT = alphaCumprod(t);
    const double alphaPrev = prev >= 0 ? alphaCumprod(prev) : m_finalAlphaCumprod;
    const double betaT = 1 - alphaT;
    const auto sample = sampleIn.to(torch::kFloat32);
    const auto output = modelOutput.to(torch::kFloat32);

    torch::Tensor predOriginal, predEpsilon;
    switch (m_config.predictionType) {
    case PredictionType::Epsilon:
        predOriginal = (sample - std::sqrt(betaT) * output) / std::sqrt(alphaT);
        predEpsilon = output;
        break;
    case PredictionType::Sample:
        predOriginal = output;
        predEpsilon = (sample - std::sqrt(alphaT) * predOriginal) / std::sqrt(betaT);
        break;
    case PredictionType::VPrediction:
        predOriginal = std::sqrt(alphaT) * sample - std::sqrt(betaT) * output;
        predEpsilon = std::sqrt(alphaT) * output + std::sqrt(betaT) * sample;
        break;
    }
    if (m_clipSample) predOriginal = predOriginal.clamp(-m_config.clipSampleRange, m_config.clipSampleRange);

    const double variance = ((1 - alphaPrev) / betaT) * (1 - alphaT / alphaPrev);
    const double stdDev = m_eta * std::sqrt(variance);
    auto prevSample = std::sqrt(alphaPrev) * predOriginal + std::sqrt(1 - alphaPrev - stdDev * stdDev) * predEpsilon;
    if (m_eta > 0) {
        if (!noise || int64_t(noise->size()) != sample.size(0))
            throw std::logic_error("ddim scheduler: eta > 0 needs one noise generator per batch row");
        prevSample = prevSample + stdDev * noise->randn(sample.sizes().slice(1), sample.device());
    }
    return prevSample;
}

}  // namespace rs::diffusion
