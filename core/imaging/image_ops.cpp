#include "imaging/image_ops.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace rs::imaging {

int comparisonSide(const std::vector<cv::Size>& sizes, int requested, int grid) {
    if (grid < 1 || requested < grid) return 0;
    int side = requested;
    for (const cv::Size& s : sizes) side = std::min(side, std::min(s.width, s.height));
    side -= side % grid;
    return side >= grid ? side : 0;
}

cv::Mat centerSquare(const cv::Mat& image) {
    const int side = std::min(image.cols, image.rows);
    return image(cv::Rect((image.cols - side) / 2, (image.rows - side) / 2, side, side));
}

cv::Mat prepareForComparison(const cv::Mat& bgr, int side) {
    cv::Mat square = centerSquare(bgr);
    if (square.cols == side && square.rows == side) return square.isContinuous() ? square : square.clone();
    cv::Mat out;
    cv::resize(square, out, cv::Size(side, side), 0, 0, side < square.cols ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

cv::Mat fitLongSide(const cv::Mat& bgr, int longSide) {
    const int current = std::max(bgr.cols, bgr.rows);
    if (current <= longSide || longSide <= 0) return bgr;
    const double scale = double(longSide) / current;
    const cv::Size size(std::max(1, int(std::lround(bgr.cols * scale))),
                        std::max(1, int(std::lround(bgr.rows * scale))));
    cv::Mat out;
    cv::resize(bgr, out, size, 0, 0, cv::INTER_AREA);
    return out;
}

cv::Mat toFloatRgb(const cv::Mat& bgr) {
    cv::Mat rgb, out;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(out, CV_32F, 1.0 / 255.0);
    return out;
}

std::vector<float> toFloatRgbChw(const cv::Mat& bgr) {
    const std::size_t plane = std::size_t(bgr.rows) * std::size_t(bgr.cols);
    std::vector<float> out(3 * plane);
    for (int y = 0; y < bgr.rows; ++y) {
        const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
        for (int x = 0; x < bgr.cols; ++x) {
            const std::size_t i = std::size_t(y) * std::size_t(bgr.cols) + std::size_t(x);
            out[i] = row[x][2] / 255.0f;
            out[plane + i] = row[x][1] / 255.0f;
            out[2 * plane + i] = row[x][0] / 255.0f;
        }
    }
    return out;
}

Expected<std::string> encodePng(const cv::Mat& image) {
    std::vector<uchar> buffer;
    try {
        if (!cv::imencode(".png", image, buffer)) return makeError("PNG encoding failed");
    } catch (const cv::Exception& e) {
        return makeError(std::string("PNG encoding failed: ") + e.what());
    }
    return std::string(buffer.begin(), buffer.end());
}

Expected<std::string> encodeJpeg(const cv::Mat& image, int quality) {
    std::vector<uchar> buffer;
    try {
        if (!cv::imencode(".jpg", image, buffer, {cv::IMWRITE_JPEG_QUALITY, std::clamp(quality, 1, 100)}))
            return makeError("JPEG encoding failed");
    } catch (const cv::Exception& e) {
        return makeError(std::string("JPEG encoding failed: ") + e.what());
    }
    return std::string(buffer.begin(), buffer.end());
}

Expected<std::string> makeThumbnail(const cv::Mat& bgr, const ThumbnailOptions& options) {
    if (bgr.empty()) return makeError("cannot make a thumbnail of an empty image");
    const cv::Mat small = fitLongSide(bgr, options.longSide);
    return options.format == ThumbnailFormat::Png ? encodePng(small) : encodeJpeg(small, options.jpegQuality);
}

}  // namespace rs::imaging
