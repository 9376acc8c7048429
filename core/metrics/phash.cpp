#include "metrics/phash.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <bitset>
#include <cmath>
#include <cstdio>

namespace rs::metrics {
namespace {

constexpr int kSize = 32;
constexpr int kBand = 8;

// C[k][n] = 2 cos(pi k (2n+1) / 2N): scipy's DCT-II without normalisation.
const std::array<std::array<double, kSize>, kBand>& dctRows() {
    static const auto table = [] {
        std::array<std::array<double, kSize>, kBand> c{};
        for (int k = 0; k < kBand; ++k)
            for (int n = 0; n < kSize; ++n) c[k][n] = 2.0 * std::cos(M_PI * k * (2 * n + 1) / (2.0 * kSize));
        return c;
    }();
    return table;
}

}  // namespace

std::uint64_t perceptualHash(const cv::Mat& image) {
    cv::Mat gray, small;
    if (image.channels() == 3)
        cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    else
        gray = image;
    cv::resize(gray, small, cv::Size(kSize, kSize), 0, 0, cv::INTER_AREA);
    small.convertTo(small, CV_64F);
    const auto& c = dctRows();
    // Only the low 8x8 band is needed: D = C X C^T restricted to the first 8 rows of C.
    double tmp[kBand][kSize];  // C X (8 x 32)
    for (int k = 0; k < kBand; ++k)
        for (int x = 0; x < kSize; ++x) {
            double s = 0;
            for (int n = 0; n < kSize; ++n) s += c[k][n] * small.at<double>(n, x);
            tmp[k][x] = s;
        }
    std::array<double, kBand * kBand> band{};
    for (int k = 0; k < kBand; ++k)
        for (int l = 0; l < kBand; ++l) {
            double s = 0;
            for (int n = 0; n < kSize; ++n) s += tmp[k][n] * c[l][n];
            band[k * kBand + l] = s;
        }
    // numpy median of the 63 non-DC values (odd count: the middle element).
    std::array<double, kBand * kBand - 1> rest{};
    std::copy(band.begin() + 1, band.end(), rest.begin());
    std::nth_element(rest.begin(), rest.begin() + rest.size() / 2, rest.end());
    const double median = rest[rest.size() / 2];
    std::uint64_t hash = 0;
    for (int i = 0; i < kBand * kBand; ++i)
        if (band[i] >= median) hash |= std::uint64_t(1) << (63 - i);
    return hash;
}

int hammingDistance(std::uint64_t a, std::uint64_t b) { return int(std::bitset<64>(a ^ b).count()); }

std::string phashToHex(std::uint64_t hash) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

bool phashFromHex(const std::string& hex, std::uint64_t& hash) {
    if (hex.size() != 16) return false;
    std::uint64_t v = 0;
    for (char ch : hex) {
        int d;
        if (ch >= '0' && ch <= '9')
            d = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            d = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            d = ch - 'A' + 10;
        else
            return false;
        v = (v << 4) | std::uint64_t(d);
    }
    hash = v;
    return true;
}

}  // namespace rs::metrics
