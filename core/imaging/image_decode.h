#pragma once
// Decoding with limits. Every image that enters ReplicaScope goes through here and comes out
// in one canonical form: 8-bit, 3-channel BGR (OpenCV's order), upright.
//
//  - Limits are checked before any pixel is decoded: the file size against maxFileBytes, then
//    the dimensions parsed from the header (image_header.h) against maxPixels and minSide.
//  - The format is taken from the content, never the extension; a mismatch is a warning.
//  - 16-bit samples are scaled to 8 bits (v / 257, rounded); float TIFF is clamped to [0,1].
//  - Gray is replicated to three channels; alpha (RGBA, gray+alpha, palette transparency) is
//    composited over white, the convention of image viewers, so transparent clip art and its
//    flattened copy compare as equal.
//  - CMYK/YCCK JPEGs are converted to BGR by OpenCV's decoder (Adobe's inverted CMYK).
//  - EXIF orientation (JPEG APP1, TIFF tag 274) is applied, giving the image as viewers show it.
#include "base/expected.h"
#include "imaging/image_header.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rs::imaging {

struct DecodeLimits {
    std::uint64_t maxPixels = 100'000'000;               // 100 MP, checked on the header
    std::uintmax_t maxFileBytes = 200ull * 1024 * 1024;  // 200 MiB, checked on the file size
    int minSide = 8;                                     // smaller images are too small to compare
};

struct DecodedImage {
    cv::Mat bgr;         // CV_8UC3, upright, alpha composited on white
    std::string source;  // path or name given by the caller
    std::string sha256;  // of the file bytes exactly as read
    std::uint64_t fileBytes = 0;
    ImageHeader header;  // format and stored dimensions, before orientation
    bool hadAlpha = false;
    std::vector<std::string> warnings;  // e.g. extension/content mismatch, missing JPEG end marker
};

// Reads and decodes a file. Errors name the file and the problem (missing, empty, too large,
// too many pixels, too small, truncated, unsupported format).
Expected<DecodedImage> decodeImageFile(const std::filesystem::path& path, const DecodeLimits& limits = {});

// Decodes bytes already in memory; `sourceName` is used in messages and in `source`, and its
// extension (if any) is compared with the detected format.
Expected<DecodedImage> decodeImageBytes(const std::string& bytes, const std::string& sourceName,
                                        const DecodeLimits& limits = {});

// Converts any OpenCV image (1/3/4 channels, 8U/16U/32F) to the canonical CV_8UC3 BGR form
// (alpha over white). Used by decode and by callers holding pixels from elsewhere.
Expected<cv::Mat> toCanonicalBgr(const cv::Mat& image, bool* hadAlpha = nullptr);

// Applies an EXIF orientation value (1..8) to an image.
cv::Mat applyExifOrientation(const cv::Mat& image, int orientation);

}  // namespace rs::imaging
