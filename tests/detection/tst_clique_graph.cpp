#include "detection/clique_graph.h"

#include "test_registry.h"

#include <QtTest>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>

using rs::detection::BitGraph;

namespace {

BitGraph randomGraph(std::size_t n, double p, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::bernoulli_distribution edge(p);
    BitGraph g(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j)
            if (edge(rng)) g.addEdge(i, j);
    return g;
}

bool isClique(const BitGraph& g, const std::vector<int>& c) {
    for (std::size_t i = 0; i < c.size(); ++i)
        for (std::size_t j = i + 1; j < c.size(); ++j)
            if (!g.adjacent(std::size_t(c[i]), std::size_t(c[j]))) return false;
    return true;
}

// Brute force: visit every clique once (each extended only by higher-numbered vertices).
struct BruteForce {
    std::vector<std::uint32_t> adj;
    int best = 0;
    std::map<int, long> countBySize;
    void visit(int size, std::uint32_t candidates) {
        ++countBySize[size];
        best = std::max(best, size);
        for (std::uint32_t c = candidates; c; c &= c - 1) {
            const int v = __builtin_ctz(c);
            const std::uint32_t higher = v == 31 ? 0u : ~((2u << v) - 1u);
            visit(size + 1, candidates & adj[std::size_t(v)] & higher);
        }
    }
};

BruteForce bruteForce(const BitGraph& g) {
    BruteForce bf;
    bf.adj.assign(g.size(), 0);
    for (std::size_t i = 0; i < g.size(); ++i)
        for (std::size_t j = 0; j < g.size(); ++j)
            if (g.adjacent(i, j)) bf.adj[i] |= 1u << j;
    const std::uint32_t all = g.size() == 32 ? ~0u : ((1u << g.size()) - 1u);
    bf.visit(0, all);
    return bf;
}

std::vector<int> plant(BitGraph& g, std::mt19937& rng, std::size_t size, std::vector<char>& used) {
    std::vector<int> members;
    std::uniform_int_distribution<int> pick(0, int(g.size()) - 1);
    while (members.size() < size) {
        const int v = pick(rng);
        if (used[std::size_t(v)]) continue;
        used[std::size_t(v)] = 1;
        members.push_back(v);
    }
    for (int a : members)
        for (int b : members) g.addEdge(std::size_t(a), std::size_t(b));
    std::sort(members.begin(), members.end());
    return members;
}

}  // namespace

class TestCliqueGraph : public QObject {
    Q_OBJECT
private slots:
    void bitGraphBasics() {
        BitGraph g(70);
        g.addEdge(0, 69);
        g.addEdge(69, 0);
        g.addEdge(5, 5);    // self-loop ignored
        g.addEdge(3, 700);  // out of range ignored
        QVERIFY(g.adjacent(0, 69) && g.adjacent(69, 0));
        QVERIFY(!g.adjacent(5, 5));
        QCOMPARE(g.degree(0), std::size_t(1));
        QCOMPARE(g.edgeCount(), std::size_t(1));
    }

    void emptyAndEdgelessGraphs() {
        QVERIFY(rs::detection::maximumClique(BitGraph(0)).members.empty());
        const auto single = rs::detection::maximumClique(BitGraph(7));
        QCOMPARE(single.members.size(), std::size_t(1));
        QVERIFY(single.exact);
        QCOMPARE(rs::detection::cliquesOfSize(BitGraph(7), 1, 100).cliques.size(), std::size_t(7));
    }

    void matchesBruteForce_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("p");
        QTest::addColumn<int>("seeds");
        for (int n : {2, 5, 12, 20, 30})
            for (double p : {0.1, 0.3, 0.5, 0.7, 0.9})
                QTest::addRow("n=%d p=%.1f", n, p) << n << p << (n == 30 && p > 0.8 ? 15 : 60);
    }
    void matchesBruteForce() {
        QFETCH(int, n);
        QFETCH(double, p);
        QFETCH(int, seeds);
        for (int seed = 1; seed <= seeds; ++seed) {
            const BitGraph g = randomGraph(std::size_t(n), p, std::uint32_t(seed * 7919 + n));
            const BruteForce bf = bruteForce(g);
            const auto mc = rs::detection::maximumClique(g);
            QVERIFY(mc.exact);
            QVERIFY2(
                int(mc.members.size()) == bf.best,
                qPrintable(QString("seed %1: found %2, brute force %3").arg(seed).arg(mc.members.size()).arg(bf.best)));
            QVERIFY(isClique(g, mc.members));
            QVERIFY(std::is_sorted(mc.members.begin(), mc.members.end()));
            // Every maximum clique, each exactly once.
            const auto all = rs::detection::cliquesOfSize(g, bf.best, 1000000);
            QVERIFY(all.complete);
            QCOMPARE(long(all.cliques.size()), bf.countBySize.at(bf.best));
            std::set<std::vector<int>> distinct(all.cliques.begin(), all.cliques.end());
            QCOMPARE(distinct.size(), all.cliques.size());
            for (const auto& c : all.cliques) QVERIFY(isClique(g, c) && int(c.size()) == bf.best);
            // Smaller sizes too (exercises the non-maximal bound).
            if (bf.best > 2) {
                const auto smaller = rs::detection::cliquesOfSize(g, bf.best - 1, 1000000);
                QCOMPARE(long(smaller.cliques.size()), bf.countBySize.at(bf.best - 1));
            }
        }
    }

    void findsPlantedCliques_data() {
        QTest::addColumn<double>("p");
        QTest::addColumn<QList<int>>("sizes");
        QTest::newRow("p=0.01 one of 10") << 0.01 << QList<int>{10};
        QTest::newRow("p=0.05 one of 12") << 0.05 << QList<int>{12};
        QTest::newRow("p=0.1 one of 10") << 0.1 << QList<int>{10};
        QTest::newRow("p=0.1 40 and 15") << 0.1 << QList<int>{40, 15};
        QTest::newRow("p=0.05 three groups") << 0.05 << QList<int>{30, 20, 11};
        QTest::newRow("p=0.3 one of 20") << 0.3 << QList<int>{20};
        QTest::newRow("p=0.02 all of 300") << 0.02 << QList<int>{300};
    }
    void findsPlantedCliques() {
        QFETCH(double, p);
        QFETCH(QList<int>, sizes);
        for (std::uint32_t seed = 1; seed <= 5; ++seed) {
            BitGraph g = randomGraph(500, p, seed);
            std::mt19937 rng(seed + 1000);
            std::vector<char> used(500, 0);
            std::vector<int> largest;
            for (int s : sizes) {
                auto m = plant(g, rng, std::size_t(s), used);
                if (largest.empty()) largest = m;
            }
            const auto mc = rs::detection::maximumClique(g);
            QVERIFY(mc.exact);
            QVERIFY(isClique(g, mc.members));
            QCOMPARE(mc.members, largest);  // background cliques are far smaller than the plant
        }
    }

    void nodeBudgetAndCancellationStopTheSearch() {
        const BitGraph g = randomGraph(150, 0.5, 42);
        rs::detection::CliqueSearchLimits budget;
        budget.maxNodes = 2;
        const auto cut = rs::detection::maximumClique(g, budget);
        QVERIFY(!cut.exact);
        QVERIFY(!cut.cancelled);
        QVERIFY(isClique(g, cut.members) && !cut.members.empty());  // best so far is still a clique
        const auto full = rs::detection::maximumClique(g);
        QVERIFY(full.exact);
        QVERIFY(full.members.size() >= cut.members.size());

        rs::detection::CliqueSearchLimits cancel;
        cancel.cancelled = [] { return true; };
        const auto c = rs::detection::maximumClique(g, cancel);
        QVERIFY(c.cancelled && !c.exact);
        const auto e = rs::detection::cliquesOfSize(g, int(full.members.size()), 10, cancel);
        QVERIFY(e.cancelled && !e.complete);
    }

    void enumerationCapIsReported() {
        BitGraph g(12);  // 12 isolated edges' worth of ties: 6 disjoint edges
        for (std::size_t i = 0; i < 12; i += 2) g.addEdge(i, i + 1);
        const auto capped = rs::detection::cliquesOfSize(g, 2, 4);
        QCOMPARE(capped.cliques.size(), std::size_t(4));
        QVERIFY(!capped.complete);
        const auto all = rs::detection::cliquesOfSize(g, 2, 100);
        QCOMPARE(all.cliques.size(), std::size_t(6));
        QVERIFY(all.complete);
        QVERIFY(rs::detection::cliquesOfSize(g, 3, 100).cliques.empty());
        QVERIFY(rs::detection::cliquesOfSize(g, 0, 100).cliques.empty());
    }

    void componentsOfKnownGraph() {
        BitGraph g(9);
        g.addEdge(0, 4);
        g.addEdge(4, 8);
        g.addEdge(2, 3);
        g.addEdge(70, 1);  // ignored
        const auto comps = rs::detection::connectedComponents(g);
        QCOMPARE(comps.size(), std::size_t(6));
        QCOMPARE(comps[0], (std::vector<int>{0, 4, 8}));
        QCOMPARE(comps[1], (std::vector<int>{2, 3}));
        QCOMPARE(comps[2], (std::vector<int>{1}));
        QCOMPARE(comps[5], (std::vector<int>{7}));
    }

    void coreNumbersOfKnownGraph() {
        BitGraph g(7);  // K4 on 0..3, a tail 3-4-5, and 6 isolated
        for (int a = 0; a < 4; ++a)
            for (int b = a + 1; b < 4; ++b) g.addEdge(std::size_t(a), std::size_t(b));
        g.addEdge(3, 4);
        g.addEdge(4, 5);
        QCOMPARE(rs::detection::coreNumbers(g), (std::vector<int>{3, 3, 3, 3, 1, 1, 0}));
    }
};

RS_REGISTER_TEST(TestCliqueGraph)
#include "tst_clique_graph.moc"
