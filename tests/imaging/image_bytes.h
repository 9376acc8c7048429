#pragma once
// Builders for image files the tests need but OpenCV cannot write: CMYK JPEG (libjpeg, Adobe
// inverted CMYK as Photoshop writes it), gray+alpha PNG (zlib), EXIF orientation, and
// hostile headers.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <jpeglib.h>
#include <string>
#include <vector>
#include <zlib.h>

namespace rs::test {

inline std::string encode(const cv::Mat& img, const std::string& ext, std::vector<int> params = {}) {
    std::vector<uchar> buf;
    cv::imencode(ext, img, buf, params);
    return std::string(buf.begin(), buf.end());
}

// cmyk: CV_8UC4 with C, M, Y, K in [0,255] (ink amounts); stored inverted (Adobe).
inline std::string cmykJpeg(const cv::Mat& cmyk) {
    jpeg_compress_struct cinfo;
    jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&cinfo, &out, &size);
    cinfo.image_width = JDIMENSION(cmyk.cols);
    cinfo.image_height = JDIMENSION(cmyk.rows);
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_set_colorspace(&cinfo, JCS_CMYK);  // writes the Adobe APP14 marker
    jpeg_set_quality(&cinfo, 95, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    std::vector<unsigned char> row(std::size_t(cmyk.cols) * 4);
    while (cinfo.next_scanline < cinfo.image_height) {
        const uchar* in = cmyk.ptr<uchar>(int(cinfo.next_scanline));
        for (std::size_t k = 0; k < row.size(); ++k) row[k] = uchar(255 - in[k]);
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    std::string bytes(reinterpret_cast<char*>(out), size);
    jpeg_destroy_compress(&cinfo);
    std::free(out);
    return bytes;
}

inline void putBe32(std::string& s, std::uint32_t v) {
    for (int k = 3; k >= 0; --k) s.push_back(char((v >> (8 * k)) & 0xFF));
}

inline void pngChunk(std::string& png, const char* type, const std::string& data) {
    putBe32(png, std::uint32_t(data.size()));
    std::string body = std::string(type, 4) + data;
    png += body;
    putBe32(png, std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
}

// PNG with an arbitrary IHDR; `rows` are the filtered scanlines (filter byte + samples).
inline std::string rawPng(std::uint32_t w, std::uint32_t h, int bitDepth, int colorType, const std::string& rows) {
    std::string png("\x89PNG\r\n\x1a\n", 8), ihdr;
    putBe32(ihdr, w);
    putBe32(ihdr, h);
    ihdr += char(bitDepth);
    ihdr += char(colorType);
    ihdr += std::string(3, '\0');
    pngChunk(png, "IHDR", ihdr);
    uLongf len = compressBound(uLong(rows.size()));
    std::string z(len, '\0');
    compress(reinterpret_cast<Bytef*>(&z[0]), &len, reinterpret_cast<const Bytef*>(rows.data()), uLong(rows.size()));
    z.resize(len);
    pngChunk(png, "IDAT", z);
    pngChunk(png, "IEND", "");
    return png;
}

// 8-bit gray+alpha PNG (colour type 4) from two planes.
inline std::string grayAlphaPng(const cv::Mat& gray, const cv::Mat& alpha) {
    std::string rows;
    for (int y = 0; y < gray.rows; ++y) {
        rows += '\0';
        for (int x = 0; x < gray.cols; ++x) {
            rows += char(gray.at<uchar>(y, x));
            rows += char(alpha.at<uchar>(y, x));
        }
    }
    return rawPng(std::uint32_t(gray.cols), std::uint32_t(gray.rows), 8, 4, rows);
}

// Inserts an EXIF APP1 segment with the given Orientation right after the JPEG's SOI.
inline std::string withExifOrientation(const std::string& jpeg, int orientation) {
    std::string tiff("MM\0*\0\0\0\x08", 8);
    tiff += std::string("\0\x01", 2);                    // one entry
    tiff += std::string("\x01\x12\0\x03\0\0\0\x01", 8);  // tag 274, SHORT, count 1
    tiff += char(0);
    tiff += char(orientation);
    tiff += std::string(2, '\0');
    tiff += std::string(4, '\0');  // no next IFD
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const std::size_t len = payload.size() + 2;
    std::string app1("\xFF\xE1", 2);
    app1 += char((len >> 8) & 0xFF);
    app1 += char(len & 0xFF);
    return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}

// A JPEG whose frame header claims w x h, followed by junk instead of image data.
inline std::string jpegHeaderClaiming(int w, int h) {
    std::string j("\xFF\xD8\xFF\xC0\x00\x11\x08", 7);
    j += char((h >> 8) & 0xFF);
    j += char(h & 0xFF);
    j += char((w >> 8) & 0xFF);
    j += char(w & 0xFF);
    j += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    j += std::string(64, '\x55');
    return j;
}

}  // namespace rs::test
