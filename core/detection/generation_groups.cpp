#include "detection/generation_groups.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rs::detection {

Expected<DistanceMatrix> DistanceMatrix::fromRowMajor(std::size_t n, const std::vector<float>& values) {
    if (values.size() != n * n)
        return makeError("distance matrix for " + std::to_string(n) + " generations needs " + std::to_string(n * n) +
                         " values, got " + std::to_string(values.size()));
    DistanceMatrix m;
    m.m_n = n;
    m.m_d.assign(n * n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            const float a = values[i * n + j], b = values[j * n + i];
            const auto pair = [&] { return "(" + std::to_string(i) + ", " + std::to_string(j) + ")"; };
            if (!std::isfinite(a) || !std::isfinite(b) || a < 0.0f || b < 0.0f)
                return makeError("distance matrix entry " + pair() + " is not a finite non-negative number");
            if (std::fabs(a - b) > 1e-4f + 1e-3f * std::max(a, b))
                return makeError("distance matrix is not symmetric at " + pair() + ": " + std::to_string(a) + " vs " +
                                 std::to_string(b));
            m.m_d[i * n + j] = m.m_d[j * n + i] = 0.5f * (a + b);
        }
    }
    return m;
}

std::string validateOptions(const DetectionOptions& o) {
    if (!std::isfinite(o.edgeThreshold) || o.edgeThreshold < 0.0)
        return "edge threshold must be a non-negative number (tiled l2; default 0.15)";
    if (o.minCliqueSize < 2) return "minimum clique size must be at least 2 (default 10)";
    if (o.maxTiedCliquesCompared < 1) return "at least one maximum clique must be compared";
    if (o.maxReportedCliques < 1) return "at least one clique must be reported";
    if (o.minComponentSize < 1) return "minimum component size must be at least 1";
    return {};
}

BitGraph thresholdGraph(const DistanceMatrix& d, double threshold) {
    // Compare in float: distances are floats, and 0.15f > 0.15 would drop an edge at the threshold.
    const float t = float(threshold);
    BitGraph g(d.size());
    for (std::size_t i = 0; i < d.size(); ++i)
        for (std::size_t j = i + 1; j < d.size(); ++j)
            if (d.at(i, j) <= t) g.addEdge(i, j);
    return g;
}

GroupSummary summarizeGroup(const DistanceMatrix& d, std::vector<int> members) {
    GroupSummary s;
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    s.members = std::move(members);
    if (s.members.empty()) return s;
    double total = 0.0, bestSum = std::numeric_limits<double>::infinity();
    for (int a : s.members) {
        double sum = 0.0;
        for (int b : s.members) {
            if (a == b) continue;
            const double v = d.at(std::size_t(a), std::size_t(b));
            sum += v;
            s.maxDistance = std::max(s.maxDistance, v);
        }
        total += sum;
        if (sum < bestSum) {
            bestSum = sum;
            s.medoid = a;
        }
    }
    const double k = double(s.members.size());
    s.meanDistance = s.members.size() > 1 ? total / (k * (k - 1.0)) : 0.0;
    return s;
}

namespace {

BitGraph withoutVertices(const BitGraph& g, const std::vector<char>& removed) {
    BitGraph h(g.size());
    for (std::size_t v = 0; v < g.size(); ++v) {
        if (removed[v]) continue;
        for (std::size_t u = v + 1; u < g.size(); ++u)
            if (!removed[u] && g.adjacent(v, u)) h.addEdge(v, u);
    }
    return h;
}

struct BestClique {
    GroupSummary summary;
    bool exact = true;
    bool cancelled = false;
    std::size_t tied = 0;
    std::uint64_t nodes = 0;
};

// Maximum clique of g; among equally large ones the one with the smallest mean distance.
BestClique bestClique(const BitGraph& g, const DistanceMatrix& d, const DetectionOptions& o,
                      const CliqueSearchLimits& limits) {
    BestClique out;
    MaxCliqueResult mc = maximumClique(g, limits);
    out.exact = mc.exact;
    out.cancelled = mc.cancelled;
    out.nodes = mc.searchNodes;
    out.summary = summarizeGroup(d, mc.members);
    out.tied = mc.members.empty() ? 0 : 1;
    if (!mc.exact || mc.members.size() < 2) return out;
    CliqueEnumeration ties = cliquesOfSize(g, int(mc.members.size()), o.maxTiedCliquesCompared, limits);
    out.nodes += ties.searchNodes;
    out.cancelled = ties.cancelled;
    if (ties.cancelled) return out;
    out.tied = std::max<std::size_t>(1, ties.cliques.size());
    for (auto& c : ties.cliques) {
        GroupSummary s = summarizeGroup(d, std::move(c));
        const bool better = s.meanDistance < out.summary.meanDistance ||
                            (s.meanDistance == out.summary.meanDistance && s.members < out.summary.members);
        if (better) out.summary = std::move(s);
    }
    return out;
}

}  // namespace

Expected<GenerationAnalysis> analyzeGenerations(const DistanceMatrix& d, const DetectionOptions& o,
                                                const std::function<bool()>& cancelled) {
    if (const std::string problem = validateOptions(o); !problem.empty()) return makeError(problem);
    GenerationAnalysis a;
    a.generationCount = d.size();
    a.edgeThreshold = o.edgeThreshold;
    a.minCliqueSize = o.minCliqueSize;
    const BitGraph g = thresholdGraph(d, o.edgeThreshold);
    a.edgeCount = g.edgeCount();

    CliqueSearchLimits limits;
    limits.maxNodes = o.maxSearchNodes;
    limits.cancelled = cancelled;
    const std::string cancelMessage = "clique search was cancelled";

    BestClique first = bestClique(g, d, o, limits);
    if (first.cancelled) return makeError(cancelMessage);
    a.exact = first.exact;
    a.tiedMaximumCliques = first.tied;
    a.searchNodes = first.nodes;
    first.summary.flagged = int(first.summary.members.size()) >= o.minCliqueSize;
    a.maximumClique = first.summary;
    a.flagged = first.summary.flagged;
    if (!a.maximumClique.members.empty()) a.cliques.push_back(a.maximumClique);

    // Further disjoint flagged cliques: remove what was reported and search the rest.
    std::vector<char> removed(d.size(), 0);
    while (a.flagged && int(a.cliques.size()) < o.maxReportedCliques) {
        for (int v : a.cliques.back().members) removed[std::size_t(v)] = 1;
        BestClique next = bestClique(withoutVertices(g, removed), d, o, limits);
        if (next.cancelled) return makeError(cancelMessage);
        a.exact = a.exact && next.exact;
        a.searchNodes += next.nodes;
        if (int(next.summary.members.size()) < o.minCliqueSize) break;
        next.summary.flagged = true;
        a.cliques.push_back(std::move(next.summary));
    }

    for (auto& comp : connectedComponents(g))
        if (int(comp.size()) >= o.minComponentSize) a.components.push_back(summarizeGroup(d, std::move(comp)));
    return a;
}

}  // namespace rs::detection
