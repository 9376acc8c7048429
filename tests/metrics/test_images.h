#pragma once
// Images for the metrics tests: drawn scenes (seeded, reproducible) and real clip art from the
// Debian package openclipart-png, decoded through rs_imaging like any user image.
#include "imaging/image_decode.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace rs::test {

// A textured scene: smooth gradient background plus random filled shapes, lines and text.
inline cv::Mat drawScene(unsigned seed, int width = 512, int height = 512) {
    cv::RNG rng(seed);
    cv::Mat img(height, width, CV_8UC3);
    const cv::Vec3d c0(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
    const cv::Vec3d c1(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double t = (double(x) / width + double(y) / height) / 2;
            for (int c = 0; c < 3; ++c)
                img.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(c0[c] * (1 - t) + c1[c] * t);
        }
    auto color = [&] { return cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)); };
    auto point = [&] { return cv::Point(rng.uniform(0, width), rng.uniform(0, height)); };
    const int scale = std::max(1, std::min(width, height) / 64);
    for (int i = 0; i < 14; ++i) cv::circle(img, point(), rng.uniform(2, 10) * scale, color(), cv::FILLED, cv::LINE_AA);
    for (int i = 0; i < 14; ++i) cv::rectangle(img, point(), point(), color(), cv::FILLED);
    for (int i = 0; i < 20; ++i) cv::line(img, point(), point(), color(), rng.uniform(1, 4), cv::LINE_AA);
    for (int i = 0; i < 6; ++i)
        cv::putText(img, std::to_string(rng.uniform(100, 99999)), point(), cv::FONT_HERSHEY_SIMPLEX, 0.2 * scale,
                    color(), std::max(1, scale / 2), cv::LINE_AA);
    return img;
}

inline std::string clipartDir() { return "/usr/share/openclipart/png"; }

// The first `count` clip-art PNGs (sorted, so the choice is stable) that decode to at least
// minSide pixels; empty if the package is missing.
inline std::vector<std::string> clipartFiles(std::size_t count, int minSide = 200) {
    std::vector<std::string> all;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(clipartDir(), ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".png") all.push_back(it->path().string());
    std::sort(all.begin(), all.end());
    std::vector<std::string> chosen;
    for (std::size_t i = 0; i < all.size() && chosen.size() < count; i += 37) {
        const cv::Mat probe = cv::imread(all[i], cv::IMREAD_UNCHANGED);
        if (!probe.empty() && std::min(probe.cols, probe.rows) >= minSide) chosen.push_back(all[i]);
    }
    return chosen;
}

inline cv::Mat loadCanonical(const std::string& path) {
    auto decoded = rs::imaging::decodeImageFile(path);
    return decoded ? decoded->bgr : cv::Mat();
}

inline cv::Mat jpegRoundTrip(const cv::Mat& img, int quality) {
    std::vector<uchar> buf;
    cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, quality});
    return cv::imdecode(buf, cv::IMREAD_COLOR);
}

}  // namespace rs::test
