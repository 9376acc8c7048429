#pragma once
// Reads an image's format and dimensions from its first bytes, before any decoder runs, so
// that oversized or hostile files are refused without allocating their pixels.
#include "base/expected.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace rs::imaging {

enum class ImageFormat { Unknown, Png, Jpeg, Gif, Bmp, WebP, Tiff };

// "PNG", "JPEG", ... ; "unknown" for Unknown.
const char* formatName(ImageFormat format);
// Lower-case file extensions that conventionally hold the format (".jpg", ".jpeg" for JPEG).
bool extensionMatchesFormat(const std::string& lowerExtension, ImageFormat format);

struct ImageHeader {
    ImageFormat format = ImageFormat::Unknown;
    int width = 0;  // as stored, before any EXIF orientation
    int height = 0;
    int channels = 0;         // 0 when the header does not say
    int bitsPerChannel = 0;   // 0 when the header does not say
    int exifOrientation = 1;  // 1..8 (JPEG APP1 / TIFF tag 274); 1 = as stored
    bool cmyk = false;        // JPEG with four components (CMYK or YCCK)
};

// Identifies the format from its magic bytes and parses the dimensions from the header
// (PNG IHDR, JPEG SOFn, GIF logical screen, BMP DIB header, WebP VP8/VP8L/VP8X, TIFF IFD0).
// Fails with a message naming `sourceName` when the bytes are not a recognised image or the
// header is cut short.
Expected<ImageHeader> probeImageHeader(const std::uint8_t* data, std::size_t size, const std::string& sourceName);
inline Expected<ImageHeader> probeImageHeader(const std::string& bytes, const std::string& sourceName) {
    return probeImageHeader(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), sourceName);
}

}  // namespace rs::imaging
