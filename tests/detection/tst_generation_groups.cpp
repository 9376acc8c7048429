#include "detection/candidate_ranking.h"
#include "detection/generation_groups.h"

#include "test_registry.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using rs::detection::DetectionOptions;
using rs::detection::DistanceMatrix;

namespace {

DistanceMatrix matrixFromUpper(std::size_t n, const std::vector<std::tuple<int, int, float>>& entries, float fill) {
    std::vector<float> v(n * n, fill);
    for (std::size_t i = 0; i < n; ++i) v[i * n + i] = 0.0f;
    for (const auto& [a, b, d] : entries) {
        v[std::size_t(a) * n + std::size_t(b)] = d;
        v[std::size_t(b) * n + std::size_t(a)] = d;
    }
    auto m = DistanceMatrix::fromRowMajor(n, v);
    if (!m.ok()) qFatal("%s", m.message().c_str());
    return *m;
}

// The hand-checked example: triangle {0,1,2} under 0.15, generation 3 far from all.
DistanceMatrix fourGenerations() {
    return matrixFromUpper(
        4, {{0, 1, 0.10f}, {0, 2, 0.05f}, {0, 3, 0.40f}, {1, 2, 0.12f}, {1, 3, 0.50f}, {2, 3, 0.30f}}, 1.0f);
}

}  // namespace

class TestGenerationGroups : public QObject {
    Q_OBJECT
private slots:
    void medoidAndMeanByHand() {
        const DistanceMatrix d = fourGenerations();
        // Triangle: mean (0.10 + 0.05 + 0.12) / 3 = 0.09; sums 0.15, 0.22, 0.17 -> medoid 0.
        const auto tri = rs::detection::summarizeGroup(d, {2, 0, 1});
        QCOMPARE(tri.members, (std::vector<int>{0, 1, 2}));
        QVERIFY(std::fabs(tri.meanDistance - 0.09) < 1e-6);
        QVERIFY(std::fabs(tri.maxDistance - 0.12) < 1e-6);
        QCOMPARE(tri.medoid, 0);
        // All four: mean 1.47 / 6 = 0.245; sums 0.55, 0.72, 0.47, 1.20 -> medoid 2.
        const auto all = rs::detection::summarizeGroup(d, {0, 1, 2, 3});
        QVERIFY(std::fabs(all.meanDistance - 0.245) < 1e-6);
        QVERIFY(std::fabs(all.maxDistance - 0.5) < 1e-6);
        QCOMPARE(all.medoid, 2);
        const auto one = rs::detection::summarizeGroup(d, {3});
        QCOMPARE(one.medoid, 3);
        QCOMPARE(one.meanDistance, 0.0);
    }

    void analyzeSmallCase_data() {
        QTest::addColumn<int>("minCliqueSize");
        QTest::addColumn<bool>("flagged");
        QTest::newRow("flag at 3") << 3 << true;
        QTest::newRow("default 10") << 10 << false;
    }
    void analyzeSmallCase() {
        QFETCH(int, minCliqueSize);
        QFETCH(bool, flagged);
        DetectionOptions o;
        o.minCliqueSize = minCliqueSize;
        auto a = rs::detection::analyzeGenerations(fourGenerations(), o);
        QVERIFY2(a.ok(), a.ok() ? "" : a.message().c_str());
        QCOMPARE(a->generationCount, std::size_t(4));
        QCOMPARE(a->edgeCount, std::size_t(3));
        QCOMPARE(a->maximumClique.members, (std::vector<int>{0, 1, 2}));
        QCOMPARE(a->maximumClique.medoid, 0);
        QCOMPARE(a->flagged, flagged);
        QCOMPARE(a->maximumClique.flagged, flagged);
        QVERIFY(a->exact);
        QCOMPARE(a->cliques.size(), std::size_t(1));
        QCOMPARE(a->components.size(), std::size_t(1));  // generation 3 alone is not listed
        QCOMPARE(a->components[0].members, (std::vector<int>{0, 1, 2}));
    }

    void thresholdIsInclusiveAtFloatPrecision() {
        const auto d = matrixFromUpper(3, {{0, 1, 0.15f}, {1, 2, 0.1501f}}, 0.9f);
        const auto g = rs::detection::thresholdGraph(d, 0.15);
        QVERIFY(g.adjacent(0, 1));
        QVERIFY(!g.adjacent(1, 2));
    }

    void tiesPreferTheTighterClique() {
        // Two disjoint triangles: {0,1,2} at 0.10, {3,4,5} at 0.02; everything else far.
        const auto d = matrixFromUpper(
            6, {{0, 1, 0.10f}, {0, 2, 0.10f}, {1, 2, 0.10f}, {3, 4, 0.02f}, {3, 5, 0.02f}, {4, 5, 0.02f}}, 0.9f);
        DetectionOptions o;
        o.minCliqueSize = 3;
        auto a = rs::detection::analyzeGenerations(d, o);
        QVERIFY(a.ok());
        QCOMPARE(a->maximumClique.members, (std::vector<int>{3, 4, 5}));
        QCOMPARE(a->tiedMaximumCliques, std::size_t(2));
        QCOMPARE(a->cliques.size(), std::size_t(2));  // the other triangle is a second, disjoint flagged clique
        QCOMPARE(a->cliques[1].members, (std::vector<int>{0, 1, 2}));
        QVERIFY(a->cliques[1].flagged);
        QCOMPARE(a->components.size(), std::size_t(2));

        o.maxReportedCliques = 1;
        auto one = rs::detection::analyzeGenerations(d, o);
        QVERIFY(one.ok());
        QCOMPARE(one->cliques.size(), std::size_t(1));
    }

    void realisticPromptWithPlantedGroup_data() {
        QTest::addColumn<double>("randomEdgeRate");
        QTest::addColumn<int>("groupSize");
        QTest::addColumn<bool>("flagged");
        QTest::newRow("memorized, sparse") << 0.01 << 25 << true;
        QTest::newRow("memorized, p=0.1") << 0.1 << 12 << true;
        QTest::newRow("below min size") << 0.05 << 9 << false;
    }
    void realisticPromptWithPlantedGroup() {
        QFETCH(double, randomEdgeRate);
        QFETCH(int, groupSize);
        QFETCH(bool, flagged);
        const std::size_t n = 500;
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> far(0.3f, 0.9f), near(0.0f, 0.15f), copy(0.02f, 0.1f);
        std::bernoulli_distribution randomEdge(randomEdgeRate);
        std::vector<float> v(n * n, 0.0f);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j)
                v[i * n + j] = v[j * n + i] = randomEdge(rng) ? near(rng) : far(rng);
        std::vector<int> group;
        for (int k = 0; k < groupSize; ++k) group.push_back(17 + 19 * k);
        for (int a : group)
            for (int b : group)
                if (a != b) v[std::size_t(a) * n + std::size_t(b)] = v[std::size_t(b) * n + std::size_t(a)] = copy(rng);
        auto d = DistanceMatrix::fromRowMajor(n, v);
        QVERIFY(d.ok());
        auto a = rs::detection::analyzeGenerations(*d);
        QVERIFY(a.ok());
        QVERIFY(a->exact);
        QCOMPARE(a->flagged, flagged);
        QCOMPARE(a->maximumClique.members, group);
        QVERIFY(std::find(group.begin(), group.end(), a->maximumClique.medoid) != group.end());
        QVERIFY(a->maximumClique.meanDistance > 0.02 && a->maximumClique.meanDistance < 0.1);
        QVERIFY(a->maximumClique.maxDistance <= 0.1 + 1e-6);
    }

    void badMatrices_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<QVector<float>>("values");
        QTest::addColumn<QString>("expected");
        const float nan = std::numeric_limits<float>::quiet_NaN();
        QTest::newRow("wrong size") << 2 << QVector<float>{0, 1, 1} << "needs 4 values, got 3";
        QTest::newRow("nan") << 2 << QVector<float>{0, nan, nan, 0} << "(0, 1) is not a finite";
        QTest::newRow("negative") << 2 << QVector<float>{0, -0.1f, -0.1f, 0} << "(0, 1) is not a finite";
        QTest::newRow("asymmetric") << 3 << QVector<float>{0, 1, 1, 1, 0, 0.2f, 1, 0.5f, 0}
                                    << "not symmetric at (1, 2)";
    }
    void badMatrices() {
        QFETCH(int, n);
        QFETCH(QVector<float>, values);
        QFETCH(QString, expected);
        auto m = DistanceMatrix::fromRowMajor(std::size_t(n), std::vector<float>(values.begin(), values.end()));
        QVERIFY(!m.ok());
        QVERIFY2(m.message().find(expected.toStdString()) != std::string::npos, m.message().c_str());
    }

    void badOptions_data() {
        QTest::addColumn<double>("threshold");
        QTest::addColumn<int>("minSize");
        QTest::addColumn<QString>("expected");
        QTest::newRow("negative threshold") << -0.1 << 10 << "edge threshold";
        QTest::newRow("nan threshold") << std::nan("") << 10 << "edge threshold";
        QTest::newRow("clique of one") << 0.15 << 1 << "minimum clique size";
    }
    void badOptions() {
        QFETCH(double, threshold);
        QFETCH(int, minSize);
        QFETCH(QString, expected);
        DetectionOptions o;
        o.edgeThreshold = threshold;
        o.minCliqueSize = minSize;
        auto a = rs::detection::analyzeGenerations(fourGenerations(), o);
        QVERIFY(!a.ok());
        QVERIFY2(a.message().find(expected.toStdString()) != std::string::npos, a.message().c_str());
    }

    void cancellationIsAnError() {
        auto a = rs::detection::analyzeGenerations(fourGenerations(), {}, [] { return true; });
        QVERIFY(!a.ok());
        QVERIFY(a.message().find("cancelled") != std::string::npos);
    }

    void emptyPrompt() {
        auto d = DistanceMatrix::fromRowMajor(0, {});
        QVERIFY(d.ok());
        auto a = rs::detection::analyzeGenerations(*d);
        QVERIFY(a.ok());
        QVERIFY(!a->flagged);
        QVERIFY(a->maximumClique.members.empty());
        QVERIFY(a->cliques.empty());
    }

    void promptRanking() {
        std::vector<rs::detection::PromptCliqueScore> p = {
            {"b", 12, 0.08, true}, {"a", 30, 0.08, true}, {"c", 10, 0.03, true}, {"d", 4, 0.01, false}};
        const auto flagged = rs::detection::rankPrompts(p);
        QCOMPARE(flagged.size(), std::size_t(3));
        QCOMPARE(flagged[0].promptId, std::string("c"));  // tightest clique first
        QCOMPARE(flagged[1].promptId, std::string("a"));  // equal mean: larger clique first
        QCOMPARE(flagged[2].promptId, std::string("b"));
        const auto all = rs::detection::rankPrompts(p, false);
        QCOMPARE(all.size(), std::size_t(4));
        QCOMPARE(all.back().promptId, std::string("d"));  // unflagged last despite its low mean
    }

    void retrieveThenRerank() {
        const std::vector<float> q{1, 0, 0};
        const std::vector<std::vector<float>> refs{{0, 1, 0}, {0.9f, 0.1f, 0}, {1, 0, 0.05f}, {-1, 0, 0}};
        auto r = rs::detection::retrieveByDescriptor(q, refs, 3);
        QVERIFY(r.ok());
        QCOMPARE(r->size(), std::size_t(3));
        QCOMPARE((*r)[0].index, std::size_t(2));
        QCOMPARE((*r)[1].index, std::size_t(1));
        QCOMPARE((*r)[2].index, std::size_t(0));
        const auto reranked = rs::detection::rerankByExactDistance(*r, [](std::size_t i) -> rs::Expected<double> {
            if (i == 2) return rs::makeError("reference 2 could not be decoded");
            return i == 0 ? 0.05 : 0.4;
        });
        QCOMPARE(reranked[0].index, std::size_t(0));
        QCOMPARE(reranked[1].index, std::size_t(1));
        QCOMPARE(reranked[2].index, std::size_t(2));  // failure kept, last, with its reason
        QVERIFY(reranked[2].error.find("could not be decoded") != std::string::npos);

        auto bad = rs::detection::retrieveByDescriptor(q, {{1, 0}}, 1);
        QVERIFY(!bad.ok());
        QVERIFY(bad.message().find("reference descriptor 0") != std::string::npos);
        QCOMPARE(rs::detection::cosineSimilarity({0, 0}, {1, 0}), 0.0);
    }
};

RS_REGISTER_TEST(TestGenerationGroups)
#include "tst_generation_groups.moc"
