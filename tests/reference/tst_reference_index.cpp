// FAISS index over reference descriptors: flat and IVF return the planted nearest neighbour and
// the same top-10 as brute force; the persisted index is reused while the set is unchanged and
// rebuilt when images are added, its file is damaged, or its options change.
#include "metrics/descriptor_extractor.h"
#include "reference/reference_index.h"
#include "reference_test_util.h"

#include <random>

using namespace rs::reference;
using namespace rs::reference::test;

namespace {

// Clustered unit vectors (like descriptors of related images), ids 1000 + row.
void syntheticSet(int n, int dim, unsigned seed, std::vector<std::int64_t>& ids, std::vector<float>& vectors) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.0f, 1.0f);
    const int clusters = std::max(4, n / 50);
    std::vector<float> centres(static_cast<std::size_t>(clusters) * dim);
    for (auto& v : centres) v = g(rng);
    ids.resize(static_cast<std::size_t>(n));
    vectors.resize(static_cast<std::size_t>(n) * dim);
    for (int i = 0; i < n; ++i) {
        ids[static_cast<std::size_t>(i)] = 1000 + i;
        const int c = static_cast<int>(rng() % static_cast<unsigned>(clusters));
        double norm = 0;
        for (int d = 0; d < dim; ++d) {
            float& v = vectors[static_cast<std::size_t>(i) * dim + d];
            v = centres[static_cast<std::size_t>(c) * dim + d] + 0.6f * g(rng);
            norm += double(v) * v;
        }
        for (int d = 0; d < dim; ++d) vectors[static_cast<std::size_t>(i) * dim + d] /= float(std::sqrt(norm));
    }
}

std::vector<std::int64_t> bruteForceTop(const std::vector<std::int64_t>& ids, const std::vector<float>& vectors,
                                        int dim, const float* q, int k) {
    std::vector<std::pair<double, std::int64_t>> scored;
    double qn = 0;
    for (int d = 0; d < dim; ++d) qn += double(q[d]) * q[d];
    qn = std::sqrt(qn);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        double dot = 0;
        for (int d = 0; d < dim; ++d) dot += double(vectors[i * dim + d]) * q[d];
        scored.push_back({-dot / qn, ids[i]});
    }
    std::partial_sort(scored.begin(), scored.begin() + k, scored.end());
    std::vector<std::int64_t> out;
    for (int i = 0; i < k; ++i) out.push_back(scored[static_cast<std::size_t>(i)].second);
    return out;
}

}  // namespace

class TestReferenceIndex : public QObject {
    Q_OBJECT

private slots:
    void plantedNeighbours_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("nprobe");
        QTest::newRow("flat") << "flat" << 3000 << 0;
        QTest::newRow("ivf") << "ivf" << 6000 << 0;
        QTest::newRow("ivf, nprobe 1") << "ivf" << 6000 << 1;
    }
    void plantedNeighbours() {
        QFETCH(QString, kind);
        QFETCH(int, n);
        QFETCH(int, nprobe);
        const int dim = 64;
        std::vector<std::int64_t> ids;
        std::vector<float> vectors;
        syntheticSet(n, dim, 7, ids, vectors);
        IndexOptions options;
        options.ivfThreshold = kind == "flat" ? 1000000 : 1000;
        options.nprobe = nprobe;
        auto index = ReferenceIndex::build(ids, vectors, dim, options);
        RS_REQUIRE(index);
        QCOMPARE(QString::fromStdString(index->info().kind), kind);
        QCOMPARE(index->info().count, std::int64_t(n));
        if (kind == "ivf") {
            QCOMPARE(index->info().nlist, int(std::lround(4 * std::sqrt(double(n)))));
            QCOMPARE(index->info().nprobe, nprobe ? nprobe : std::max(16, index->info().nlist / 16));
        }
        // Queries: stored vectors plus noise (a generation close to one training image), scaled
        // (search normalises), so the planted row must come first with cosine near 1.
        std::mt19937 rng(99);
        std::normal_distribution<float> g(0.0f, 0.02f);
        const int queries = 50;
        std::vector<float> q(static_cast<std::size_t>(queries) * dim);
        std::vector<std::int64_t> planted;
        for (int i = 0; i < queries; ++i) {
            const std::size_t row = rng() % ids.size();
            planted.push_back(ids[row]);
            for (int d = 0; d < dim; ++d)
                q[static_cast<std::size_t>(i) * dim + d] = 3.0f * (vectors[row * dim + d] + g(rng));
        }
        auto found = index->search(q.data(), queries, 10);
        RS_REQUIRE(found);
        int exactTop10 = 0;
        for (int i = 0; i < queries; ++i) {
            const auto& hits = (*found)[static_cast<std::size_t>(i)];
            QCOMPARE(int(hits.size()), 10);
            QCOMPARE(hits.front().referenceId, planted[static_cast<std::size_t>(i)]);
            QVERIFY(hits.front().cosine > 0.98f && hits.front().cosine <= 1.0f);
            for (std::size_t j = 1; j < hits.size(); ++j) QVERIFY(hits[j].cosine <= hits[j - 1].cosine);
            const auto truth = bruteForceTop(ids, vectors, dim, q.data() + static_cast<std::size_t>(i) * dim, 10);
            std::vector<std::int64_t> got;
            for (const auto& h : hits) got.push_back(h.referenceId);
            if (got == truth) ++exactTop10;
        }
        if (kind == "flat") QCOMPARE(exactTop10, queries);  // exact search is exact
    }

    void smallSetsAndErrors() {
        std::vector<std::int64_t> ids = {5, 6, 7};
        std::vector<float> v = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        auto index = ReferenceIndex::build(ids, v, 3);
        RS_REQUIRE(index);
        auto hits = index->search(std::vector<float>{0.1f, 0.9f, 0.0f}, 10);
        RS_REQUIRE(hits);
        QCOMPARE(int(hits->size()), 3);  // fewer than k
        QCOMPARE(hits->front().referenceId, 6);
        QVERIFY(!index->search(std::vector<float>{1, 0}, 3));     // wrong dimension
        QVERIFY(!index->search(std::vector<float>{1, 0, 0}, 0));  // k = 0
        QVERIFY(!ReferenceIndex::build({1, 2}, {1, 0, 0}, 3));    // too few values
        QVERIFY(!ReferenceIndex::build({}, {}, 3));               // empty
    }

    void persistedAndRebuiltWhenStale() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        const fs::path root = dir / "imgs";
        for (int i = 0; i < 6; ++i)
            writeFile(root / ("a" + std::to_string(i) + ".png"), encode(drawScene(500 + i), ".png"));
        auto c = newCase(dir);
        RS_REQUIRE(c);
        RS_REQUIRE(importReferenceSet(*c, "my set/2024", ImportSource::folder(root)));

        auto first = ReferenceIndex::openForSet(*c, "my set/2024");
        RS_REQUIRE(first);
        QVERIFY(first->info().rebuilt);
        QCOMPARE(first->info().count, 6);
        QCOMPARE(first->info().kind, std::string("flat"));
        QCOMPARE(first->info().descriptor.name, std::string("builtin-lab16-grad-v1"));
        QVERIFY(fs::exists(first->info().indexFile));
        QVERIFY(fs::exists(first->info().metaFile));
        QCOMPARE(first->info().indexFile.parent_path(), fs::path(c->paths().database.string() + "-index"));
        QVERIFY(!contains(first->info().indexFile.filename().string(), "/"));

        auto again = ReferenceIndex::openForSet(*c, "my set/2024");
        RS_REQUIRE(again);
        QVERIFY(!again->info().rebuilt);
        QCOMPARE(again->info().digest, first->info().digest);

        // New images make the index stale: rebuilt, and the new image is found.
        const fs::path more = dir / "more";
        writeFile(more / "b0.png", encode(drawScene(900), ".png"));
        writeFile(more / "b1.png", encode(drawScene(901), ".png"));
        RS_REQUIRE(importReferenceSet(*c, "my set/2024", ImportSource::folder(more)));
        auto stale = ReferenceIndex::openForSet(*c, "my set/2024");
        RS_REQUIRE(stale);
        QVERIFY(stale->info().rebuilt);
        QCOMPARE(stale->info().count, 8);
        QVERIFY(stale->info().digest != first->info().digest);
        auto extractor = rs::metrics::openDescriptorExtractor("");
        RS_REQUIRE(extractor);
        auto d = (*extractor)->describe(drawScene(901));
        RS_REQUIRE(d);
        auto hits = stale->search(*d, 3);
        RS_REQUIRE(hits);
        auto ref = rs::store::getReferenceImage(c->db(), hits->front().referenceId);
        RS_REQUIRE(ref);
        QCOMPARE(fs::path(ref->source).filename().string(), std::string("b1.png"));
        QVERIFY(hits->front().cosine > 0.999f);

        // A damaged index file is rebuilt, not trusted.
        writeFile(stale->info().indexFile, "garbage");
        auto repaired = ReferenceIndex::openForSet(*c, "my set/2024");
        RS_REQUIRE(repaired);
        QVERIFY(repaired->info().rebuilt);
        QCOMPARE(repaired->info().count, 8);

        // Other options (IVF forced) are another index.
        IndexOptions ivf;
        ivf.ivfThreshold = 1;
        ivf.nlist = 2;
        auto asIvf = ReferenceIndex::openForSet(*c, "my set/2024", ivf);
        RS_REQUIRE(asIvf);
        QVERIFY(asIvf->info().rebuilt);
        QCOMPARE(asIvf->info().kind, std::string("ivf"));
        auto ivfAgain = ReferenceIndex::openForSet(*c, "my set/2024", ivf);
        RS_REQUIRE(ivfAgain);
        QVERIFY(!ivfAgain->info().rebuilt);
        QCOMPARE(ivfAgain->info().kind, std::string("ivf"));

        auto none = ReferenceIndex::openForSet(*c, "no such set");
        QVERIFY(!none);
        QVERIFY(contains(none.message(), "no such set"));
    }

    void fileStems_data() {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("stemStart");
        QTest::newRow("plain") << "laion-2b_part.1"
                               << "laion-2b_part.1";
        QTest::newRow("slash") << "a/b"
                               << "a_b-";
        QTest::newRow("dot first") << ".hidden"
                                   << "_.hidden-";
        QTest::newRow("unicode") << QString::fromUtf8("Künstler") << "K__nstler-";
    }
    void fileStems() {
        QFETCH(QString, set);
        QFETCH(QString, stemStart);
        const std::string stem = indexFileStem(set.toStdString());
        QVERIFY2(QString::fromStdString(stem).startsWith(stemStart), stem.c_str());
        QVERIFY(stem.find('/') == std::string::npos);
        QVERIFY(stem.front() != '.');
    }
};

RS_REGISTER_TEST(TestReferenceIndex)
#include "tst_reference_index.moc"
