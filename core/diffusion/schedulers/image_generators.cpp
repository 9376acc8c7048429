#include "diffusion/schedulers/image_generators.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

namespace rs::diffusion {

ImageGenerators::ImageGenerators(const std::vector<std::uint64_t>& seeds) : m_seeds(seeds) {
    m_generators.reserve(seeds.size());
    for (std::uint64_t seed : seeds) m_generators.push_back(at::detail::createCPUGenerator(seed));
}

torch::Tensor ImageGenerators::randn(c10::IntArrayRef perImageShape, const torch::Device& device,
                                     torch::ScalarType dtype) {
    std::vector<torch::Tensor> rows;
    rows.reserve(m_generators.size());
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(torch::kCPU);
    for (auto& generator : m_generators) {
        // at::randn takes the generator's lock itself (locking here would deadlock).
        rows.push_back(at::randn(perImageShape, generator, options));
    }
    return torch::stack(rows).to(device, dtype);
}

}  // namespace rs::diffusion
