#pragma once
// Memorization detection over one prompt's generations (Carlini et al. 2023, §4.2.1): connect
// two generations when their tiled ℓ2 distance is at most ε; a clique of at least
// `minCliqueSize` generations means the model keeps producing the same image for the prompt.
// Standard library only: distances come in as a matrix, whoever computed them.
#include "base/expected.h"
#include "detection/clique_graph.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rs::detection {

// Symmetric N×N matrix of distances between generations (diagonal ignored).
class DistanceMatrix {
public:
    DistanceMatrix() = default;
    // Checks size (N·N values), finite non-negative entries and symmetry (|d_ij − d_ji| ≤
    // 1e-4 + 1e-3·max); the error names the offending pair. Stored as the mean of both halves.
    static Expected<DistanceMatrix> fromRowMajor(std::size_t n, const std::vector<float>& values);

    std::size_t size() const { return m_n; }
    float at(std::size_t i, std::size_t j) const { return m_d[i * m_n + j]; }

private:
    std::size_t m_n = 0;
    std::vector<float> m_d;
};

// Every threshold is a user setting; defaults from GUIDE §2.
struct DetectionOptions {
    double edgeThreshold = 0.15;  // tiled ℓ2 ≤ this → edge (Carlini; SD3 App. E.3)
    int minCliqueSize = 10;       // flag the prompt when the maximum clique has this many
    // Among maximum cliques of equal size, report the one with the smallest mean distance;
    // at most this many are compared.
    std::size_t maxTiedCliquesCompared = 1000;
    // After the maximum clique, look for further disjoint flagged cliques (a prompt can
    // reproduce more than one training image); at most this many cliques in all.
    int maxReportedCliques = 8;
    int minComponentSize = 2;  // near-duplicate groups smaller than this are not listed
    // Search node budget per clique search (0 = none); when hit, results say exact = false.
    std::uint64_t maxSearchNodes = 20'000'000;
};

struct GroupSummary {
    std::vector<int> members;   // generation indices, ascending
    double meanDistance = 0.0;  // mean over member pairs (0 for one member)
    double maxDistance = 0.0;   // largest pairwise distance among members
    int medoid = -1;            // member with the smallest sum of distances to the others
    bool flagged = false;       // cliques only: members.size() >= minCliqueSize
};

struct GenerationAnalysis {
    std::size_t generationCount = 0;
    std::size_t edgeCount = 0;
    double edgeThreshold = 0.0;
    int minCliqueSize = 0;
    GroupSummary maximumClique;            // the largest clique (empty when there are no generations)
    std::vector<GroupSummary> cliques;     // maximumClique first, then further disjoint flagged ones
    std::vector<GroupSummary> components;  // connected components with >= minComponentSize members
    bool flagged = false;                  // maximumClique.flagged
    bool exact = true;                     // false when a search budget cut the search short
    std::size_t tiedMaximumCliques = 1;    // maximum cliques compared (capped by the option)
    std::uint64_t searchNodes = 0;
};

BitGraph thresholdGraph(const DistanceMatrix& distances, double threshold);

// Mean/max pairwise distance and medoid of a set of generations (ties: lowest index).
GroupSummary summarizeGroup(const DistanceMatrix& distances, std::vector<int> members);

// Fails on invalid options or a cancelled search; `cancelled` is polled during the search.
Expected<GenerationAnalysis> analyzeGenerations(const DistanceMatrix& distances, const DetectionOptions& options = {},
                                                const std::function<bool()>& cancelled = {});

std::string validateOptions(const DetectionOptions& options);  // empty when valid

}  // namespace rs::detection
