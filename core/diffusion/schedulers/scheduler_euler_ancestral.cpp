#include "diffusion/schedulers/scheduler_euler_ancestral.h"

#include "diffusion/schedulers/image_generators.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rs::diffusion {

Expected<std::unique_ptr<EulerAncestralScheduler>> EulerAncestralScheduler::create(const SchedulerConfig& config) {
    if (config.predictionType == PredictionType::Sample)
        return makeError("scheduler_config.json: prediction_type \"sample\" is not supported by Euler ancestral");
    auto betas = makeBetas(config);
    if (!betas) return betas.error();
    std::unique_ptr<EulerAncestralScheduler> s(new EulerAncestralScheduler(config));
    auto alphasCumprod = alphasCumprodFromBetas(*betas);
    if (config.rescaleBetasZeroSnr) alphasCumprod[-1] = std::pow(2.0, -24);
    s->setAlphasCumprod(alphasCumprod);
    s->m_spacing = config.timestepSpacing.value_or(TimestepSpacing::Linspace);
    const auto trainSigmas = ((1 - s->m_alphasCumprod) / s->m_alphasCumprod).pow(0.5).contiguous();
    const float* data = trainSigmas.data_ptr<float>();
    s->m_trainSigmas.assign(data, data + trainSigmas.numel());
    return s;
}

Status EulerAncestralScheduler::setTimesteps(int n) {
    if (auto st = checkStepCount(n); !st) return st;
    const int T = m_config.numTrainTimesteps;
    std::vector<double> ts;
    switch (m_spacing) {
    case TimestepSpacing::Linspace:
        for (double v : numpyLinspace(0, T - 1, n)) ts.insert(ts.begin(), v);
        break;
    case TimestepSpacing::Leading: {
        const int ratio = T / n;
        for (int i = n - 1; i >= 0; --i) ts.push_back(double(i * ratio) + m_config.stepsOffset);
        break;
    }
    case TimestepSpacing::Trailing:
        for (double v : numpyArange(T, 0, -double(T) / n)) ts.push_back(numpyRound(v) - 1);
        break;
    }
    std::vector<double> sigmas;
    for (double& t : ts) {
        t = double(float(t));  // diffusers keeps these timesteps as float32
        if (t < 0 || t > T - 1)
            return makeError("Euler ancestral timestep " + std::to_string(t) + " lies outside 0.." +
                             std::to_string(T - 1) + " (steps_offset too large for " + std::to_string(n) + " steps?)");
        // np.interp(t, arange(T), trainSigmas)
        const size_t j = std::min(size_t(t), size_t(T - 2));
        const double slope = m_trainSigmas[j + 1] - m_trainSigmas[j];
        const double value =
            t == double(T - 1) ? m_trainSigmas[size_t(T - 1)] : slope * (t - double(j)) + m_trainSigmas[j];
        sigmas.push_back(double(float(value)));
    }
    sigmas.push_back(0.0);
    m_timesteps = std::move(ts);
    m_sigmas = std::move(sigmas);
    return Status::success();
}

double EulerAncestralScheduler::initNoiseSigma() const {
    if (m_sigmas.empty()) return 1.0;
    const double maxSigma = *std::max_element(m_sigmas.begin(), m_sigmas.end());
    if (m_spacing == TimestepSpacing::Leading) return std::sqrt(maxSigma * maxSigma + 1);
    return maxSigma;
}

torch::Tensor EulerAncestralScheduler::scaleModelInput(const torch::Tensor& sample, int i) const {
    checkStepIndex(i);
    const double sigma = m_sigmas[size_t(i)];
    return sample / std::sqrt(sigma * sigma + 1);
}

torch::Tensor EulerAncestralScheduler::step(const torch::Tensor& modelOutput, int i, const torch::Tensor& sampleIn,
                                            ImageGenerators* noise) {
    checkStepIndex(i);
    const auto sample = sampleIn.to(torch::kFloat32);
    const auto output = modelOutput.to(torch::kFloat32);
    const double sigma = m_sigmas[size_t(i)];
    torch::Tensor predOriginal;
    if (m_config.predictionType == PredictionType::VPrediction)
        predOriginal = output * (-sigma / std::sqrt(sigma * sigma + 1)) + sample / (sigma * sigma + 1);
    else
        predOriginal = sample - sigma * output;
    const double sigmaTo = m_sigmas[size_t(i) + 1];
    const double sigmaUp = std::sqrt(sigmaTo * sigmaTo * (sigma * sigma - sigmaTo * sigmaTo) / (sigma * sigma));
    const double sigmaDown = std::sqrt(sigmaTo * sigmaTo - sigmaUp * sigmaUp);
    const auto derivative = (sample - predOriginal) / sigma;
    auto prev = sample + derivative * (sigmaDown - sigma);
    if (!noise || int64_t(noise->size()) != sample.size(0))
        throw std::logic_error("euler_a scheduler: needs one noise generator per batch row");
    // Drawn on every step, the last included, so each generator advances as in diffusers.
    prev = prev + noise->randn(sample.sizes().slice(1), sample.device()) * sigmaUp;
    return prev;
}

}  // namespace rs::diffusion
