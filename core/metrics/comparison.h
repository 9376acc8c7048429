#pragma once
// Everything ReplicaScope measures about one pair of images, and which thresholds it crosses:
// tiled l2 with its tile matrix (Carlini), pHash Hamming distance (imagededup), partial copy
// (ORB + RANSAC), and, filled in by the caller when a copy-detection descriptor is configured,
// the descriptor cosine (SSCD). toJson() is the machine-readable form used by
// `replicascope-cli compare --json` and reports.
#include "base/expected.h"
#include "imaging/image_decode.h"
#include "metrics/partial_copy.h"
#include "metrics/phash.h"
#include "metrics/tiled_l2.h"

#include <nlohmann/json_fwd.hpp>
#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rs::metrics {

struct CompareOptions {
    TiledL2Options tiled;                              // S = 512, T = 4
    double tiledL2Threshold = kTiledL2Threshold;       // copy if <= 0.15
    int phashThreshold = kPhashNearDuplicateDistance;  // near-duplicate if <= 10
    bool partialCopy = true;                           // run the local-feature matcher
    PartialCopyOptions partial;
};

// One threshold test, stated so a reader can check it: value <op> threshold -> crossed.
struct ThresholdCheck {
    std::string metric;  // "tiled_l2", "phash_hamming", "partial_copy_inliers", "sscd_cosine", ...
    double value = 0;
    std::string op;  // "<=" or ">=" or ">"
    double threshold = 0;
    bool crossed = false;
    std::string meaning;  // "same image (Carlini et al. 2023)"
};

struct ImageInfo {
    std::string source;
    std::string sha256;  // of the file bytes (empty for in-memory pixels)
    std::string format;
    int width = 0, height = 0;  // upright, as compared
    bool hadAlpha = false;
    std::vector<std::string> warnings;
};

struct DescriptorSimilarity {
    std::string model;  // e.g. "sscd_disc_mixup" or "built-in"
    double cosine = 0;
};

struct ComparisonResult {
    ImageInfo a, b;
    TiledL2 tiled;
    std::uint64_t phashA = 0, phashB = 0;
    int phashDistance = 0;
    std::optional<PartialCopy> partial;              // absent if disabled
    std::optional<DescriptorSimilarity> descriptor;  // set via addDescriptorSimilarity()
    std::vector<ThresholdCheck> checks;
    // True if any check says "copy".
    bool anyCrossed() const;
};

Expected<ComparisonResult> compareImages(const imaging::DecodedImage& a, const imaging::DecodedImage& b,
                                         const CompareOptions& options = {});
Expected<ComparisonResult> compareImageFiles(const std::filesystem::path& a, const std::filesystem::path& b,
                                             const CompareOptions& options = {},
                                             const imaging::DecodeLimits& limits = {});

// Records a descriptor cosine and its checks: > 0.5 "replication (Somepalli et al. 2023)",
// > 0.75 "copy at ~90% precision on DISC (SSCD)", > 0.95 "training-set duplicate (SSCD)".
void addDescriptorSimilarity(ComparisonResult& result, const std::string& model, double cosine);

// Text lines for the evidence composite and terminal output ("tiled l2 0.042 <= 0.15: COPY").
std::vector<std::string> summaryLines(const ComparisonResult& result);

// A | B | difference composite with summaryLines() printed under it, as PNG bytes.
Expected<std::string> evidenceCompositePng(const imaging::DecodedImage& a, const imaging::DecodedImage& b,
                                           const ComparisonResult& result);

nlohmann::json toJson(const ComparisonResult& result);

}  // namespace rs::metrics
