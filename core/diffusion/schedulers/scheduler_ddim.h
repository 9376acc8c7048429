#pragma once
// DDIM (Song et al. 2021) as diffusers' DDIMScheduler: deterministic for eta = 0, DDPM-like
// ancestral noise for eta > 0.
#include "diffusion/schedulers/scheduler_base.h"

#include <memory>

namespace rs::diffusion {

class DdimScheduler : public Scheduler {
public:
    // Refuses, by name, configuration values this implementation does not support.
    static Expected<std::unique_ptr<DdimScheduler>> create(const SchedulerConfig& config, double eta = 0.0);

    std::string name() const override { return "ddim"; }
    bool isStochastic() const override { return m_eta > 0; }
    Status setTimesteps(int numInferenceSteps) override;
    torch::Tensor step(const torch::Tensor& modelOutput, int stepIndex, const torch::Tensor& sample,
                       ImageGenerators* noise) override;

    double eta() const { return m_eta; }
    TimestepSpacing spacing() const { return m_spacing; }
    // ᾱ used after the last step (timestep < 0): 1 with set_alpha_to_one, else ᾱ_0.
    double finalAlphaCumprod() const { return m_finalAlphaCumprod; }
    // diffusers' previous timestep: t − T // N (for every spacing).
    long previousTimestep(int stepIndex) const;

private:
    explicit DdimScheduler(const SchedulerConfig& config) : Scheduler(config) {}

    double m_eta = 0.0;
    bool m_clipSample = true;
    double m_finalAlphaCumprod = 1.0;
    TimestepSpacing m_spacing = TimestepSpacing::Leading;
};

}  // namespace rs::diffusion
