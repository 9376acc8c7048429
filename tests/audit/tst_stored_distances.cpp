// tst_audit: each prompt's pairwise distances are stored by the scan with its findings, so the
// results grid shows what the scan computed instead of decoding the images again. On the
// committed tiny model: the stored distances equal the matrix recomputed from the stored images
// with the scan's options, in the stored generation order; merging the shards of a split scan
// carries every prompt's distances over to the merged case's ids.
#include "audit/merge.h"
#include "audit/prompt_findings.h"
#include "audit/scan.h"
#include "diffusion/pipeline/pipeline.h"
#include "imaging/image_decode.h"
#include "store/case_file.h"
#include "store/case_repository.h"
#include "store/results_repository.h"
#include "store/run_repository.h"

#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>

namespace fs = std::filesystem;
using namespace rs;

namespace {

const std::string kTinyModel = RS_TEST_DATA_DIR "/parity/tiny/model";
const std::vector<std::string> kPrompts = {"a red kite in a blue sky", "a bowl of lemons", "a stone bridge at dusk"};

store::CaseFile newCase(const QTemporaryDir& dir, const std::string& name) {
    auto c =
        store::CaseFile::create(fs::path(dir.path().toStdString()) / name, {"C-D", "distances", "tester", "", "", ""});
    if (!c) qFatal("case: %s", c.message().c_str());
    return std::move(*c);
}

// The generations' image SHA-256 by seed, and the distance between two seeds, as stored.
struct SeedDistances {
    std::map<std::int64_t, std::string> imageBySeed;
    std::map<std::pair<std::int64_t, std::int64_t>, float> bySeeds;  // (lower seed, higher seed)
};

SeedDistances storedBySeed(store::CaseFile& c, std::int64_t runId, std::int64_t promptId) {
    SeedDistances out;
    auto stored = store::promptDistances(c.db(), promptId, runId);
    if (!stored || !*stored) qFatal("prompt %lld has no stored distances", static_cast<long long>(promptId));
    std::vector<std::int64_t> seeds;
    for (auto id : (*stored)->generationIds) {
        auto g = store::getGeneration(c.db(), id);
        if (!g) qFatal("%s", g.message().c_str());
        seeds.push_back(g->seed);
        out.imageBySeed[g->seed] = g->imageSha256;
    }
    std::size_t k = 0;
    for (std::size_t i = 0; i < seeds.size(); ++i)
        for (std::size_t j = i + 1; j < seeds.size(); ++j)
            out.bySeeds[{std::min(seeds[i], seeds[j]), std::max(seeds[i], seeds[j])}] = (*stored)->distances[k++];
    return out;
}

}  // namespace

class TestStoredDistances : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<diffusion::DiffusionPipeline> m_pipeline;

    audit::ScanRequest request() const {
        audit::ScanRequest r;
        r.modelDir = kTinyModel;
        r.prompts = kPrompts;
        r.seeds = {0, 1, 2, 3};
        r.sampling.steps = 2;
        r.batchSize = 4;
        return r;
    }

    std::vector<fs::path> m_shards;  // a scan split in two, shared by the tests

private slots:
    void initTestCase() {
        auto pipeline = diffusion::DiffusionPipeline::load(kTinyModel, {"cpu", "float32"});
        QVERIFY2(pipeline.ok(), pipeline.ok() ? "" : pipeline.message().c_str());
        m_pipeline = std::move(*pipeline);
        for (int i = 0; i < 2; ++i) {
            const std::string name = "shard" + std::to_string(i) + ".rscase";
            auto c = newCase(m_dir, name);
            auto r = request();
            r.shard = {i, 2};
            auto s = audit::runScan(c, *m_pipeline, r);
            QVERIFY2(s.ok(), s.ok() ? "" : s.message().c_str());
            m_shards.push_back(fs::path(m_dir.path().toStdString()) / name);
        }
    }

    void scanStoresWhatItComputed() {
        auto c = store::CaseFile::open(m_shards[0]);
        QVERIFY(c.ok());
        auto runs = store::listRuns(c->db());
        QVERIFY(runs.ok() && runs->size() == 1);
        auto prompts = store::listPrompts(c->db());
        QVERIFY(prompts.ok() && !prompts->empty());
        auto stored = store::promptDistances(c->db(), prompts->front().id, runs->front().id);
        QVERIFY(stored.ok() && stored->has_value());
        const auto& d = **stored;
        QCOMPARE(d.metric, std::string("tiled_l2"));
        QCOMPARE(d.generationIds.size(), std::size_t(4));
        std::vector<cv::Mat> images;
        for (auto id : d.generationIds) {
            auto g = store::getGeneration(c->db(), id);
            QVERIFY(g.ok());
            auto bytes = c->images().read(g->imageSha256);
            QVERIFY(bytes.ok());
            auto decoded = imaging::decodeImageBytes(*bytes, "generation");
            QVERIFY(decoded.ok());
            images.push_back(decoded->bgr);
        }
        auto matrix = audit::generationDistanceMatrix(images, request().findings.compare);
        QVERIFY(matrix.ok());
        std::vector<float> upper;
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = i + 1; j < 4; ++j) upper.push_back((*matrix)[i * 4 + j]);
        QCOMPARE(d.distances, upper);
        QVERIFY(*std::max_element(upper.begin(), upper.end()) > 0);  // not all zero
    }

    void mergeCarriesTheDistancesOver() {
        const std::vector<fs::path>& shards = m_shards;
        auto merged = newCase(m_dir, "merged.rscase");
        auto summary = audit::mergeShardCases(merged, shards);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.message().c_str());
        for (const auto& prompt : kPrompts) {
            auto mergedId = store::addPrompts(merged.db(), {{0, prompt, "", ""}});
            QVERIFY(mergedId.ok());
            const SeedDistances after = storedBySeed(merged, summary->runId, mergedId->front());
            // The same pairs with the same values as in the shard that scanned the prompt.
            bool found = false;
            for (const auto& path : shards) {
                auto shard = store::CaseFile::open(path, store::OpenMode::ReadOnly);
                QVERIFY(shard.ok());
                auto prompts = store::listPrompts(shard->db());
                QVERIFY(prompts.ok());
                for (const auto& p : *prompts) {
                    if (p.text != prompt) continue;
                    auto runs = store::listRuns(shard->db());
                    QVERIFY(runs.ok() && runs->size() == 1);
                    auto gens = store::listGenerations(shard->db(), runs->front().id, p.id);
                    if (!gens.ok() || gens->empty()) continue;
                    const SeedDistances before = storedBySeed(*shard, runs->front().id, p.id);
                    QCOMPARE(after.bySeeds, before.bySeeds);
                    QCOMPARE(after.imageBySeed, before.imageBySeed);
                    found = true;
                }
            }
            QVERIFY2(found, prompt.c_str());
        }
    }
};

RS_REGISTER_TEST(TestStoredDistances)
#include "tst_stored_distances.moc"
