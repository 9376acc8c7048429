#include "metrics/comparison.h"

#include "imaging/image_ops.h"
#include "metrics/evidence_visuals.h"

#include <nlohmann/json.hpp>

namespace rs::metrics {
namespace {

ImageInfo infoOf(const imaging::DecodedImage& d) {
    ImageInfo i;
    i.source = d.source;
    i.sha256 = d.sha256;
    i.format = imaging::formatName(d.header.format);
    i.width = d.bgr.cols;
    i.height = d.bgr.rows;
    i.hadAlpha = d.hadAlpha;
    i.warnings = d.warnings;
    return i;
}

nlohmann::json rectJson(const cv::Rect& r) {
    return {{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}};
}

nlohmann::json infoJson(const ImageInfo& i) {
    return {{"source", i.source}, {"sha256", i.sha256},      {"format", i.format},    {"width", i.width},
            {"height", i.height}, {"had_alpha", i.hadAlpha}, {"warnings", i.warnings}};
}

}  // namespace

bool ComparisonResult::anyCrossed() const {
    for (const auto& c : checks)
        if (c.crossed) return true;
    return false;
}

Expected<ComparisonResult> compareImages(const imaging::DecodedImage& a, const imaging::DecodedImage& b,
                                         const CompareOptions& options) {
    ComparisonResult r;
    r.a = infoOf(a);
    r.b = infoOf(b);
    auto tiled = tiledL2(a.bgr, b.bgr, options.tiled);
    if (!tiled) return makeError(a.source + " vs " + b.source + ": " + tiled.message());
    r.tiled = *tiled;
    r.checks.push_back({"tiled_l2", r.tiled.distance, "<=", options.tiledL2Threshold,
                        r.tiled.distance <= options.tiledL2Threshold,
                        "same image, pixel-aligned (Carlini et al. 2023)"});
    r.phashA = perceptualHash(a.bgr);
    r.phashB = perceptualHash(b.bgr);
    r.phashDistance = hammingDistance(r.phashA, r.phashB);
    r.checks.push_back({"phash_hamming", double(r.phashDistance), "<=", double(options.phashThreshold),
                        r.phashDistance <= options.phashThreshold, "near-duplicate (imagededup pHash)"});
    if (options.partialCopy) {
        auto partial = findPartialCopy(a.bgr, b.bgr, options.partial);
        if (!partial) return makeError(a.source + " vs " + b.source + ": " + partial.message());
        r.partial = *partial;
        r.checks.push_back({"partial_copy_inliers", double(partial->inliers), ">=", double(options.partial.minInliers),
                            partial->detected,
                            partial->detected ? "shares a region (ORB + RANSAC; Somepalli et al. 2023)"
                                              : "no shared region: " + partial->reason});
    }
    return r;
}

Expected<ComparisonResult> compareImageFiles(const std::filesystem::path& a, const std::filesystem::path& b,
                                             const CompareOptions& options, const imaging::DecodeLimits& limits) {
    auto da = imaging::decodeImageFile(a, limits);
    if (!da) return da.error();
    auto db = imaging::decodeImageFile(b, limits);
    if (!db) return db.error();
    return compareImages(*da, *db, options);
}

void addDescriptorSimilarity(ComparisonResult& result, const std::string& model, double cosine) {
    result.descriptor = DescriptorSimilarity{model, cosine};
    result.checks.push_back(
        {"descriptor_cosine", cosine, ">", 0.5, cosine > 0.5, "replication (Somepalli et al. 2023)"});
    result.checks.push_back(
        {"descriptor_cosine", cosine, ">", 0.75, cosine > 0.75, "copy, ~90% precision on DISC (SSCD)"});
    result.checks.push_back({"descriptor_cosine", cosine, ">", 0.95, cosine > 0.95, "training-set duplicate (SSCD)"});
}

std::vector<std::string> summaryLines(const ComparisonResult& r) {
    std::vector<std::string> lines;
    for (const auto& c : r.checks) {
        const bool integral = c.metric == "phash_hamming" || c.metric == "partial_copy_inliers";
        lines.push_back(c.metric + " " + formatFixed(c.value, integral ? 0 : 3) + " " + c.op + " " +
                        formatFixed(c.threshold, integral ? 0 : 2) + (c.crossed ? "  YES: " : "  no: ") + c.meaning);
    }
    if (r.partial && r.partial->inliers > 0)
        lines.push_back("partial copy: " + std::to_string(r.partial->inliers) + "/" +
                        std::to_string(r.partial->matches) + " inliers, region A " +
                        std::to_string(r.partial->regionA.width) + "x" + std::to_string(r.partial->regionA.height) +
                        ", region B " + std::to_string(r.partial->regionB.width) + "x" +
                        std::to_string(r.partial->regionB.height));
    return lines;
}

Expected<std::string> evidenceCompositePng(const imaging::DecodedImage& a, const imaging::DecodedImage& b,
                                           const ComparisonResult& result) {
    auto canvas = sideBySide(a.bgr, b.bgr, result.tiled, summaryLines(result));
    if (!canvas) return canvas.error();
    return imaging::encodePng(*canvas);
}

nlohmann::json toJson(const ComparisonResult& r) {
    nlohmann::json tiles = nlohmann::json::array();
    for (int row = 0; row < r.tiled.grid; ++row) {
        nlohmann::json line = nlohmann::json::array();
        for (int col = 0; col < r.tiled.grid; ++col)
            line.push_back(r.tiled.tiles[std::size_t(row * r.tiled.grid + col)]);
        tiles.push_back(line);
    }
    nlohmann::json j;
    j["a"] = infoJson(r.a);
    j["b"] = infoJson(r.b);
    j["tiled_l2"] = {{"distance", r.tiled.distance},
                     {"grid", r.tiled.grid},
                     {"working_size", r.tiled.workingSize},
                     {"worst_tile",
                      {{"row", r.tiled.grid ? r.tiled.worstTile / r.tiled.grid : 0},
                       {"column", r.tiled.grid ? r.tiled.worstTile % r.tiled.grid : 0}}},
                     {"tiles", tiles}};
    j["phash"] = {{"a", phashToHex(r.phashA)}, {"b", phashToHex(r.phashB)}, {"hamming", r.phashDistance}};
    if (r.partial) {
        const PartialCopy& p = *r.partial;
        j["partial_copy"] = {{"detected", p.detected},
                             {"reason", p.reason},
                             {"keypoints_a", p.keypointsA},
                             {"keypoints_b", p.keypointsB},
                             {"matches", p.matches},
                             {"inliers", p.inliers},
                             {"inlier_ratio", p.inlierRatio},
                             {"region_a", rectJson(p.regionA)},
                             {"region_b", rectJson(p.regionB)},
                             {"region_fraction_a", p.regionFractionA},
                             {"region_fraction_b", p.regionFractionB},
                             {"homography", p.homography},
                             {"plausible_homography", p.plausibleHomography}};
    }
    if (r.descriptor) j["descriptor"] = {{"model", r.descriptor->model}, {"cosine", r.descriptor->cosine}};
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : r.checks)
        checks.push_back({{"metric", c.metric},
                          {"value", c.value},
                          {"op", c.op},
                          {"threshold", c.threshold},
                          {"crossed", c.crossed},
                          {"meaning", c.meaning}});
    j["checks"] = checks;
    j["any_crossed"] = r.anyCrossed();
    return j;
}

}  // namespace rs::metrics
