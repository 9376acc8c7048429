#include "detection/candidate_ranking.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace rs::detection {

std::vector<PromptCliqueScore> rankPrompts(std::vector<PromptCliqueScore> prompts, bool flaggedOnly) {
    if (flaggedOnly)
        prompts.erase(std::remove_if(prompts.begin(), prompts.end(), [](const auto& p) { return !p.flagged; }),
                      prompts.end());
    std::sort(prompts.begin(), prompts.end(), [](const PromptCliqueScore& a, const PromptCliqueScore& b) {
        return std::make_tuple(!a.flagged, a.meanCliqueDistance, -a.cliqueSize, a.promptId) <
               std::make_tuple(!b.flagged, b.meanCliqueDistance, -b.cliqueSize, b.promptId);
    });
    return prompts;
}

double cosineSimilarity(const std::vector<float>& a, const std::vector<float>& b) {
    double dot = 0.0, na = 0.0, nb = 0.0;
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
    }
    if (na <= 0.0 || nb <= 0.0) return 0.0;
    return dot / std::sqrt(na * nb);
}

Expected<std::vector<RetrievedCandidate>> retrieveByDescriptor(const std::vector<float>& query,
                                                               const std::vector<std::vector<float>>& references,
                                                               std::size_t k) {
    std::vector<RetrievedCandidate> all;
    all.reserve(references.size());
    for (std::size_t i = 0; i < references.size(); ++i) {
        if (references[i].size() != query.size())
            return makeError("reference descriptor " + std::to_string(i) + " has " +
                             std::to_string(references[i].size()) + " values but the query has " +
                             std::to_string(query.size()) + " (were they computed with the same descriptor model?)");
        RetrievedCandidate c;
        c.index = i;
        c.similarity = cosineSimilarity(query, references[i]);
        all.push_back(c);
    }
    const auto better = [](const RetrievedCandidate& a, const RetrievedCandidate& b) {
        return a.similarity != b.similarity ? a.similarity > b.similarity : a.index < b.index;
    };
    k = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end(), better);
    all.resize(k);
    return all;
}

std::vector<RetrievedCandidate> rerankByExactDistance(
    std::vector<RetrievedCandidate> candidates, const std::function<Expected<double>(std::size_t)>& exactDistance) {
    for (auto& c : candidates) {
        Expected<double> d = exactDistance(c.index);
        if (d.ok()) {
            c.exactDistance = *d;
        } else {
            c.exactDistance = -1.0;
            c.error = d.message();
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const RetrievedCandidate& a, const RetrievedCandidate& b) {
                         const bool aok = a.error.empty(), bok = b.error.empty();
                         if (aok != bok) return aok;
                         if (!aok) return false;
                         return a.exactDistance < b.exactDistance;
                     });
    return candidates;
}

}  // namespace rs::detection
