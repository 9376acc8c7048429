#include "detection/extraction_experiment.h"

#include "detection/generation_groups.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace rs::detection {
namespace {

// Compared in float like the clique graph (thresholdGraph), so a distance printed as exactly
// the threshold counts the same way for edges and for extraction.
bool within(double distance, double threshold) { return float(distance) <= float(threshold); }

void add(GroupOutcome& g, const CaptionOutcome& c) {
    ++g.captions;
    g.flagged += c.flagged;
    g.extractedOwn += c.extractedOwn;
    g.extractedAny += c.extractedAny;
    g.closestWithin += c.closestWithin;
    g.meanBestOwnDistance += c.bestOwnDistance;  // sums until finish()
    g.meanWen += c.wen;
}

void finish(GroupOutcome& g) {
    if (!g.captions) return;
    g.meanBestOwnDistance /= double(g.captions);
    g.meanWen /= double(g.captions);
}

Expected<DistanceMatrix> matrixFrom(const ExperimentCaption& c, std::size_t n) {
    std::vector<float> full(n * n, 0.0f);
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j, ++k) full[i * n + j] = full[j * n + i] = float(c.pairwise[k]);
    return DistanceMatrix::fromRowMajor(n, full);
}

}  // namespace

std::optional<double> rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive) {
    const std::size_t n = std::min(scores.size(), positive.size());
    const auto pos = std::size_t(std::count(positive.begin(), positive.begin() + std::ptrdiff_t(n), true));
    const std::size_t neg = n - pos;
    if (pos == 0 || neg == 0) return std::nullopt;
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(scores[i])) return std::nullopt;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    // Sum of the positives' ranks, tied scores sharing their average rank (1-based).
    double rankSum = 0.0;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && scores[order[j]] == scores[order[i]]) ++j;
        const double averageRank = (double(i + 1) + double(j)) / 2.0;
        for (std::size_t k = i; k < j; ++k)
            if (positive[order[k]]) rankSum += averageRank;
        i = j;
    }
    const double u = rankSum - double(pos) * double(pos + 1) / 2.0;
    return u / (double(pos) * double(neg));
}

Expected<ExperimentResult> analyzeExperiment(const ExperimentDump& dump, const ExperimentOptions& options) {
    DetectionOptions detect;
    detect.edgeThreshold = options.threshold;
    detect.minCliqueSize = options.minCliqueSize;
    detect.maxReportedCliques = 1;  // only the maximum clique decides
    if (const std::string problem = validateOptions(detect); !problem.empty()) return makeError(problem);

    ExperimentResult r;
    r.options = options;
    r.generations = dump.generations;
    std::vector<double> wen;
    std::vector<bool> extracted;
    for (const auto& c : dump.captions) {
        const std::size_t g = c.wen.size();
        if (g == 0 || c.ownDistance.size() != g || c.nearestDistance.size() != g || c.nearestImage.size() != g ||
            c.pairwise.size() != g * (g - 1) / 2)
            return makeError("caption on line " + std::to_string(c.line) + " has inconsistent array sizes");
        auto matrix = matrixFrom(c, g);
        if (!matrix) return makeError("caption on line " + std::to_string(c.line) + ": " + matrix.message());
        auto analysis = analyzeGenerations(*matrix, detect);
        if (!analysis) return makeError("caption on line " + std::to_string(c.line) + ": " + analysis.message());

        CaptionOutcome o;
        o.clique = analysis->maximumClique.members.size();
        o.flagged = analysis->flagged;
        o.exact = analysis->exact;
        if (o.flagged) {
            const auto medoid = std::size_t(analysis->maximumClique.medoid);
            o.extractedAny = within(c.nearestDistance[medoid], options.threshold);
            o.extractedOwn = o.extractedAny && c.nearestImage[medoid] == c.image;
        }
        o.bestOwnDistance = *std::min_element(c.ownDistance.begin(), c.ownDistance.end());
        o.closestWithin = within(o.bestOwnDistance, options.threshold);
        o.wen = std::accumulate(c.wen.begin(), c.wen.end(), 0.0) / double(g);

        r.inexactSearches += !o.exact;
        add(r.groups[c.duplicates], o);
        add(r.total, o);
        wen.push_back(o.wen);
        extracted.push_back(o.extractedAny);
        r.captions.push_back(o);
    }
    for (auto& [count, group] : r.groups) finish(group);
    finish(r.total);
    r.wenAuc = rocAuc(wen, extracted);
    return r;
}

}  // namespace rs::detection
