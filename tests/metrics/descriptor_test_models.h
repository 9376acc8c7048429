#pragma once
// Small TorchScript descriptor models built from C++ (no Python torch here): the same interface
// as SSCD's released files, forward(x: [N,3,H,W]) -> [N,D], saved with Module::save and then
// loaded back through the real loader.
#include <torch/script.h>

#include <string>

namespace rs::test {

// conv 3x3/2 + ReLU, adaptive average pool to 4x4, linear projection to `dim`. Any H, W >= 8.
inline torch::jit::Module tinyDescriptorModule(int dim, std::uint64_t seed = 1) {
    torch::manual_seed(seed);
    torch::jit::Module m("TinyDescriptor");
    m.register_parameter("conv_w", torch::randn({16, 3, 3, 3}) * 0.3, false);
    m.register_parameter("conv_b", torch::randn({16}) * 0.1, false);
    m.register_parameter("proj", torch::randn({dim, 16 * 4 * 4}) * 0.1, false);
    m.define(R"JIT(
def forward(self, x):
    h = torch.relu(torch.conv2d(x, self.conv_w, self.conv_b, [2, 2], [1, 1]))
    h = torch.adaptive_avg_pool2d(h, [4, 4])
    return torch.matmul(torch.flatten(h, 1), self.proj.t())
)JIT");
    return m;
}

// Models that load but break the contract in one way each.
inline torch::jit::Module brokenDescriptorModule(const std::string& how) {
    torch::jit::Module m("BrokenDescriptor");
    if (how == "tuple") {
        m.define("def forward(self, x):\n    v = torch.flatten(x, 1)\n    return (v, v)\n");
    } else if (how == "3d") {
        m.define("def forward(self, x):\n    return x.mean([2, 3]).unsqueeze(2)\n");
    } else if (how == "nan") {
        m.define("def forward(self, x):\n    return torch.full([x.size(0), 8], float('nan'))\n");
    } else if (how == "two_inputs") {
        m.define("def forward(self, x, y):\n    return x.mean([2, 3]) + y\n");
    } else {  // "int": integer descriptors
        m.define("def forward(self, x):\n    return torch.ones([x.size(0), 8]).long()\n");
    }
    return m;
}

inline void saveModule(torch::jit::Module& m, const std::string& path) { m.save(path); }

}  // namespace rs::test
