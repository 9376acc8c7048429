#pragma once
// Everything about how an image is sampled that changes its pixels, apart from the prompt, the
// seed and the model: one value, carried whole from a front end through the scan to the run
// record and the exports (audit/sampling_record.h writes it down), so that a parameter cannot be
// used without being recorded. A new sampling option is added here and nowhere else.
#include "diffusion/schedulers/scheduler_factory.h"

#include <string>

namespace rs::diffusion {

struct SamplingParameters {
    SamplerKind sampler = SamplerKind::Ddim;
    int steps = 50;
    double guidanceScale = 7.5;  // <= 1: no classifier-free guidance
    double ddimEta = 0.0;        // DDIM's η (0: deterministic); other samplers ignore it
    int width = 512;             // pixels; multiples of 8 (a scan's 0: the model's native size)
    int height = 512;
    std::string negativePrompt;  // "" = unconditional
};

}  // namespace rs::diffusion
