#include "audit/prompt_findings.h"

#include "imaging/image_decode.h"
#include "imaging/image_ops.h"
#include "metrics/tiled_l2_all_pairs.h"
#include "reference/reference_import.h"
#include "store/case_repository.h"
#include "store/match_regions.h"

#include <algorithm>
#include <cmath>

namespace rs::audit {
namespace {

constexpr std::size_t kReferenceCacheLimit = 512;

// The reference's pixels (readReferenceBytes: the stored original, else the source file if it
// still has the imported SHA-256), decoded once per scan.
Expected<cv::Mat> loadReference(store::CaseFile& caseFile, ReferenceMatcher& matcher, std::int64_t referenceId) {
    if (auto it = matcher.decoded.find(referenceId); it != matcher.decoded.end()) return it->second;
    auto row = store::getReferenceImage(caseFile.db(), referenceId);
    if (!row) return row.error();
    auto bytes = reference::readReferenceBytes(caseFile, *row);
    if (!bytes) return makeError("reference image " + row->source + ": " + bytes.message());
    auto decoded = imaging::decodeImageBytes(*bytes, row->source);
    if (!decoded) return makeError("reference image " + row->source + ": " + decoded.message());
    if (matcher.decoded.size() >= kReferenceCacheLimit) matcher.decoded.clear();
    matcher.decoded[referenceId] = decoded->bgr;
    return decoded->bgr;
}

// A detected partial copy's region in each image (A = the generation, B = the other image).
std::optional<store::MatchRegions> matchRegions(const metrics::PartialCopy& partial, cv::Size generation,
                                                cv::Size other) {
    if (!partial.detected || partial.regionA.empty() || partial.regionB.empty()) return std::nullopt;
    auto region = [](const cv::Rect& box, cv::Size image) {
        const cv::Rect inside = box & cv::Rect(0, 0, image.width, image.height);
        return store::MatchRegion{{inside.x, inside.y, inside.width, inside.height}, image.width, image.height};
    };
    store::MatchRegions regions{region(partial.regionA, generation), region(partial.regionB, other)};
    if (!store::isValid(regions.generation) || !store::isValid(regions.other)) return std::nullopt;
    return regions;
}

bool partialCopyCrossed(const metrics::ComparisonResult& result) {
    if (!result.partial || !result.partial->detected) return false;
    for (const auto& check : result.checks)
        if (check.metric == "partial_copy_inliers" && check.crossed) return true;
    return false;
}

// A generation paired with one compared reference; score 1 - tiled l2 like every candidate.
store::Candidate referenceCandidate(std::int64_t promptId, std::int64_t generationId,
                                    const ReferenceComparison& compared, const std::string& metric) {
    const metrics::ComparisonResult& r = compared.result;
    store::Candidate c;
    c.generationId = generationId;
    c.referenceImageId = compared.referenceId;
    c.promptId = promptId;
    c.metric = metric;
    c.distances = {{"tiled_l2", r.tiled.distance},
                   {"phash_hamming", double(r.phashDistance)},
                   {"descriptor_cosine", compared.cosine}};
    if (r.partial) {
        c.distances["partial_copy_inliers"] = double(r.partial->inliers);
        c.matchRegions = matchRegions(*r.partial, {r.a.width, r.a.height}, {r.b.width, r.b.height});
    }
    for (const auto& check : r.checks)
        if (check.crossed) c.thresholdsCrossed.push_back(check.metric);
    c.score = 1.0 - r.tiled.distance;
    return c;
}

imaging::DecodedImage asDecoded(const cv::Mat& bgr, const std::string& name) {
    imaging::DecodedImage d;
    d.bgr = bgr;
    d.source = name;
    return d;
}

void addCliqueCandidates(std::int64_t promptId, const std::vector<StoredGeneration>& generations,
                         const detection::DistanceMatrix& distances, const detection::GenerationAnalysis& analysis,
                         std::vector<store::Candidate>& out) {
    std::int64_t cliqueNumber = 0;
    for (const auto& clique : analysis.cliques) {
        if (!clique.flagged) continue;
        ++cliqueNumber;
        for (int member : clique.members) {
            if (member == clique.medoid) continue;
            const double d = distances.at(std::size_t(member), std::size_t(clique.medoid));
            store::Candidate c;
            c.generationId = generations[std::size_t(member)].id;
            c.otherGenerationId = generations[std::size_t(clique.medoid)].id;
            c.promptId = promptId;
            c.metric = "tiled_l2";
            c.distances = {{"tiled_l2", d},
                           {"clique_size", double(clique.members.size())},
                           {"clique_mean_tiled_l2", clique.meanDistance}};
            c.thresholdsCrossed = {"clique_size", "tiled_l2"};
            c.cliqueId = cliqueNumber;
            c.score = 1.0 - d;
            out.push_back(std::move(c));
        }
    }
}

}  // namespace

Expected<std::vector<float>> generationDistanceMatrix(const std::vector<cv::Mat>& bgr,
                                                      const metrics::CompareOptions& options) {
    if (bgr.empty()) return std::vector<float>{};
    std::vector<cv::Size> sizes;
    for (const auto& image : bgr) sizes.push_back(image.size());
    const int side = imaging::comparisonSide(sizes, options.tiled.workingSize, options.tiled.grid);
    if (side <= 0) return makeError("generations are too small to compare");
    std::vector<cv::Mat> prepared;
    for (const auto& image : bgr) prepared.push_back(imaging::prepareForComparison(image, side));
    return metrics::tiledL2Matrix(prepared, options.tiled.grid, 1);
}

Expected<std::vector<ReferenceComparison>> rerankReferences(store::CaseFile& caseFile, ReferenceMatcher& matcher,
                                                            const cv::Mat& bgr, const metrics::Descriptor& descriptor,
                                                            const FindingOptions& options,
                                                            std::vector<std::string>& warnings) {
    auto neighbours = matcher.index->search(descriptor, options.neighbours);
    if (!neighbours) return neighbours.error();
    std::vector<ReferenceComparison> out;
    const int limit = std::min<int>(options.reranked, int(neighbours->size()));
    for (int k = 0; k < limit; ++k) {
        const auto& n = (*neighbours)[std::size_t(k)];
        auto reference = loadReference(caseFile, matcher, n.referenceId);
        if (!reference) {
            warnings.push_back(reference.message());
            continue;
        }
        auto compare = options.compare;
        const int smallest = std::min({bgr.rows, bgr.cols, reference->rows, reference->cols});
        if (smallest < options.partialCopyMinSide) compare.partialCopy = false;
        auto result = metrics::compareImages(asDecoded(bgr, "generation"), asDecoded(*reference, "reference"), compare);
        if (!result) {
            warnings.push_back("comparing with reference " + std::to_string(n.referenceId) + ": " + result.message());
            continue;
        }
        out.push_back({n.referenceId, n.cosine, std::move(*result)});
    }
    return out;
}

Expected<PromptFindings> findForPrompt(store::CaseFile& caseFile, std::int64_t promptId,
                                       const std::vector<StoredGeneration>& generations,
                                       const std::vector<metrics::Descriptor>& descriptors,
                                       const metrics::DescriptorInfo& descriptorInfo,
                                       std::vector<ReferenceMatcher>& matchers, const FindingOptions& options) {
    PromptFindings findings;
    if (generations.empty()) return findings;
    if (descriptors.size() != generations.size())
        return makeError("findForPrompt: one descriptor per generation expected");

    // memorization: cliques among the prompt's generations
    std::vector<cv::Mat> images;
    for (const auto& g : generations) images.push_back(g.bgr);
    auto matrix = generationDistanceMatrix(images, options.compare);
    if (!matrix) return matrix.error();
    const std::size_t n = generations.size();
    findings.distances.reserve(n * (n - 1) / 2);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) findings.distances.push_back((*matrix)[i * n + j]);
    auto distances = detection::DistanceMatrix::fromRowMajor(generations.size(), *matrix);
    if (!distances) return distances.error();
    auto analysis = detection::analyzeGenerations(*distances, options.detection);
    if (!analysis) return analysis.error();
    findings.analysis = *analysis;
    addCliqueCandidates(promptId, generations, *distances, findings.analysis, findings.candidates);

    // replication: nearest references, re-ranked by the exact metrics
    for (auto& matcher : matchers) {
        if (!matcher.index) continue;
        for (std::size_t i = 0; i < generations.size(); ++i) {
            auto compared =
                rerankReferences(caseFile, matcher, generations[i].bgr, descriptors[i], options, findings.warnings);
            if (!compared) return compared.error();
            const ReferenceComparison* best = nullptr;
            for (const auto& c : *compared)
                if (!best || c.result.tiled.distance < best->result.tiled.distance) best = &c;
            if (!best) continue;
            for (auto& c : *compared) {
                if (&c == best) {
                    if (descriptorInfo.thresholdsCalibrated)
                        metrics::addDescriptorSimilarity(c.result, descriptorInfo.name, c.cosine);
                    if (c.result.anyCrossed())
                        findings.candidates.push_back(referenceCandidate(promptId, generations[i].id, c, "tiled_l2"));
                } else if (partialCopyCrossed(c.result)) {
                    // Another reference whose region reappears in the generation: its own
                    // candidate, so the copied part is boxed even when a closer image won.
                    findings.candidates.push_back(referenceCandidate(promptId, generations[i].id, c, "partial_copy"));
                }
            }
        }
    }
    return findings;
}

}  // namespace rs::audit
