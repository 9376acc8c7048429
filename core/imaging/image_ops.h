#pragma once
// Geometry and conversions on canonical images (CV_8UC3 BGR, see image_decode.h).
//
// Comparison geometry (README, "How images of different sizes are compared"):
//   1. Every image is centre-cropped to a square whose side is its shorter side. Two images
//      of different aspect ratios are thus compared on their central squares; two images of
//      the same non-square aspect lose the same margins. Generations of one prompt (512x512
//      for SD 1.x) are not cropped at all.
//   2. The working size S is the requested size (default 512) or, if smaller, the shortest
//      side among all images compared, rounded down to a multiple of the tile grid T. We
//      never upscale: comparing a 64x64 thumbnail with a 512x512 image happens at 64x64.
//   3. Each square is area-resized (cv::INTER_AREA, the mean of the covered source pixels) to
//      S x S. Area averaging does not alias, so a re-saved copy at another size lands on the
//      same pixels up to rounding.
// Local-feature matching (partial copies) does NOT use this geometry: it works on the whole
// image so that crops and pasted objects are found.
#include "base/expected.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace rs::imaging {

// Working size for comparing images of the given sizes: min(requested, shortest side),
// rounded down to a multiple of `grid` (>= grid). Returns 0 if some image is smaller than grid.
int comparisonSide(const std::vector<cv::Size>& sizes, int requested = 512, int grid = 4);

// Central square of side min(w, h) (a view, no copy).
cv::Mat centerSquare(const cv::Mat& image);

// Steps 1 and 3 of the policy: centre square, then INTER_AREA to side x side (no-op if the
// image already is side x side). Upscales with INTER_CUBIC only if asked to (side larger).
cv::Mat prepareForComparison(const cv::Mat& bgr, int side);

// Resizes so the long side is at most `longSide` (INTER_AREA); never upscales.
cv::Mat fitLongSide(const cv::Mat& bgr, int longSide);

// RGB float in [0,1], interleaved HWC (CV_32FC3), from canonical BGR.
cv::Mat toFloatRgb(const cv::Mat& bgr);
// RGB float in [0,1], planar CHW, ready for a tensor (torch::from_blob({3, h, w})).
std::vector<float> toFloatRgbChw(const cv::Mat& bgr);

enum class ThumbnailFormat { Png, Jpeg };
struct ThumbnailOptions {
    int longSide = 256;
    ThumbnailFormat format = ThumbnailFormat::Png;
    int jpegQuality = 85;
};

// Encoded thumbnail bytes (long side <= options.longSide).
Expected<std::string> makeThumbnail(const cv::Mat& bgr, const ThumbnailOptions& options = {});
Expected<std::string> encodePng(const cv::Mat& image);
Expected<std::string> encodeJpeg(const cv::Mat& image, int quality = 90);

}  // namespace rs::imaging
