#pragma once
// What a format writer produced: its main file and the problems it reported on the way (a
// missing or undecodable image is listed, and the rest of the report is still written).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rs::report {

struct WrittenReport {
    std::filesystem::path mainFile;  // index.html, report.pdf, ... (inside the staging location)
    std::int64_t imagesWritten = 0;  // HTML: files in images/; PDF: pictures embedded
    std::vector<std::string> problems;
};

}  // namespace rs::report
