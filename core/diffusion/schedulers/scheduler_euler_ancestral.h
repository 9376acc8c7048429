#pragma once
// Euler ancestral (Karras et al. 2022 sampler "euler_a") as diffusers'
// EulerAncestralDiscreteScheduler: works on σ-scaled samples (init_noise_sigma, scale_model_input)
// and adds fresh noise every step, drawn from each image's own generator.
#include "diffusion/schedulers/scheduler_base.h"

#include <memory>

namespace rs::diffusion {

class EulerAncestralScheduler : public Scheduler {
public:
    static Expected<std::unique_ptr<EulerAncestralScheduler>> create(const SchedulerConfig& config);

    std::string name() const override { return "euler_a"; }
    bool isStochastic() const override { return true; }
    Status setTimesteps(int numInferenceSteps) override;
    double initNoiseSigma() const override;
    torch::Tensor scaleModelInput(const torch::Tensor& sample, int stepIndex) const override;
    torch::Tensor step(const torch::Tensor& modelOutput, int stepIndex, const torch::Tensor& sample,
                       ImageGenerators* noise) override;

    // σ at each timestep (float32 values, interpolated like np.interp) plus a final 0.
    const std::vector<double>& sigmas() const { return m_sigmas; }

private:
    explicit EulerAncestralScheduler(const SchedulerConfig& config) : Scheduler(config) {}

    TimestepSpacing m_spacing = TimestepSpacing::Linspace;
    std::vector<double> m_trainSigmas;
    std::vector<double> m_sigmas;
};

}  // namespace rs::diffusion
