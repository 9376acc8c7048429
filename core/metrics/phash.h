#pragma once
// 64-bit perceptual hash as imagededup computes it (PHash): gray (ITU-R 601 luma), area-resize
// to 32x32, unnormalised 2-D DCT-II (scipy.fftpack.dct along rows then columns), keep the
// top-left 8x8 block INCLUDING the DC term, threshold every coefficient against the median
// of those 64 coefficients EXCLUDING DC (>= median -> 1). Bits are packed row-major, first
// coefficient in the most significant bit, so toHex() gives imagededup's 16-digit string.
// Near-duplicates: Hamming distance <= 10 (imagededup's default max_distance_threshold).
#include <opencv2/core.hpp>

#include <cstdint>
#include <string>

namespace rs::metrics {

constexpr int kPhashNearDuplicateDistance = 10;

std::uint64_t perceptualHash(const cv::Mat& bgr);  // canonical CV_8UC3 BGR (or CV_8UC1 gray)
int hammingDistance(std::uint64_t a, std::uint64_t b);
std::string phashToHex(std::uint64_t hash);
bool phashFromHex(const std::string& hex, std::uint64_t& hash);

}  // namespace rs::metrics
