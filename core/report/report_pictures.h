#pragma once
// The pictures of one finding, read from the case's image store (SHA-256 checked on read):
// the generation, the other side (reference or other generation), both decoded, and the
// per-pixel difference heatmap of the pair (metrics/evidence_visuals.h). A picture that is
// missing or cannot be decoded is reported in `problems`, never silently skipped.
#include "report/report_model.h"
#include "store/case_file.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace rs::report {

struct StoredPicture {
    std::string sha256;
    std::string extension;  // "png", "jpg", ... from the magic bytes
    std::string bytes;      // as stored; empty when missing
    cv::Mat bgr;            // decoded; empty when missing or undecodable
};

struct FindingPictures {
    StoredPicture generation;
    StoredPicture other;
    std::string heatmapPng;  // empty when either side is missing
    std::vector<std::string> problems;
};

// At most one finding's pictures are held at a time by the exporters.
FindingPictures loadFindingPictures(store::CaseFile& caseFile, const Finding& finding);

// Side of the difference heatmap (the comparison geometry's working size, at most this).
inline constexpr int kHeatmapSide = 512;

}  // namespace rs::report
