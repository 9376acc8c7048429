#pragma once
// Shared set-up for the reference tests: temporary cases, images drawn with OpenCV (seeded) and
// real clip art from Debian's openclipart-png, and row snapshots for comparing imports.
#include "base/sha256.h"
#include "reference/reference_import.h"
#include "store/case_file.h"
#include "store/case_repository.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace rs::reference::test {

namespace fs = std::filesystem;

#define RS_REQUIRE(expr)                                                          \
    do {                                                                          \
        const auto& rs_result_ = (expr);                                          \
        if (!rs_result_.ok()) QFAIL(("failed: " + rs_result_.message()).c_str()); \
    } while (0)

inline store::CaseDetails details() {
    store::CaseDetails d;
    d.caseNumber = "T-1";
    d.title = "reference tests";
    d.examiner = "tester";
    return d;
}

inline Expected<store::CaseFile> newCase(const fs::path& dir, const std::string& name = "case") {
    return store::CaseFile::create(dir / (name + ".rscase"), details(), "tester");
}

// A textured scene (gradient, shapes, lines, text), different for every seed.
inline cv::Mat drawScene(unsigned seed, int width = 160, int height = 120) {
    cv::RNG rng(seed);
    cv::Mat img(height, width, CV_8UC3);
    const cv::Scalar c0(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
    const cv::Scalar c1(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
    for (int y = 0; y < height; ++y) {
        const double t = double(y) / height;
        cv::line(img, {0, y}, {width - 1, y}, c0 * (1 - t) + c1 * t);
    }
    auto color = [&] { return cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)); };
    auto point = [&] { return cv::Point(rng.uniform(0, width), rng.uniform(0, height)); };
    for (int i = 0; i < 8; ++i) cv::circle(img, point(), rng.uniform(4, 30), color(), cv::FILLED, cv::LINE_AA);
    for (int i = 0; i < 8; ++i) cv::rectangle(img, point(), point(), color(), cv::FILLED);
    for (int i = 0; i < 10; ++i) cv::line(img, point(), point(), color(), rng.uniform(1, 4), cv::LINE_AA);
    cv::putText(img, std::to_string(seed), {10, height / 2}, cv::FONT_HERSHEY_SIMPLEX, 0.8, color(), 2);
    return img;
}

inline std::string encode(const cv::Mat& img, const std::string& ext) {
    std::vector<uchar> buf;
    std::vector<int> params;
    if (ext == ".jpg") params = {cv::IMWRITE_JPEG_QUALITY, 92};
    cv::imencode(ext, img, buf, params);
    return std::string(buf.begin(), buf.end());
}

inline void writeFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A few real clip-art PNGs (sorted, spread over the package), or none when it is missing.
inline std::vector<fs::path> clipart(std::size_t count) {
    std::vector<fs::path> all;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator("/usr/share/openclipart/png", ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".png" && it->is_regular_file()) all.push_back(it->path());
    std::sort(all.begin(), all.end());
    std::vector<fs::path> chosen;
    for (std::size_t i = 0; i < all.size() && chosen.size() < count;
         i += std::max<std::size_t>(1, all.size() / (count * 2 + 1)))
        chosen.push_back(all[i]);
    return chosen;
}

// One line per row, without ids and times, for comparing two imports.
inline std::vector<std::string> rowSnapshot(store::CaseFile& c, const std::string& set) {
    std::vector<std::string> out;
    auto rows = store::listReferenceImages(c.db(), set, 1000000, 0, true);
    if (!rows) return {"error: " + rows.message()};
    for (const auto& r : *rows) {
        std::ostringstream s;
        s << r.source << "|" << r.sha256 << "|" << r.sizeBytes << "|" << r.width.value_or(-1) << "x"
          << r.height.value_or(-1) << "|" << r.caption << "|" << r.licence << "|" << r.dedupCount << "|"
          << r.thumbnailSha256.value_or("-") << "|"
          << (r.descriptor ? sha256Hex(r.descriptor->data(), r.descriptor->size()) : std::string("-"));
        out.push_back(s.str());
    }
    std::sort(out.begin(), out.end());
    return out;
}

inline const ImportIssue* findIssue(const std::vector<ImportIssue>& issues, const std::string& sourcePart) {
    for (const auto& i : issues)
        if (i.source.find(sourcePart) != std::string::npos) return &i;
    return nullptr;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline std::string issuesText(const std::vector<ImportIssue>& issues) {
    std::string out;
    for (const auto& i : issues) out += i.source + ": " + i.reason + "\n";
    return out;
}

}  // namespace rs::reference::test
