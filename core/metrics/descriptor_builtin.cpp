#include "metrics/descriptor_builtin.h"

#include "imaging/image_ops.h"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace rs::metrics {

namespace {

constexpr int kColourSide = 16;
constexpr int kEdgeSide = 32;
constexpr int kCells = 4;
constexpr int kBins = 8;
constexpr double kPi = 3.14159265358979323846;

void scaleToUnit(float* v, std::size_t n) {
    double sq = 0.0;
    for (std::size_t i = 0; i < n; ++i) sq += double(v[i]) * v[i];
    if (sq <= 1e-20) {
        std::fill(v, v + n, 0.0f);
        return;
    }
    const float inv = float(1.0 / std::sqrt(sq));
    for (std::size_t i = 0; i < n; ++i) v[i] *= inv;
}

Descriptor computeBuiltin(const cv::Mat& bgr) {
    cv::Mat small = rs::imaging::prepareForComparison(bgr, kEdgeSide), f, lab;
    small.convertTo(f, CV_32FC3, 1.0 / 255.0);
    cv::cvtColor(f, lab, cv::COLOR_BGR2Lab);  // L in [0,100], a/b in about [-127,127]

    Descriptor d(BuiltinDescriptor::kDimension, 0.0f);
    // Colour layout.
    cv::Mat labSmall;
    cv::resize(lab, labSmall, cv::Size(kColourSide, kColourSide), 0, 0, cv::INTER_AREA);
    const float channelScale[3] = {1.0f / 100.0f, 1.0f / 128.0f, 1.0f / 128.0f};
    const cv::Scalar mean = cv::mean(labSmall);
    std::size_t k = 0;
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < kColourSide; ++y)
            for (int x = 0; x < kColourSide; ++x)
                d[k++] = float((labSmall.at<cv::Vec3f>(y, x)[c] - mean[c]) * channelScale[c]);
    const std::size_t colourLen = k;
    scaleToUnit(d.data(), colourLen);

    // Edge layout.
    cv::Mat channels[3], gx, gy;
    cv::split(lab, channels);
    cv::Sobel(channels[0], gx, CV_32F, 1, 0, 3, 1.0 / 100.0, 0, cv::BORDER_REPLICATE);
    cv::Sobel(channels[0], gy, CV_32F, 0, 1, 3, 1.0 / 100.0, 0, cv::BORDER_REPLICATE);
    float* hist = d.data() + colourLen;
    const int cell = kEdgeSide / kCells;
    for (int y = 0; y < kEdgeSide; ++y)
        for (int x = 0; x < kEdgeSide; ++x) {
            const float dx = gx.at<float>(y, x), dy = gy.at<float>(y, x);
            const float mag = std::sqrt(dx * dx + dy * dy);
            if (mag <= 0.0f) continue;
            double pos = (std::atan2(dy, dx) + kPi) / (2.0 * kPi) * kBins;  // [0, kBins]
            const int b0 = int(std::floor(pos)) % kBins;
            const float w1 = float(pos - std::floor(pos));
            float* h = hist + ((y / cell) * kCells + (x / cell)) * kBins;
            h[b0] += mag * (1.0f - w1);
            h[(b0 + 1) % kBins] += mag * w1;
        }
    scaleToUnit(hist, std::size_t(kCells * kCells * kBins));
    scaleToUnit(d.data(), d.size());
    return d;
}

}  // namespace

BuiltinDescriptor::BuiltinDescriptor() {
    m_info.kind = "builtin";
    m_info.name = "builtin-lab16-grad-v1";
    m_info.dimension = kDimension;
    m_info.preprocessing =
        "centre square, 32x32 area resize, CIE Lab; 16x16 zero-mean Lab layout + 4x4x8 gradient "
        "direction histograms, L2-normalized";
    m_info.thresholdsCalibrated = false;
}

Expected<Descriptor> BuiltinDescriptor::describe(const cv::Mat& bgr) {
    if (bgr.empty()) return makeError("empty image given to the built-in descriptor");
    if (bgr.type() != CV_8UC3)
        return makeError("built-in descriptor input must be an 8-bit 3-channel BGR image (decode it with rs_imaging)");
    if (bgr.cols < 2 || bgr.rows < 2)
        return makeError("image too small for the built-in descriptor (under 2x2 pixels)");
    try {
        return computeBuiltin(bgr);
    } catch (const cv::Exception& e) {
        return makeError(std::string("built-in descriptor failed: ") + e.what());
    }
}

std::vector<Expected<Descriptor>> BuiltinDescriptor::describeBatch(const std::vector<cv::Mat>& images, int) {
    std::vector<Expected<Descriptor>> results(images.size(), Expected<Descriptor>(Descriptor{}));
    cv::parallel_for_(cv::Range(0, int(images.size())), [&](const cv::Range& r) {
        for (int i = r.start; i < r.end; ++i) {
            auto d = describe(images[std::size_t(i)]);
            results[std::size_t(i)] =
                d ? std::move(d) : Expected<Descriptor>(makeError("image " + std::to_string(i) + ": " + d.message()));
        }
    });
    return results;
}

}  // namespace rs::metrics
