#include "diffusion/schedulers/scheduler_base.h"

#include <torch/torch.h>

#include <cfenv>
#include <cmath>
#include <stdexcept>

namespace rs::diffusion {

const char* toString(PredictionType type) {
    switch (type) {
    case PredictionType::Epsilon:
        return "epsilon";
    case PredictionType::VPrediction:
        return "v_prediction";
    case PredictionType::Sample:
        return "sample";
    }
    return "?";
}

const char* toString(TimestepSpacing spacing) {
    switch (spacing) {
    case TimestepSpacing::Leading:
        return "leading";
    case TimestepSpacing::Trailing:
        return "trailing";
    case TimestepSpacing::Linspace:
        return "linspace";
    }
    return "?";
}

SchedulerConfig stableDiffusion1SchedulerConfig() {
    SchedulerConfig c;
    c.className = "PNDMScheduler";
    c.numTrainTimesteps = 1000;
    c.betaStart = 0.00085;
    c.betaEnd = 0.012;
    c.betaSchedule = "scaled_linear";
    c.predictionType = PredictionType::Epsilon;
    c.timestepSpacing = TimestepSpacing::Leading;
    c.stepsOffset = 1;
    c.clipSample = false;
    c.setAlphaToOne = false;
    return c;
}

namespace {

// diffusers' betas_for_alpha_bar with the cosine transform (Nichol & Dhariwal), max β 0.999.
torch::Tensor cosineBetas(int n) {
    auto alphaBar = [](double t) {
        const double c = std::cos((t + 0.008) / 1.008 * M_PI / 2);
        return c * c;
    };
    std::vector<float> betas(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double t1 = double(i) / n;
        const double t2 = double(i + 1) / n;
        betas[size_t(i)] = float(std::min(1 - alphaBar(t2) / alphaBar(t1), 0.999));
    }
    return torch::tensor(betas, torch::kFloat32);
}

// Lin et al. 2023, Algorithm 1, as diffusers' rescale_zero_terminal_snr.
torch::Tensor rescaleZeroTerminalSnr(const torch::Tensor& betas) {
    auto alphasBarSqrt = torch::cumprod(1.0 - betas, 0).sqrt();
    auto first = alphasBarSqrt[0].clone();
    auto last = alphasBarSqrt[-1].clone();
    alphasBarSqrt = (alphasBarSqrt - last) * (first / (first - last));
    auto alphasBar = alphasBarSqrt.pow(2);
    auto alphas = torch::cat({alphasBar.slice(0, 0, 1), alphasBar.slice(0, 1) / alphasBar.slice(0, 0, -1)});
    return 1.0 - alphas;
}

}  // namespace

Expected<torch::Tensor> makeBetas(const SchedulerConfig& config) {
    const int n = config.numTrainTimesteps;
    if (n < 2 || n > 100000)
        return makeError("scheduler_config.json: num_train_timesteps " + std::to_string(n) +
                         " is out of range (2..100000)");
    torch::Tensor betas;
    if (!config.trainedBetas.empty()) {
        if (int(config.trainedBetas.size()) != n)
            return makeError("scheduler_config.json: trained_betas has " + std::to_string(config.trainedBetas.size()) +
                             " values but num_train_timesteps is " + std::to_string(n));
        std::vector<float> values(config.trainedBetas.begin(), config.trainedBetas.end());
        betas = torch::tensor(values, torch::kFloat32);
    } else if (config.betaSchedule == "linear") {
        betas = torch::linspace(config.betaStart, config.betaEnd, n, torch::kFloat32);
    } else if (config.betaSchedule == "scaled_linear") {
        betas = torch::linspace(std::sqrt(config.betaStart), std::sqrt(config.betaEnd), n, torch::kFloat32).pow(2);
    } else if (config.betaSchedule == "squaredcos_cap_v2") {
        betas = cosineBetas(n);
    } else {
        return makeError("scheduler_config.json: beta_schedule \"" + config.betaSchedule +
                         "\" is not supported (linear, scaled_linear, squaredcos_cap_v2)");
    }
    if (config.rescaleBetasZeroSnr) betas = rescaleZeroTerminalSnr(betas);
    const auto minBeta = betas.min().item<float>();
    const auto maxBeta = betas.max().item<float>();
    if (!(minBeta >= 0.0f) || !(maxBeta <= 1.0f))
        return makeError("scheduler_config.json: betas must lie in [0, 1] (got " + std::to_string(minBeta) + " .. " +
                         std::to_string(maxBeta) + ")");
    return betas;
}

torch::Tensor alphasCumprodFromBetas(const torch::Tensor& betas) { return torch::cumprod(1.0 - betas, 0); }

double numpyRound(double value) {
    // numpy rounds half to even, which is rint under the default rounding mode.
    return std::nearbyint(value);
}

std::vector<double> numpyLinspace(double start, double stop, int num) {
    std::vector<double> out;
    if (num <= 0) return out;
    out.resize(size_t(num));
    const int div = num - 1;
    const double delta = stop - start;
    const double step = div > 0 ? delta / div : 0.0;
    for (int i = 0; i < num; ++i) {
        double y;
        if (div == 0)
            y = i * delta;
        else if (step == 0)
            y = (double(i) / div) * delta;
        else
            y = i * step;
        out[size_t(i)] = y + start;
    }
    if (num > 1) out.back() = stop;
    return out;
}

std::vector<double> numpyArange(double start, double stop, double step) {
    std::vector<double> out;
    const double length = std::ceil((stop - start) / step);
    if (!(length > 0)) return out;
    out.resize(size_t(length));
    out[0] = start;
    if (out.size() > 1) {
        // numpy fills a float range from its first two entries: start + i * ((start + step) - start).
        const double second = start + step;
        const double delta = second - start;
        out[1] = second;
        for (size_t i = 2; i < out.size(); ++i) out[i] = start + double(i) * delta;
    }
    return out;
}

torch::Tensor Scheduler::scaleModelInput(const torch::Tensor& sample, int) const { return sample; }

Status Scheduler::checkStepCount(int numInferenceSteps) const {
    if (numInferenceSteps < 1)
        return makeError("the number of inference steps must be at least 1 (got " + std::to_string(numInferenceSteps) +
                         ")");
    if (numInferenceSteps > m_config.numTrainTimesteps)
        return makeError("the number of inference steps (" + std::to_string(numInferenceSteps) +
                         ") cannot exceed the model's num_train_timesteps (" +
                         std::to_string(m_config.numTrainTimesteps) + ")");
    return Status::success();
}

void Scheduler::checkStepIndex(int stepIndex) const {
    if (m_timesteps.empty()) throw std::logic_error(name() + " scheduler: setTimesteps() was not called");
    if (stepIndex < 0 || stepIndex >= int(m_timesteps.size()))
        throw std::logic_error(name() + " scheduler: step index " + std::to_string(stepIndex) + " out of range");
}

void Scheduler::setAlphasCumprod(torch::Tensor alphasCumprod) {
    m_alphasCumprod = alphasCumprod.to(torch::kFloat32).contiguous();
    const float* data = m_alphasCumprod.data_ptr<float>();
    m_alphasCumprodValues.assign(data, data + m_alphasCumprod.numel());
}

}  // namespace rs::diffusion
