#include "imaging/image_header.h"

#include <cstring>
#include <stdexcept>

namespace rs::imaging {
namespace {

// Bounds-checked reader over the file bytes; any read past the end throws Truncated.
struct Truncated : std::runtime_error {
    Truncated() : std::runtime_error("truncated") {}
};

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
    std::size_t size() const { return m_size; }
    std::uint8_t u8(std::size_t at) const {
        if (at >= m_size) throw Truncated();
        return m_data[at];
    }
    std::uint32_t be16(std::size_t at) const { return (u8(at) << 8) | u8(at + 1); }
    std::uint32_t le16(std::size_t at) const { return u8(at) | (u8(at + 1) << 8); }
    std::uint32_t be32(std::size_t at) const { return (be16(at) << 16) | be16(at + 2); }
    std::uint32_t le32(std::size_t at) const { return le16(at) | (le16(at + 2) << 16); }
    bool startsWith(std::size_t at, const char* magic, std::size_t n) const {
        return at + n <= m_size && std::memcmp(m_data + at, magic, n) == 0;
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
};

void parsePng(const Reader& r, ImageHeader& h) {
    if (!r.startsWith(12, "IHDR", 4)) throw std::runtime_error("PNG lacks its IHDR header chunk");
    h.width = int(std::min<std::uint32_t>(r.be32(16), 0x7fffffff));
    h.height = int(std::min<std::uint32_t>(r.be32(20), 0x7fffffff));
    h.bitsPerChannel = r.u8(24);
    switch (r.u8(25)) {
    case 0:
        h.channels = 1;
        break;
    case 2:
        h.channels = 3;
        break;
    case 3:
        h.channels = 3;
        break;  // palette
    case 4:
        h.channels = 2;
        break;
    case 6:
        h.channels = 4;
        break;
    default:
        throw std::runtime_error("PNG has an invalid colour type");
    }
}

// EXIF (TIFF-structured) block: returns the Orientation tag of IFD0, 1 when absent.
int tiffOrientation(const Reader& r, std::size_t base) {
    const bool little = r.startsWith(base, "II", 2);
    auto u16 = [&](std::size_t at) { return little ? r.le16(base + at) : r.be16(base + at); };
    auto u32 = [&](std::size_t at) { return little ? r.le32(base + at) : r.be32(base + at); };
    const std::size_t ifd = u32(4);
    const unsigned count = u16(ifd);
    for (unsigned i = 0; i < count && i < 512; ++i) {
        const std::size_t e = ifd + 2 + 12 * i;
        if (u16(e) == 274) {
            const unsigned v = u16(e + 8);
            return v >= 1 && v <= 8 ? int(v) : 1;
        }
    }
    return 1;
}

void parseJpeg(const Reader& r, ImageHeader& h) {
    std::size_t at = 2;
    bool haveSize = false;
    while (!haveSize) {
        if (r.u8(at) != 0xFF) throw std::runtime_error("JPEG marker structure is corrupt");
        while (r.u8(at) == 0xFF) ++at;  // fill bytes
        const std::uint8_t marker = r.u8(at);
        ++at;
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
        if (marker == 0xD9 || marker == 0xDA)
            throw std::runtime_error("JPEG has no frame header before its image data");
        const std::size_t length = r.be16(at);
        if (length < 2) throw std::runtime_error("JPEG segment has an invalid length");
        if (marker == 0xE1 && r.startsWith(at + 2, "Exif\0\0", 6)) {
            try {
                h.exifOrientation = tiffOrientation(r, at + 8);
            } catch (const Truncated&) {
                h.exifOrientation = 1;  // a damaged EXIF block is ignored, as decoders do
            }
        }
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            h.bitsPerChannel = r.u8(at + 2);
            h.height = int(r.be16(at + 3));
            h.width = int(r.be16(at + 5));
            h.channels = r.u8(at + 7);
            h.cmyk = h.channels == 4;
            haveSize = true;
        }
        at += length;
    }
    // EXIF normally precedes the frame header; nothing after SOF is needed.
}

void parseGif(const Reader& r, ImageHeader& h) {
    h.width = int(r.le16(6));
    h.height = int(r.le16(8));
    h.channels = 3;
    h.bitsPerChannel = 8;
}

void parseBmp(const Reader& r, ImageHeader& h) {
    const std::uint32_t dibSize = r.le32(14);
    if (dibSize == 12) {
        h.width = int(r.le16(18));
        h.height = int(r.le16(20));
        h.bitsPerChannel = int(r.le16(24));
    } else if (dibSize >= 40) {
        const std::int64_t w = std::int32_t(r.le32(18));
        const std::int64_t hh = std::int32_t(r.le32(22));
        if (w <= 0 || hh == 0) throw std::runtime_error("BMP header has invalid dimensions");
        h.width = int(std::min<std::int64_t>(w, 0x7fffffff));
        h.height = int(std::min<std::int64_t>(hh < 0 ? -hh : hh, 0x7fffffff));
        h.bitsPerChannel = int(r.le16(28));
    } else {
        throw std::runtime_error("BMP has an unknown header type");
    }
    h.channels = h.bitsPerChannel == 32 ? 4 : 3;
    if (h.bitsPerChannel >= 8) h.bitsPerChannel = 8;
}

void parseWebp(const Reader& r, ImageHeader& h) {
    h.bitsPerChannel = 8;
    if (r.startsWith(12, "VP8X", 4)) {
        h.channels = (r.u8(20) & 0x10) ? 4 : 3;
        h.width = int(1 + (r.u8(24) | (r.u8(25) << 8) | (r.u8(26) << 16)));
        h.height = int(1 + (r.u8(27) | (r.u8(28) << 8) | (r.u8(29) << 16)));
    } else if (r.startsWith(12, "VP8L", 4)) {
        if (r.u8(20) != 0x2F) throw std::runtime_error("WebP lossless header lacks its signature");
        const std::uint32_t bits = r.le32(21);
        h.width = int(1 + (bits & 0x3FFF));
        h.height = int(1 + ((bits >> 14) & 0x3FFF));
        h.channels = (bits >> 28) & 1 ? 4 : 3;
    } else if (r.startsWith(12, "VP8 ", 4)) {
        if (r.u8(23) != 0x9D || r.u8(24) != 0x01 || r.u8(25) != 0x2A)
            throw std::runtime_error("WebP lossy header lacks its start code");
        h.width = int(r.le16(26) & 0x3FFF);
        h.height = int(r.le16(28) & 0x3FFF);
        h.channels = 3;
    } else {
        throw std::runtime_error("WebP has an unknown first chunk");
    }
}

void parseTiff(const Reader& r, ImageHeader& h) {
    const bool little = r.startsWith(0, "II", 2);
    auto u16 = [&](std::size_t at) { return little ? r.le16(at) : r.be16(at); };
    auto u32 = [&](std::size_t at) { return little ? r.le32(at) : r.be32(at); };
    const std::size_t ifd = u32(4);
    const unsigned count = u16(ifd);
    h.channels = 1;
    for (unsigned i = 0; i < count && i < 4096; ++i) {
        const std::size_t e = ifd + 2 + 12 * i;
        const unsigned tag = u16(e);
        const unsigned type = u16(e + 2);
        const std::uint32_t value = type == 3 ? u16(e + 8) : u32(e + 8);
        if (tag == 256) h.width = int(std::min<std::uint32_t>(value, 0x7fffffff));
        if (tag == 257) h.height = int(std::min<std::uint32_t>(value, 0x7fffffff));
        if (tag == 258) h.bitsPerChannel = int(u32(e + 4)) == 1 ? int(value) : 0;
        if (tag == 277) h.channels = int(value);
        if (tag == 274 && value >= 1 && value <= 8) h.exifOrientation = int(value);
    }
    if (h.width == 0 || h.height == 0) throw std::runtime_error("TIFF lacks its ImageWidth/ImageLength tags");
}

}  // namespace

const char* formatName(ImageFormat format) {
    switch (format) {
    case ImageFormat::Png:
        return "PNG";
    case ImageFormat::Jpeg:
        return "JPEG";
    case ImageFormat::Gif:
        return "GIF";
    case ImageFormat::Bmp:
        return "BMP";
    case ImageFormat::WebP:
        return "WebP";
    case ImageFormat::Tiff:
        return "TIFF";
    case ImageFormat::Unknown:
        break;
    }
    return "unknown";
}

bool extensionMatchesFormat(const std::string& ext, ImageFormat format) {
    switch (format) {
    case ImageFormat::Png:
        return ext == ".png";
    case ImageFormat::Jpeg:
        return ext == ".jpg" || ext == ".jpeg" || ext == ".jpe" || ext == ".jfif";
    case ImageFormat::Gif:
        return ext == ".gif";
    case ImageFormat::Bmp:
        return ext == ".bmp" || ext == ".dib";
    case ImageFormat::WebP:
        return ext == ".webp";
    case ImageFormat::Tiff:
        return ext == ".tif" || ext == ".tiff";
    case ImageFormat::Unknown:
        break;
    }
    return false;
}

Expected<ImageHeader> probeImageHeader(const std::uint8_t* data, std::size_t size, const std::string& sourceName) {
    if (size == 0) return makeError(sourceName + ": file is empty (0 bytes)");
    Reader r(data, size);
    ImageHeader h;
    if (r.startsWith(0, "\x89PNG\r\n\x1a\n", 8))
        h.format = ImageFormat::Png;
    else if (r.startsWith(0, "\xFF\xD8\xFF", 3))
        h.format = ImageFormat::Jpeg;
    else if (r.startsWith(0, "GIF87a", 6) || r.startsWith(0, "GIF89a", 6))
        h.format = ImageFormat::Gif;
    else if (r.startsWith(0, "BM", 2) && size >= 26)
        h.format = ImageFormat::Bmp;
    else if (r.startsWith(0, "RIFF", 4) && r.startsWith(8, "WEBP", 4))
        h.format = ImageFormat::WebP;
    else if (r.startsWith(0, "II*\0", 4) || r.startsWith(0, "MM\0*", 4))
        h.format = ImageFormat::Tiff;
    if (h.format == ImageFormat::Unknown)
        return makeError(sourceName + ": not a supported image format (supported: PNG, JPEG, WebP, BMP, TIFF)");
    try {
        switch (h.format) {
        case ImageFormat::Png:
            parsePng(r, h);
            break;
        case ImageFormat::Jpeg:
            parseJpeg(r, h);
            break;
        case ImageFormat::Gif:
            parseGif(r, h);
            break;
        case ImageFormat::Bmp:
            parseBmp(r, h);
            break;
        case ImageFormat::WebP:
            parseWebp(r, h);
            break;
        case ImageFormat::Tiff:
            parseTiff(r, h);
            break;
        case ImageFormat::Unknown:
            break;
        }
    } catch (const Truncated&) {
        return makeError(sourceName + ": " + formatName(h.format) + " header is truncated (" + std::to_string(size) +
                         " bytes); the file is cut short or not really " + formatName(h.format));
    } catch (const std::exception& e) {
        return makeError(sourceName + ": " + e.what());
    }
    if (h.width <= 0 || h.height <= 0)
        return makeError(sourceName + ": " + formatName(h.format) + " header gives invalid dimensions " +
                         std::to_string(h.width) + "x" + std::to_string(h.height));
    return h;
}

}  // namespace rs::imaging
