#pragma once
// Filling a module's parameters from safetensors files by state-dict name, strictly: every
// expected key must be present with the right shape, and no key of the file may be left
// unused. A failure lists the offenders (the first few of each kind, with counts) and names
// the file, e.g. "unet/diffusion_pytorch_model.safetensors: 2 missing keys (conv_in.bias, ...),
// 1 unexpected key (foo), 1 shape mismatch (conv_out.weight: file [4,32,3,3], model [3,32,3,3])".
#include "base/expected.h"

#include <torch/nn/module.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace rs::diffusion {

struct WeightLoadOptions {
    torch::Device device = torch::kCPU;
    torch::ScalarType dtype = torch::kFloat32;  // floating tensors are converted to this
    // Module keys the file may lack (the module keeps its initial value), e.g. CLIP's position_ids.
    std::set<std::string> optionalKeys;
    // Maps a file key to a module key (legacy names); identity when empty.
    std::function<std::string(const std::string&)> renameFileKey;
    // A file tensor of [o, i, 1, 1] fills a module [o, i] (legacy 1x1-conv attention weights).
    bool allowConv1x1AsLinear = false;
    size_t maxListed = 8;  // offenders listed per kind in an error message
};

// Loads `files` (one file, or the shards of one model) into `module`. The module's parameters
// and buffers are moved to options.device / options.dtype (non-floating buffers keep their type).
Status loadWeights(torch::nn::Module& module, const std::vector<std::string>& files, const WeightLoadOptions& options);

// Writes every floating parameter and buffer of `module` to one safetensors file (contiguous,
// converted to `dtype`, metadata {"format": "pt"} as transformers requires), atomically.
// Integer buffers (CLIP's position_ids) are not written, as transformers >= 4.31 does.
Status saveWeights(const torch::nn::Module& module, const std::string& path, torch::ScalarType dtype = torch::kFloat32,
                   const std::map<std::string, std::string>& metadata = {});

// Moves a module to `device`, converting its floating parameters and buffers to `dtype` (integer
// buffers keep their type, unlike torch::nn::Module::to(dtype)).
void moveModule(torch::nn::Module& module, const torch::Device& device, torch::ScalarType dtype);

// A module's state dict as name -> tensor (parameters then buffers), the names the files use.
std::vector<std::pair<std::string, torch::Tensor>> namedStateTensors(const torch::nn::Module& module);

}  // namespace rs::diffusion
