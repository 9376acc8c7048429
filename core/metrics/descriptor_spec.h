#pragma once
// How a TorchScript descriptor model wants its input, and what it returns.
//
// Resolution for a model file M (first that applies):
//   1. a JSON sidecar "M.json" (e.g. sscd_disc_mixup.torchscript.pt.json), else "<M without
//      its last extension>.json";
//   2. SSCD's released file names (facebookresearch/sscd-copy-detection): sscd_disc_large ->
//      1024-d, other sscd_disc_* / sscd_imagenet_* -> 512-d; short side resized to 288,
//      ImageNet mean/std;
//   3. otherwise the same SSCD preprocessing with the output size taken from a probe run, and
//      a warning saying so.
//
// Sidecar format (every key but "format" optional; defaults = SSCD's):
//   { "format": "replicascope-descriptor/1",
//     "name": "my-model",
//     "input_size": 288,               // short-side target, or the square's side
//     "resize": "short_side" | "square",
//     "max_long_side": 1024,           // short_side only: cap for very elongated images
//     "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],   // RGB, on [0,1] pixels
//     "output_dim": 512,               // 0 or absent: whatever the model returns
//     "thresholds_calibrated": false } // true if the SSCD similarity thresholds apply
// The model is called as forward(x) with x float32 [N, 3, H, W] (RGB, normalized) and must
// return a float tensor [N, D].
#include "base/expected.h"

#include <array>
#include <string>
#include <vector>

namespace rs::metrics {

enum class DescriptorResize { ShortSide, Square };

struct DescriptorSpec {
    std::string name;
    int inputSize = 288;
    DescriptorResize resize = DescriptorResize::ShortSide;
    int maxLongSide = 1024;
    std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
    std::array<float, 3> std{0.229f, 0.224f, 0.225f};
    int outputDim = 0;  // 0 = unknown until probed
    bool thresholdsCalibrated = false;
    std::string source;  // "sidecar <path>", "SSCD file name", or "defaults"
    std::vector<std::string> warnings;
};

// Parses sidecar JSON text; `origin` names the file in messages.
Expected<DescriptorSpec> parseDescriptorSidecar(const std::string& json, const std::string& origin);

// Applies the resolution order above (reads the sidecar if there is one).
Expected<DescriptorSpec> descriptorSpecForModel(const std::string& modelPath);

std::string describePreprocessing(const DescriptorSpec& spec);  // one line for reports

}  // namespace rs::metrics
