#include "detection/clique_graph.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace rs::detection {

namespace {

inline int lowestBit(std::uint64_t w) { return __builtin_ctzll(w); }
inline int popcount(std::uint64_t w) { return __builtin_popcountll(w); }

}  // namespace

BitGraph::BitGraph(std::size_t vertexCount)
    : m_n(vertexCount), m_words((vertexCount + 63) / 64), m_bits(vertexCount * m_words, 0) {}

void BitGraph::addEdge(std::size_t a, std::size_t b) {
    if (a == b || a >= m_n || b >= m_n) return;
    m_bits[a * m_words + b / 64] |= std::uint64_t{1} << (b % 64);
    m_bits[b * m_words + a / 64] |= std::uint64_t{1} << (a % 64);
}

bool BitGraph::adjacent(std::size_t a, std::size_t b) const {
    if (a >= m_n || b >= m_n) return false;
    return (m_bits[a * m_words + b / 64] >> (b % 64)) & 1u;
}

std::size_t BitGraph::degree(std::size_t v) const {
    std::size_t d = 0;
    const std::uint64_t* r = row(v);
    for (std::size_t w = 0; w < m_words; ++w) d += std::size_t(popcount(r[w]));
    return d;
}

std::size_t BitGraph::edgeCount() const {
    std::size_t twice = 0;
    for (std::size_t v = 0; v < m_n; ++v) twice += degree(v);
    return twice / 2;
}

std::vector<int> coreNumbers(const BitGraph& g) {
    const std::size_t n = g.size();
    std::vector<int> deg(n), core(n, 0);
    int maxDeg = 0;
    for (std::size_t v = 0; v < n; ++v) {
        deg[v] = int(g.degree(v));
        maxDeg = std::max(maxDeg, deg[v]);
    }
    // Bucket queue by current degree (Batagelj–Zaversnik, O(n + m) plus bitset scans).
    std::vector<int> binStart(std::size_t(maxDeg) + 2, 0), pos(n), order(n);
    for (std::size_t v = 0; v < n; ++v) ++binStart[std::size_t(deg[v]) + 1];
    std::partial_sum(binStart.begin(), binStart.end(), binStart.begin());
    std::vector<int> fill(binStart.begin(), binStart.end() - 1);
    for (std::size_t v = 0; v < n; ++v) {
        pos[v] = fill[std::size_t(deg[v])]++;
        order[std::size_t(pos[v])] = int(v);
    }
    std::vector<char> removed(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const int v = order[i];
        core[std::size_t(v)] = deg[std::size_t(v)];
        removed[std::size_t(v)] = 1;
        const std::uint64_t* r = g.row(std::size_t(v));
        for (std::size_t w = 0; w < g.wordsPerRow(); ++w) {
            for (std::uint64_t bits = r[w]; bits; bits &= bits - 1) {
                const int u = int(w * 64) + lowestBit(bits);
                if (removed[std::size_t(u)] || deg[std::size_t(u)] <= deg[std::size_t(v)]) continue;
                // Move u to the front of its bin, then shrink the bin by one.
                const int du = deg[std::size_t(u)];
                const int front = binStart[std::size_t(du)];
                const int w2 = order[std::size_t(front)];
                if (w2 != u) {
                    std::swap(order[std::size_t(front)], order[std::size_t(pos[std::size_t(u)])]);
                    std::swap(pos[std::size_t(u)], pos[std::size_t(w2)]);
                }
                ++binStart[std::size_t(du)];
                --deg[std::size_t(u)];
            }
        }
    }
    return core;
}

namespace {

// Degeneracy order with the densest core first: the order in which colouring sees vertices.
std::vector<int> searchOrder(const BitGraph& g, const std::vector<int>& core) {
    std::vector<int> order(g.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::size_t> deg(g.size());
    for (std::size_t v = 0; v < g.size(); ++v) deg[v] = g.degree(v);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (core[std::size_t(a)] != core[std::size_t(b)]) return core[std::size_t(a)] > core[std::size_t(b)];
        return deg[std::size_t(a)] > deg[std::size_t(b)];
    });
    return order;
}

BitGraph renumbered(const BitGraph& g, const std::vector<int>& order) {
    std::vector<int> position(g.size());
    for (std::size_t i = 0; i < order.size(); ++i) position[std::size_t(order[i])] = int(i);
    BitGraph h(g.size());
    for (std::size_t v = 0; v < g.size(); ++v) {
        const std::uint64_t* r = g.row(v);
        for (std::size_t w = 0; w < g.wordsPerRow(); ++w)
            for (std::uint64_t bits = r[w]; bits; bits &= bits - 1) {
                const std::size_t u = w * 64 + std::size_t(lowestBit(bits));
                if (u > v) h.addEdge(std::size_t(position[v]), std::size_t(position[u]));
            }
    }
    return h;
}

// Branch and bound over a renumbered graph. In "improve" mode it looks for any clique larger
// than the best so far; in "enumerate" mode it lists every clique of exactly `target` vertices.
class Search {
public:
    Search(const BitGraph& g, const CliqueSearchLimits& limits) : m_g(g), m_limits(limits), m_W(g.wordsPerRow()) {
        m_u.resize(m_W);
        m_q.resize(m_W);
    }

    void improve(std::vector<int> initialBest, const std::vector<std::uint64_t>& candidates) {
        m_enumerate = false;
        m_best = std::move(initialBest);
        run(candidates);
    }

    void enumerate(int target, std::size_t maxCliques, const std::vector<std::uint64_t>& candidates) {
        m_enumerate = true;
        m_target = target;
        m_maxCliques = maxCliques;
        run(candidates);
    }

    const std::vector<int>& best() const { return m_best; }
    std::vector<std::vector<int>>& found() { return m_found; }
    bool stopped() const { return m_stop; }
    bool wasCancelled() const { return m_cancelled; }
    bool hitCap() const { return m_hitCap; }
    std::uint64_t nodes() const { return m_nodes; }

private:
    struct Level {
        std::vector<std::uint64_t> p;
        std::vector<std::pair<int, int>> branch;  // (vertex, colour), colours ascending
    };

    void run(const std::vector<std::uint64_t>& candidates) {
        m_levels.clear();
        m_clique.clear();
        if (std::none_of(candidates.begin(), candidates.end(), [](std::uint64_t w) { return w != 0; })) return;
        // Levels are never reallocated during the search, so references into them stay valid.
        m_levels.reserve(m_g.size() + 2);
        level(0).p = candidates;
        expand(0);
    }

    Level& level(std::size_t depth) {
        while (m_levels.size() <= depth) {
            m_levels.emplace_back();
            m_levels.back().p.assign(m_W, 0);
        }
        return m_levels[depth];
    }

    int need() const { return m_enumerate ? m_target : int(m_best.size()) + 1; }

    bool checkLimits() {
        ++m_nodes;
        if (m_limits.maxNodes && m_nodes > m_limits.maxNodes) m_stop = true;
        if ((m_nodes == 1 || (m_nodes & 4095) == 0) && m_limits.cancelled && m_limits.cancelled())
            m_stop = m_cancelled = true;
        return !m_stop;
    }

    void colour(std::size_t depth) {
        Level& lv = m_levels[depth];
        lv.branch.clear();
        const int kmin = need() - int(depth);
        std::copy(lv.p.begin(), lv.p.end(), m_u.begin());
        int left = 0;
        for (std::uint64_t w : m_u) left += popcount(w);
        for (int k = 1; left > 0; ++k) {
            std::copy(m_u.begin(), m_u.end(), m_q.begin());
            for (std::size_t w = 0; w < m_W; ++w) {
                while (m_q[w]) {
                    const int b = lowestBit(m_q[w]);
                    const int v = int(w * 64) + b;
                    m_q[w] &= m_q[w] - 1;
                    m_u[w] &= ~(std::uint64_t{1} << b);
                    --left;
                    const std::uint64_t* adj = m_g.row(std::size_t(v));
                    for (std::size_t x = w; x < m_W; ++x) m_q[x] &= ~adj[x];
                    if (k >= kmin) lv.branch.emplace_back(v, k);
                }
            }
        }
    }

    void expand(std::size_t depth) {
        if (!checkLimits()) return;
        colour(depth);
        Level& lv = m_levels[depth];
        const auto& branch = lv.branch;
        for (std::size_t i = branch.size(); i-- > 0;) {
            const auto [v, k] = branch[i];
            if (int(depth) + k < need()) return;  // the rest of P is k-colourable: no larger clique
            m_clique.push_back(v);
            if (m_enumerate && int(m_clique.size()) == m_target) {
                record();
                m_clique.pop_back();
                if (m_stop) return;
                lv.p[std::size_t(v) / 64] &= ~(std::uint64_t{1} << (v % 64));
                continue;
            }
            Level& next = level(depth + 1);
            const std::uint64_t* adj = m_g.row(std::size_t(v));
            const std::vector<std::uint64_t>& p = lv.p;
            bool any = false;
            for (std::size_t w = 0; w < m_W; ++w) {
                next.p[w] = p[w] & adj[w];
                any = any || next.p[w];
            }
            if (!any) {
                record();
            } else {
                expand(depth + 1);
            }
            m_clique.pop_back();
            if (m_stop) return;
            lv.p[std::size_t(v) / 64] &= ~(std::uint64_t{1} << (v % 64));
        }
    }

    void record() {
        if (m_enumerate) {
            if (int(m_clique.size()) != m_target) return;
            m_found.push_back(m_clique);
            if (m_found.size() >= m_maxCliques) m_stop = m_hitCap = true;
        } else if (m_clique.size() > m_best.size()) {
            m_best = m_clique;
        }
    }

    const BitGraph& m_g;
    const CliqueSearchLimits& m_limits;
    std::size_t m_W;
    std::vector<std::uint64_t> m_u, m_q;
    std::vector<Level> m_levels;
    std::vector<int> m_clique, m_best;
    std::vector<std::vector<int>> m_found;
    bool m_enumerate = false;
    int m_target = 0;
    std::size_t m_maxCliques = 0;
    bool m_stop = false, m_cancelled = false, m_hitCap = false;
    std::uint64_t m_nodes = 0;
};

// Greedy cliques grown from the densest-core vertices: a cheap lower bound for pruning.
std::vector<int> greedyClique(const BitGraph& h) {
    std::vector<int> best;
    const std::size_t W = h.wordsPerRow();
    std::vector<std::uint64_t> cand(W);
    const std::size_t starts = std::min<std::size_t>(h.size(), 32);
    for (std::size_t s = 0; s < starts; ++s) {
        std::vector<int> clique{int(s)};
        std::copy(h.row(s), h.row(s) + W, cand.begin());
        for (;;) {
            std::size_t w = 0;
            while (w < W && !cand[w]) ++w;
            if (w == W) break;
            const int v = int(w * 64) + lowestBit(cand[w]);
            clique.push_back(v);
            const std::uint64_t* adj = h.row(std::size_t(v));
            for (std::size_t x = 0; x < W; ++x) cand[x] &= adj[x];
        }
        if (clique.size() > best.size()) best = std::move(clique);
    }
    return best;
}

std::vector<std::uint64_t> verticesWithCoreAtLeast(const std::vector<int>& coreInOrder, int minCore) {
    std::vector<std::uint64_t> bits((coreInOrder.size() + 63) / 64, 0);
    for (std::size_t i = 0; i < coreInOrder.size(); ++i)
        if (coreInOrder[i] >= minCore) bits[i / 64] |= std::uint64_t{1} << (i % 64);
    return bits;
}

std::vector<int> mapBack(const std::vector<int>& clique, const std::vector<int>& order) {
    std::vector<int> out;
    out.reserve(clique.size());
    for (int v : clique) out.push_back(order[std::size_t(v)]);
    std::sort(out.begin(), out.end());
    return out;
}

struct Prepared {
    std::vector<int> order;        // renumbered index -> original vertex
    std::vector<int> coreInOrder;  // core number by renumbered index
    BitGraph h;
};

Prepared prepare(const BitGraph& g) {
    Prepared p;
    const std::vector<int> core = coreNumbers(g);
    p.order = searchOrder(g, core);
    p.coreInOrder.resize(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) p.coreInOrder[i] = core[std::size_t(p.order[i])];
    p.h = renumbered(g, p.order);
    return p;
}

}  // namespace

MaxCliqueResult maximumClique(const BitGraph& graph, const CliqueSearchLimits& limits) {
    MaxCliqueResult result;
    if (graph.size() == 0) return result;
    const Prepared p = prepare(graph);
    const std::vector<int> greedy = greedyClique(p.h);
    // A clique larger than the greedy one needs every member in the |greedy|-core.
    const auto candidates = verticesWithCoreAtLeast(p.coreInOrder, int(greedy.size()));
    Search search(p.h, limits);
    search.improve(greedy, candidates);
    result.members = mapBack(search.best(), p.order);
    result.exact = !search.stopped();
    result.cancelled = search.wasCancelled();
    result.searchNodes = search.nodes();
    return result;
}

CliqueEnumeration cliquesOfSize(const BitGraph& graph, int size, std::size_t maxCliques,
                                const CliqueSearchLimits& limits) {
    CliqueEnumeration result;
    if (size <= 0 || graph.size() == 0 || maxCliques == 0) return result;
    const Prepared p = prepare(graph);
    const auto candidates = verticesWithCoreAtLeast(p.coreInOrder, size - 1);
    Search search(p.h, limits);
    search.enumerate(size, maxCliques, candidates);
    for (const auto& c : search.found()) result.cliques.push_back(mapBack(c, p.order));
    result.complete = !search.stopped();
    result.cancelled = search.wasCancelled();
    result.searchNodes = search.nodes();
    return result;
}

std::vector<std::vector<int>> connectedComponents(const BitGraph& graph) {
    const std::size_t n = graph.size();
    std::vector<int> label(n, -1);
    std::vector<std::vector<int>> comps;
    std::vector<int> stack;
    for (std::size_t s = 0; s < n; ++s) {
        if (label[s] >= 0) continue;
        const int id = int(comps.size());
        comps.emplace_back();
        label[s] = id;
        stack.assign(1, int(s));
        while (!stack.empty()) {
            const int v = stack.back();
            stack.pop_back();
            comps.back().push_back(v);
            const std::uint64_t* r = graph.row(std::size_t(v));
            for (std::size_t w = 0; w < graph.wordsPerRow(); ++w)
                for (std::uint64_t bits = r[w]; bits; bits &= bits - 1) {
                    const std::size_t u = w * 64 + std::size_t(lowestBit(bits));
                    if (label[u] < 0) {
                        label[u] = id;
                        stack.push_back(int(u));
                    }
                }
        }
        std::sort(comps.back().begin(), comps.back().end());
    }
    std::stable_sort(comps.begin(), comps.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return comps;
}

}  // namespace rs::detection
