#pragma once
// A generated image (RGB bytes from the pipeline) as the canonical BGR matrix imaging works on.
#include "diffusion/pipeline/pipeline.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace rs::audit {

inline cv::Mat generatedBgr(const diffusion::GeneratedImage& image) {
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data())), bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

}  // namespace rs::audit
