#include "imaging/image_decode.h"

#include "base/file_io.h"
#include "base/sha256.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <system_error>

namespace rs::imaging {
namespace {

std::string lowerExtension(const std::string& name) {
    std::string ext = std::filesystem::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

std::string dims(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

std::string humanBytes(std::uintmax_t n) {
    if (n >= (std::uintmax_t(1) << 20)) return std::to_string(n >> 20) + " MiB";
    return std::to_string(n) + " bytes";
}

// Alpha over white: out = a*c + (1-a)*255, in float to avoid 8-bit rounding bias.
cv::Mat compositeOnWhite(const cv::Mat& bgra8) {
    cv::Mat out(bgra8.size(), CV_8UC3);
    for (int y = 0; y < bgra8.rows; ++y) {
        const cv::Vec4b* src = bgra8.ptr<cv::Vec4b>(y);
        cv::Vec3b* dst = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < bgra8.cols; ++x) {
            const int a = src[x][3];
            for (int c = 0; c < 3; ++c)
                dst[x][c] = cv::saturate_cast<uchar>((src[x][c] * a + 255 * (255 - a) + 127) / 255);
        }
    }
    return out;
}

}  // namespace

cv::Mat applyExifOrientation(const cv::Mat& image, int orientation) {
    cv::Mat out;
    switch (orientation) {
    case 2:
        cv::flip(image, out, 1);
        break;
    case 3:
        cv::flip(image, out, -1);
        break;
    case 4:
        cv::flip(image, out, 0);
        break;
    case 5:
        cv::transpose(image, out);
        break;
    case 6:
        cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE);
        break;
    case 7:
        cv::transpose(image, out);
        cv::flip(out, out, -1);
        break;
    case 8:
        cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
        break;
    default:
        out = image;
        break;
    }
    return out;
}

Expected<cv::Mat> toCanonicalBgr(const cv::Mat& image, bool* hadAlpha) {
    if (hadAlpha) *hadAlpha = false;
    if (image.empty()) return makeError("image is empty");
    cv::Mat eight;
    switch (image.depth()) {
    case CV_8U:
        eight = image;
        break;
    case CV_16U:
        image.convertTo(eight, CV_8U, 1.0 / 257.0);
        break;
    case CV_32F:
    case CV_64F:
        image.convertTo(eight, CV_8U, 255.0);
        break;  // saturate_cast clamps to [0,255]
    default:
        return makeError("unsupported sample type (OpenCV depth " + std::to_string(image.depth()) + ")");
    }
    cv::Mat bgr;
    switch (eight.channels()) {
    case 1:
        cv::cvtColor(eight, bgr, cv::COLOR_GRAY2BGR);
        break;
    case 2: {  // gray + alpha
        std::vector<cv::Mat> planes;
        cv::split(eight, planes);
        cv::Mat bgra;
        cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, bgra);
        bgr = compositeOnWhite(bgra);
        if (hadAlpha) *hadAlpha = true;
        break;
    }
    case 3:
        bgr = eight.data == image.data ? eight.clone() : eight;
        break;
    case 4:
        bgr = compositeOnWhite(eight);
        if (hadAlpha) *hadAlpha = true;
        break;
    default:
        return makeError("unsupported channel count " + std::to_string(eight.channels()));
    }
    return bgr;
}

Expected<DecodedImage> decodeImageBytes(const std::string& bytes, const std::string& sourceName,
                                        const DecodeLimits& limits) {
    if (bytes.size() > limits.maxFileBytes)
        return makeError(sourceName + ": file is " + humanBytes(bytes.size()) + ", over the " +
                         humanBytes(limits.maxFileBytes) + " limit; refusing to decode");
    auto header = probeImageHeader(bytes, sourceName);
    if (!header) return header.error();
    const ImageHeader& h = *header;
    const std::uint64_t pixels = std::uint64_t(h.width) * std::uint64_t(h.height);
    if (pixels > limits.maxPixels)
        return makeError(sourceName + ": " + formatName(h.format) + " header says " + dims(h.width, h.height) + " (" +
                         std::to_string(pixels / 1'000'000) + " MP), over the " +
                         std::to_string(limits.maxPixels / 1'000'000) + " MP limit; refusing to decode it");
    if (std::min(h.width, h.height) < limits.minSide)
        return makeError(sourceName + ": image is " + dims(h.width, h.height) +
                         " pixels, too small to compare (minimum " + dims(limits.minSide, limits.minSide) + ")");
    if (h.format == ImageFormat::Gif)
        return makeError(sourceName +
                         ": GIF cannot be decoded by this build (OpenCV 4.6 has no GIF reader); "
                         "convert it to PNG first");

    DecodedImage out;
    out.source = sourceName;
    out.header = h;
    out.fileBytes = bytes.size();
    const std::string ext = lowerExtension(sourceName);
    if (!ext.empty() && !extensionMatchesFormat(ext, h.format))
        out.warnings.push_back(sourceName + ": extension " + ext + " but the content is " + formatName(h.format) +
                               "; decoded as " + formatName(h.format));
    if (h.format == ImageFormat::Jpeg) {
        const auto* end = reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size();
        if (bytes.size() < 4 || end[-2] != 0xFF || end[-1] != 0xD9)
            out.warnings.push_back(sourceName + ": JPEG does not end with an end-of-image marker; it may be truncated");
    }

    cv::Mat raw;
    try {
        const cv::Mat buffer(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
        // UNCHANGED keeps depth, gray and alpha, and leaves orientation to us (applied below,
        // identically for JPEG and TIFF).
        raw = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        return makeError(sourceName + ": " + formatName(h.format) + " decoder failed: " + e.what());
    }
    if (raw.empty())
        return makeError(sourceName + ": " + formatName(h.format) + " data is truncated or corrupt (" +
                         std::to_string(bytes.size()) + " bytes; the decoder could not read the pixels)");
    if (raw.cols != h.width || raw.rows != h.height)
        return makeError(sourceName + ": decoded " + dims(raw.cols, raw.rows) + " pixels but the header says " +
                         dims(h.width, h.height) + "; the file is inconsistent");
    auto bgr = toCanonicalBgr(raw, &out.hadAlpha);
    if (!bgr) return makeError(sourceName + ": " + bgr.message());
    out.bgr = applyExifOrientation(*bgr, h.exifOrientation);
    out.sha256 = sha256Hex(bytes);
    return out;
}

Expected<DecodedImage> decodeImageFile(const std::filesystem::path& path, const DecodeLimits& limits) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return makeError(name + ": file does not exist");
    if (!std::filesystem::is_regular_file(status)) return makeError(name + ": not a regular file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return makeError(name + ": cannot read its size: " + ec.message());
    if (size == 0) return makeError(name + ": file is empty (0 bytes)");
    if (size > limits.maxFileBytes)
        return makeError(name + ": file is " + humanBytes(size) + ", over the " + humanBytes(limits.maxFileBytes) +
                         " limit; refusing to decode");
    auto bytes = readFileLimited(path, limits.maxFileBytes);
    if (!bytes) return bytes.error();
    return decodeImageBytes(*bytes, name, limits);
}

}  // namespace rs::imaging
