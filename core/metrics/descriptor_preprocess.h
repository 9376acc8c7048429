#pragma once
// Image -> normalized float CHW input for a descriptor network, as SSCD's README prescribes:
// RGB in [0,1], resized (short side to inputSize keeping aspect, or inputSize x inputSize),
// then (x - mean) / std per channel. Downscaling uses area averaging (no aliasing), upscaling
// bilinear. In short-side mode an elongated image whose long side would exceed maxLongSide is
// scaled so the long side is maxLongSide instead (its short side then ends up below inputSize).
#include "base/expected.h"
#include "metrics/descriptor_spec.h"

#include <opencv2/core.hpp>

#include <vector>

namespace rs::metrics {

struct DescriptorInput {
    int width = 0;
    int height = 0;
    std::vector<float> chw;  // 3 * height * width
};

cv::Size descriptorInputSize(const cv::Size& image, const DescriptorSpec& spec);

// `bgr`: canonical CV_8UC3 BGR. Fails on an empty or non-8-bit-BGR image.
Expected<DescriptorInput> preprocessForDescriptor(const cv::Mat& bgr, const DescriptorSpec& spec);

}  // namespace rs::metrics
