#pragma once
// Ordering candidates for manual review.
//  - Prompts: Carlini et al. §4.2.1 flag a prompt whose generations form a clique of ≥ 10 and
//    review flagged prompts by the mean distance inside the clique, tightest first.
//  - References: a cheap descriptor (cosine) retrieves the nearest reference images, then an
//    exact metric (e.g. tiled ℓ2) re-ranks those few.
// Standard library only.
#include "base/expected.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace rs::detection {

struct PromptCliqueScore {
    std::string promptId;
    int cliqueSize = 0;
    double meanCliqueDistance = 0.0;
    bool flagged = false;
};

// Flagged prompts first (unless flaggedOnly drops the rest), each part ordered by mean clique
// distance ascending, then larger clique, then prompt id: a stable, reproducible review order.
std::vector<PromptCliqueScore> rankPrompts(std::vector<PromptCliqueScore> prompts, bool flaggedOnly = true);

struct RetrievedCandidate {
    std::size_t index = 0;        // into the reference list
    double similarity = 0.0;      // descriptor cosine, higher = closer
    double exactDistance = -1.0;  // from the re-ranking metric; -1 when not re-ranked
    std::string error;            // why the exact metric failed for this one (kept, not dropped)
};

// Cosine of two equally long descriptors (0 when either is all zeros).
double cosineSimilarity(const std::vector<float>& a, const std::vector<float>& b);

// The k references most similar to the query by descriptor cosine, best first (ties: lower index).
// Fails when descriptor lengths differ (naming the reference index).
Expected<std::vector<RetrievedCandidate>> retrieveByDescriptor(const std::vector<float>& query,
                                                               const std::vector<std::vector<float>>& references,
                                                               std::size_t k);

// Re-ranks retrieved candidates by an exact distance (lower = closer). A failing distance
// (Expected error) keeps the candidate, last, with its error message.
std::vector<RetrievedCandidate> rerankByExactDistance(
    std::vector<RetrievedCandidate> candidates, const std::function<Expected<double>(std::size_t)>& exactDistance);

}  // namespace rs::detection
