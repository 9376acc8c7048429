#pragma once
// One CPU random generator per image, seeded with that image's seed. Every random draw for an
// image (its initial noise, then any sampler step noise) comes from its own generator in a
// fixed per-image shape, in float32 on the CPU, so an image does not depend on the batch it is
// in, the device or the model dtype, and matches diffusers run with a list of CPU generators.
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace rs::diffusion {

class ImageGenerators {
public:
    explicit ImageGenerators(const std::vector<std::uint64_t>& seeds);

    std::size_t size() const { return m_generators.size(); }
    const std::vector<std::uint64_t>& seeds() const { return m_seeds; }

    // Standard normal noise of shape [size(), perImageShape...]: row i drawn from generator i.
    // Drawn in float32 on the CPU, then moved to `device` / `dtype`.
    torch::Tensor randn(c10::IntArrayRef perImageShape, const torch::Device& device,
                        torch::ScalarType dtype = torch::kFloat32);

private:
    std::vector<std::uint64_t> m_seeds;
    std::vector<at::Generator> m_generators;
};

}  // namespace rs::diffusion
