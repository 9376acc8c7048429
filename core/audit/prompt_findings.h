#pragma once
// The findings for one prompt of a scan, from its stored generations:
//  - memorization: the tiled l2 graph over the prompt's generations and its flagged cliques
//    (Carlini et al.); each member of a flagged clique becomes a candidate paired with the
//    clique's medoid (otherGenerationId), cliqueId = 1, 2, ... within the prompt;
//  - replication: each generation's nearest reference images by descriptor (FAISS), re-ranked
//    by the exact metrics (tiled l2, pHash, partial copy, and the descriptor cosine where its
//    thresholds are calibrated); the closest becomes a candidate ("tiled_l2") when it crosses a
//    threshold, and any other re-ranked reference whose partial-copy check crosses becomes a
//    "partial_copy" candidate with its match boxes.
// A candidate's score is 1 - tiled l2 (higher = closer), the review queue's order.
#include "base/expected.h"
#include "detection/generation_groups.h"
#include "metrics/comparison.h"
#include "metrics/descriptor_extractor.h"
#include "reference/reference_index.h"
#include "store/case_file.h"
#include "store/records.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rs::audit {

struct StoredGeneration {
    std::int64_t id = 0;
    std::uint64_t seed = 0;
    cv::Mat bgr;  // decoded from the case's image store
};

// A reference set prepared for matching: its index, and decoded images as they are needed.
struct ReferenceMatcher {
    std::string setName;
    std::unique_ptr<reference::ReferenceIndex> index;
    std::map<std::int64_t, cv::Mat> decoded;  // reference id -> canonical BGR (cache)
};

struct FindingOptions {
    detection::DetectionOptions detection;  // edge threshold 0.15, clique >= 10
    metrics::CompareOptions compare;        // tiled l2 0.15, pHash 10, partial copy
    int neighbours = 5;                     // nearest references retrieved per generation and set
    int reranked = 3;                       // of those, compared with the exact metrics
    int partialCopyMinSide = 128;           // smaller images skip the local-feature matcher
};

struct PromptFindings {
    detection::GenerationAnalysis analysis;
    // The pairwise tiled l2 distances of the generations (in the order given), upper triangle row
    // by row: what the clique search read and the results grid's histogram shows.
    std::vector<float> distances;
    std::vector<store::Candidate> candidates;
    std::vector<std::string> warnings;  // e.g. a reference image that could not be read
};

// The tiled l2 distances between all pairs of one prompt's generations (BGR, any size; they are
// brought to one comparison size first), N x N row-major. The clique search and the results
// grid's distance histogram read the same matrix.
Expected<std::vector<float>> generationDistanceMatrix(const std::vector<cv::Mat>& bgr,
                                                      const metrics::CompareOptions& options);

// One reference compared with an image by the exact metrics.
struct ReferenceComparison {
    std::int64_t referenceId = 0;
    double cosine = 0;  // descriptor similarity from the index search
    metrics::ComparisonResult result;
};

// The image's `neighbours` nearest references in the matcher's set by descriptor, the first
// `reranked` of them compared with the exact metrics, in search order. A reference that cannot
// be read or compared is skipped with a line in `warnings`; a failed search is an error.
Expected<std::vector<ReferenceComparison>> rerankReferences(store::CaseFile& caseFile, ReferenceMatcher& matcher,
                                                            const cv::Mat& bgr, const metrics::Descriptor& descriptor,
                                                            const FindingOptions& options,
                                                            std::vector<std::string>& warnings);

// descriptors: one per generation (same order), from the extractor the sets were indexed with.
Expected<PromptFindings> findForPrompt(store::CaseFile& caseFile, std::int64_t promptId,
                                       const std::vector<StoredGeneration>& generations,
                                       const std::vector<metrics::Descriptor>& descriptors,
                                       const metrics::DescriptorInfo& descriptorInfo,
                                       std::vector<ReferenceMatcher>& matchers, const FindingOptions& options);

}  // namespace rs::audit
