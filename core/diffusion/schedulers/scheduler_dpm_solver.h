#pragma once
// DPM-Solver++ (Lu et al. 2022) multistep, first or second order (2M, midpoint or heun), as
// diffusers' DPMSolverMultistepScheduler with algorithm_type "dpmsolver++": the model output
// is turned into a data prediction x̂0; the first step is first order (no history yet), the
// last is first order when the final sigma is 0 (or with lower_order_final and < 15 steps).
#include "diffusion/schedulers/scheduler_base.h"

#include <memory>

namespace rs::diffusion {

class DpmSolverMultistepScheduler : public Scheduler {
public:
    static Expected<std::unique_ptr<DpmSolverMultistepScheduler>> create(const SchedulerConfig& config);

    std::string name() const override { return m_config.solverOrder == 1 ? "dpm++1" : "dpm++2m"; }
    Status setTimesteps(int numInferenceSteps) override;
    torch::Tensor step(const torch::Tensor& modelOutput, int stepIndex, const torch::Tensor& sample,
                       ImageGenerators* noise) override;

    // σ_i = sqrt((1-ᾱ)/ᾱ) at each timestep plus the final σ (0 or σ_min): numInferenceSteps()+1.
    const std::vector<double>& sigmas() const { return m_sigmas; }
    // Whether step i uses the first-order update (diffusers' rule).
    bool isFirstOrderStep(int stepIndex) const;

private:
    explicit DpmSolverMultistepScheduler(const SchedulerConfig& config) : Scheduler(config) {}
    torch::Tensor dataPrediction(const torch::Tensor& output, const torch::Tensor& sample, int stepIndex) const;

    TimestepSpacing m_spacing = TimestepSpacing::Linspace;
    std::vector<double> m_trainSigmas;  // float32 values, per train timestep
    std::vector<double> m_sigmas;
    torch::Tensor m_previousPrediction;  // x̂0 of the previous step
    int m_lowerOrderNums = 0;
    int m_nextStep = 0;
};

}  // namespace rs::diffusion
