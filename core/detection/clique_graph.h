#pragma once
// Undirected graphs as adjacency bitsets, and the exact maximum-clique search used to decide
// whether one prompt's generations contain a group of (near-)identical images (Carlini §4.2.1).
// Standard library only.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace rs::detection {

class BitGraph {
public:
    BitGraph() = default;
    explicit BitGraph(std::size_t vertexCount);

    std::size_t size() const { return m_n; }
    std::size_t wordsPerRow() const { return m_words; }
    void addEdge(std::size_t a, std::size_t b);  // self-loops are ignored
    bool adjacent(std::size_t a, std::size_t b) const;
    std::size_t degree(std::size_t v) const;
    std::size_t edgeCount() const;
    const std::uint64_t* row(std::size_t v) const { return m_bits.data() + v * m_words; }

private:
    std::size_t m_n = 0;
    std::size_t m_words = 0;
    std::vector<std::uint64_t> m_bits;
};

struct CliqueSearchLimits {
    // Search nodes before giving up with the best clique found so far (exact = false).
    // 0 = no limit. Realistic generation graphs need a few hundred nodes at most.
    std::uint64_t maxNodes = 0;
    // Polled every few thousand nodes; returning true stops the search (exact = false).
    std::function<bool()> cancelled;
};

struct MaxCliqueResult {
    std::vector<int> members;  // sorted vertex ids; empty only for an empty graph
    bool exact = true;         // false when the node budget or cancellation stopped the search
    bool cancelled = false;
    std::uint64_t searchNodes = 0;
};

// Exact maximum clique: branch and bound in the Bron–Kerbosch family (MCS/BBMC style):
// vertices renumbered by degeneracy order, greedy colouring of the candidate set as the
// upper bound (Tomita), bitset candidate sets, core-number pruning and a greedy initial
// clique. Deterministic for a given graph.
MaxCliqueResult maximumClique(const BitGraph& graph, const CliqueSearchLimits& limits = {});

struct CliqueEnumeration {
    std::vector<std::vector<int>> cliques;  // each sorted; in discovery order
    bool complete = true;                   // false when maxCliques, the budget or cancel cut it short
    bool cancelled = false;
    std::uint64_t searchNodes = 0;
};

// Every clique of exactly `size` vertices, up to maxCliques of them (for choosing among
// equally large maximum cliques). size <= 0 yields nothing.
CliqueEnumeration cliquesOfSize(const BitGraph& graph, int size, std::size_t maxCliques,
                                const CliqueSearchLimits& limits = {});

// Connected components, each sorted, ordered by size (largest first), then by first vertex.
std::vector<std::vector<int>> connectedComponents(const BitGraph& graph);

// Core number of every vertex (Batagelj–Zaversnik); a clique of k vertices lies in the (k-1)-core.
std::vector<int> coreNumbers(const BitGraph& graph);

}  // namespace rs::detection
