#include "metrics/descriptor_preprocess.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace rs::metrics {

cv::Size descriptorInputSize(const cv::Size& image, const DescriptorSpec& spec) {
    if (spec.resize == DescriptorResize::Square || image.width <= 0 || image.height <= 0)
        return {spec.inputSize, spec.inputSize};
    const int shortSide = std::min(image.width, image.height), longSide = std::max(image.width, image.height);
    double scale = double(spec.inputSize) / shortSide;
    if (longSide * scale > spec.maxLongSide) scale = double(spec.maxLongSide) / longSide;
    return {std::max(1, int(std::lround(image.width * scale))), std::max(1, int(std::lround(image.height * scale)))};
}

Expected<DescriptorInput> preprocessForDescriptor(const cv::Mat& bgr, const DescriptorSpec& spec) {
    if (bgr.empty()) return makeError("empty image given to the descriptor");
    if (bgr.type() != CV_8UC3)
        return makeError("descriptor input must be an 8-bit 3-channel BGR image (decode it with rs_imaging)");
    const cv::Size size = descriptorInputSize(bgr.size(), spec);
    cv::Mat resized;
    if (size == bgr.size()) {
        resized = bgr;
    } else {
        const bool down = size.width <= bgr.cols && size.height <= bgr.rows;
        cv::resize(bgr, resized, size, 0, 0, down ? cv::INTER_AREA : cv::INTER_LINEAR);
    }
    DescriptorInput in;
    in.width = size.width;
    in.height = size.height;
    const std::size_t plane = std::size_t(size.width) * std::size_t(size.height);
    in.chw.resize(3 * plane);
    float scale[3], offset[3];  // RGB channel c: v / 255 / std - mean / std
    for (int c = 0; c < 3; ++c) {
        scale[c] = 1.0f / (255.0f * spec.std[std::size_t(c)]);
        offset[c] = -spec.mean[std::size_t(c)] / spec.std[std::size_t(c)];
    }
    for (int y = 0; y < size.height; ++y) {
        const cv::Vec3b* row = resized.ptr<cv::Vec3b>(y);
        for (int x = 0; x < size.width; ++x) {
            const std::size_t i = std::size_t(y) * std::size_t(size.width) + std::size_t(x);
            for (int c = 0; c < 3; ++c) in.chw[std::size_t(c) * plane + i] = row[x][2 - c] * scale[c] + offset[c];
        }
    }
    return in;
}

}  // namespace rs::metrics
