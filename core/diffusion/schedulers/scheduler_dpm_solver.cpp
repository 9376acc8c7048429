#include "diffusion/schedulers/scheduler_dpm_solver.h"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace rs::diffusion {

namespace {

struct AlphaSigma {
    double alpha, sigma, lambda;
};

// diffusers' _sigma_to_alpha_sigma_t: α = 1/sqrt(σ²+1), σ_t = σ·α, λ = log α − log σ_t.
AlphaSigma alphaSigma(double sigma) {
    const double alpha = 1.0 / std::sqrt(sigma * sigma + 1.0);
    const double sigmaT = sigma * alpha;
    return {alpha, sigmaT, std::log(alpha) - std::log(sigmaT)};
}

}  // namespace

Expected<std::unique_ptr<DpmSolverMultistepScheduler>> DpmSolverMultistepScheduler::create(const SchedulerConfig& c) {
    const std::string where = "scheduler_config.json (DPM-Solver++): ";
    if (c.algorithmType != "dpmsolver++" && c.algorithmType != "deis")
        return makeError(where + "algorithm_type \"" + c.algorithmType + "\" is not supported (only dpmsolver++)");
    if (c.solverType != "midpoint" && c.solverType != "heun" && c.solverType != "logrho" && c.solverType != "bh1" &&
        c.solverType != "bh2")
        return makeError(where + "solver_type \"" + c.solverType + "\" is not supported (midpoint, heun)");
    if (c.solverOrder != 1 && c.solverOrder != 2)
        return makeError(where + "solver_order " + std::to_string(c.solverOrder) + " is not supported (1 or 2)");
    if (c.finalSigmasType != "zero" && c.finalSigmasType != "sigma_min")
        return makeError(where + "final_sigmas_type \"" + c.finalSigmasType + "\" is not supported (zero, sigma_min)");
    if (c.thresholding) return makeError(where + "thresholding = true is not supported");
    if (c.useKarrasSigmas) return makeError(where + "use_karras_sigmas = true is not supported");
    if (c.useExponentialSigmas) return makeError(where + "use_exponential_sigmas = true is not supported");
    if (c.useBetaSigmas) return makeError(where + "use_beta_sigmas = true is not supported");
    if (c.useLuLambdas) return makeError(where + "use_lu_lambdas = true is not supported");
    if (c.useFlowSigmas) return makeError(where + "use_flow_sigmas = true is not supported");
    if (!c.varianceType.empty()) return makeError(where + "variance_type \"" + c.varianceType + "\" is not supported");
    auto betas = makeBetas(c);
    if (!betas) return betas.error();
    SchedulerConfig config = c;
    // diffusers maps the DEIS / UniPC names onto DPM-Solver++ midpoint.
    if (config.algorithmType == "deis") config.algorithmType = "dpmsolver++";
    if (config.solverType != "heun") config.solverType = "midpoint";
    std::unique_ptr<DpmSolverMultistepScheduler> s(new DpmSolverMultistepScheduler(config));
    auto alphasCumprod = alphasCumprodFromBetas(*betas);
    if (config.rescaleBetasZeroSnr) alphasCumprod[-1] = std::pow(2.0, -24);
    s->setAlphasCumprod(alphasCumprod);
    s->m_spacing = config.timestepSpacing.value_or(TimestepSpacing::Linspace);
    const auto trainSigmas = ((1 - s->m_alphasCumprod) / s->m_alphasCumprod).pow(0.5).contiguous();
    const float* data = trainSigmas.data_ptr<float>();
    s->m_trainSigmas.assign(data, data + trainSigmas.numel());
    return s;
}

Status DpmSolverMultistepScheduler::setTimesteps(int n) {
    if (auto st = checkStepCount(n); !st) return st;
    const int T = m_config.numTrainTimesteps;
    // searchsorted(flip(λ_t), lambda_min_clipped): how many train steps lie below the clip.
    const auto alphaT = m_alphasCumprod.sqrt();
    const auto sigmaT = (1 - m_alphasCumprod).sqrt();
    const auto lambdas = (alphaT.log() - sigmaT.log()).contiguous();
    int clipped = 0;
    for (int i = 0; i < T; ++i)
        if (double(lambdas.data_ptr<float>()[i]) < m_config.lambdaMinClipped) ++clipped;
    const int last = T - clipped;
    if (last < 1) return makeError("scheduler_config.json: lambda_min_clipped leaves no timesteps");

    std::vector<double> ts;
    switch (m_spacing) {
    case TimestepSpacing::Linspace: {
        const auto grid = numpyLinspace(0, last - 1, n + 1);
        for (int i = n; i >= 1; --i) ts.push_back(numpyRound(grid[size_t(i)]));
        break;
    }
    case TimestepSpacing::Leading: {
        const int ratio = last / (n + 1);
        for (int i = n; i >= 1; --i) ts.push_back(double(i * ratio + m_config.stepsOffset));
        break;
    }
    case TimestepSpacing::Trailing:
        for (double v : numpyArange(last, 0, -double(T) / n)) ts.push_back(numpyRound(v) - 1);
        break;
    }
    if (ts.empty()) return makeError("DPM-Solver++: no timesteps for " + std::to_string(n) + " steps");
    std::vector<double> sigmas;
    for (double t : ts) {
        if (t < 0 || t >= T)
            return makeError("DPM-Solver++ timestep " + std::to_string(long(t)) + " lies outside 0.." +
                             std::to_string(T - 1) + " (steps_offset too large for " + std::to_string(n) + " steps?)");
        sigmas.push_back(m_trainSigmas[size_t(t)]);
    }
    sigmas.push_back(m_config.finalSigmasType == "zero" ? 0.0 : m_trainSigmas[0]);
    // diffusers keeps the sigmas as float32.
    for (double& s : sigmas) s = double(float(s));
    m_timesteps = std::move(ts);
    m_sigmas = std::move(sigmas);
    m_previousPrediction = torch::Tensor();
    m_lowerOrderNums = 0;
    m_nextStep = 0;
    return Status::success();
}

bool DpmSolverMultistepScheduler::isFirstOrderStep(int i) const {
    const int count = numInferenceSteps();
    const bool lowerOrderFinal = i == count - 1 && (m_config.eulerAtFinal || (m_config.lowerOrderFinal && count < 15) ||
                                                    m_config.finalSigmasType == "zero");
    // lower_order_nums after i steps is min(i, order).
    return m_config.solverOrder == 1 || std::min(i, m_config.solverOrder) < 1 || lowerOrderFinal;
}

torch::Tensor DpmSolverMultistepScheduler::dataPrediction(const torch::Tensor& output, const torch::Tensor& sample,
                                                          int i) const {
    const auto [alpha, sigma, lambda] = alphaSigma(m_sigmas[size_t(i)]);
    (void)lambda;
    switch (m_config.predictionType) {
    case PredictionType::Epsilon:
        return (sample - sigma * output) / alpha;
    case PredictionType::Sample:
        return output;
    case PredictionType::VPrediction:
        return alpha * sample - sigma * output;
    }
    return output;
}

torch::Tensor DpmSolverMultistepScheduler::step(const torch::Tensor& modelOutput, int i, const torch::Tensor& sampleIn,
                                                ImageGenerators*) {
    checkStepIndex(i);
    if (i != m_nextStep)
        throw std::logic_error("dpm++ scheduler: step " + std::to_string(i) + " taken out of order (expected " +
                               std::to_string(m_nextStep) + ")");
    const auto sample = sampleIn.to(torch::kFloat32);
    const auto x0 = dataPrediction(modelOutput.to(torch::kFloat32), sample, i);

    const double sigmaNext = m_sigmas[size_t(i) + 1];
    torch::Tensor prev;
    if (isFirstOrderStep(i) || m_lowerOrderNums < 1) {
        if (sigmaNext == 0.0) {
            // σ_t = 0: α_t = 1, h = ∞, so x_t = x̂0 exactly.
            prev = x0;
        } else {
            const auto t = alphaSigma(sigmaNext);
            const auto s = alphaSigma(m_sigmas[size_t(i)]);
            const double h = t.lambda - s.lambda;
            prev = (t.sigma / s.sigma) * sample - (t.alpha * (std::exp(-h) - 1.0)) * x0;
        }
    } else {
        const auto t = alphaSigma(sigmaNext);
        const auto s0 = alphaSigma(m_sigmas[size_t(i)]);
        const auto s1 = alphaSigma(m_sigmas[size_t(i) - 1]);
        const double h = t.lambda - s0.lambda;
        const double h0 = s0.lambda - s1.lambda;
        const double r0 = h0 / h;
        const auto& d0 = x0;
        const auto d1 = (1.0 / r0) * (x0 - m_previousPrediction);
        const double phi = t.alpha * (std::exp(-h) - 1.0);
        if (m_config.solverType == "heun")
            prev = (t.sigma / s0.sigma) * sample - phi * d0 + (t.alpha * ((std::exp(-h) - 1.0) / h + 1.0)) * d1;
        else
            prev = (t.sigma / s0.sigma) * sample - phi * d0 - 0.5 * phi * d1;
    }
    m_previousPrediction = x0;
    if (m_lowerOrderNums < m_config.solverOrder) ++m_lowerOrderNums;
    ++m_nextStep;
    return prev;
}

}  // namespace rs::diffusion
