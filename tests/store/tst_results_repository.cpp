// tst_store: what the results grid reads (store/results_repository.h) on a real case: each
// generation's file, score, clique and closest reference; the prompts with their newest run's
// count; and a prompt's pairwise distances as the scan stored them, refused when they do not fit.
#include "store/results_repository.h"
#include "store/run_repository.h"

#include "store_test_util.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace rs;
using namespace rs::store;
using namespace rs::store::test;

class TestResultsRepository : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_case;
    SampleIds m_ids;

private slots:
    void initTestCase() {
        auto c =
            CaseFile::create(std::filesystem::path(m_dir.path().toStdString()) / "results.rscase", sampleDetails());
        RS_REQUIRE(c);
        m_case = std::make_unique<CaseFile>(std::move(*c));
        QVERIFY(populate(*m_case, m_ids));
    }

    void rowsCarryFilesScoresCliquesAndTheClosestReference() {
        std::vector<std::int64_t> asked = {m_ids.generationIds[0], m_ids.generationIds[1], 987654};
        auto rows = loadResultRows(*m_case, asked);
        RS_REQUIRE(rows);
        QCOMPARE(rows->rows.size(), std::size_t(2));
        QCOMPARE(rows->missing, std::vector<std::int64_t>{987654});
        const ResultRow& first = rows->rows[0];
        QCOMPARE(first.generationId, m_ids.generationIds[0]);
        QVERIFY(std::filesystem::exists(first.imagePath));
        QVERIFY(first.imageProblem.empty());
        QCOMPARE(*first.memorizationScore, 0.0);
        // Generation 0's candidate points at reference 0 with tiled l2 0.2.
        QVERIFY(first.bestMatchDistance.has_value());
        QCOMPARE(*first.bestMatchDistance, 0.2);
        QCOMPARE(first.bestReferenceId, m_ids.referenceIds[0]);
        QCOMPARE(first.referenceLabel, std::string("portfolio: /refs/0.png"));
        // Generation 1's candidate is a clique edge (clique 0) to generation 2.
        QCOMPARE(rows->rows[1].cliqueId, std::int64_t(0));
        QVERIFY(!rows->rows[1].bestMatchDistance);
    }

    void promptsListTheirNewestRunsCount() {
        auto prompts = listPromptsWithGenerations(*m_case);
        RS_REQUIRE(prompts);
        QCOMPARE(prompts->size(), m_ids.promptIds.size());
        for (const auto& p : *prompts) QCOMPARE(p.generations, std::int64_t(4));
        auto one = listPromptsWithGenerations(*m_case, m_ids.promptIds[1]);
        RS_REQUIRE(one);
        QCOMPARE(one->size(), std::size_t(1));
        QCOMPARE(one->front().text, std::string("prompt number 1"));
        auto ids = newestGenerationIdsOfPrompt(*m_case, m_ids.promptIds[0]);
        RS_REQUIRE(ids);
        QCOMPARE(*ids, std::vector<std::int64_t>(m_ids.generationIds.begin(), m_ids.generationIds.begin() + 4));
    }

    void distancesRoundTripExactly() {
        PromptDistances d;
        d.promptId = m_ids.promptIds[0];
        d.runId = m_ids.runId;
        d.metric = "tiled_l2";
        d.generationIds.assign(m_ids.generationIds.begin(), m_ids.generationIds.begin() + 4);
        d.distances = {0.0f, 0.125f, 1.0f / 3.0f, 0.5f, 7.25e-5f, 1.5f};
        QVERIFY(!promptDistances(m_case->db(), d.promptId, d.runId)->has_value());
        RS_REQUIRE(putPromptDistances(m_case->db(), d));
        auto read = promptDistances(m_case->db(), d.promptId, d.runId);
        RS_REQUIRE(read);
        QVERIFY(read->has_value());
        QCOMPARE((*read)->generationIds, d.generationIds);
        QCOMPARE((*read)->distances, d.distances);  // bit for bit
        QCOMPARE((*read)->metric, std::string("tiled_l2"));
        // Stored again: replaced, not duplicated.
        d.distances[0] = 0.75f;
        RS_REQUIRE(putPromptDistances(m_case->db(), d));
        auto latest = promptDistances(m_case->db(), d.promptId, d.runId);
        RS_REQUIRE(latest);
        QCOMPARE((*latest)->distances[0], 0.75f);
        QVERIFY(!promptDistances(m_case->db(), m_ids.promptIds[1], d.runId)->has_value());
    }

    void distancesThatDoNotFitAreRefused_data() {
        QTest::addColumn<int>("generations");
        QTest::addColumn<int>("values");
        QTest::newRow("one short") << 4 << 5;
        QTest::newRow("one over") << 4 << 7;
        QTest::newRow("a single generation with a value") << 1 << 1;
        QTest::newRow("none for three") << 3 << 0;
    }
    void distancesThatDoNotFitAreRefused() {
        QFETCH(int, generations);
        QFETCH(int, values);
        PromptDistances d;
        d.promptId = m_ids.promptIds[2];
        d.runId = m_ids.runId;
        d.metric = "tiled_l2";
        d.generationIds.assign(m_ids.generationIds.begin(), m_ids.generationIds.begin() + generations);
        d.distances.assign(std::size_t(values), 0.5f);
        const auto s = putPromptDistances(m_case->db(), d);
        QVERIFY(!s.ok());
        QVERIFY2(contains(s.message(), "n(n-1)/2"), s.message().c_str());
        QVERIFY(!promptDistances(m_case->db(), d.promptId, d.runId)->has_value());
    }

    // A blob cut behind the app's back reads as an error naming the prompt, not as other numbers.
    void damagedDistancesAreReported() {
        const auto path = m_case->db().path();
        const std::string sql = "UPDATE prompt_distances SET distances = substr(distances, 1, 10) WHERE prompt_id = " +
                                std::to_string(m_ids.promptIds[0]);
        QCOMPARE(rawExec(path, sql), std::string());
        auto read = promptDistances(m_case->db(), m_ids.promptIds[0], m_ids.runId);
        QVERIFY(!read.ok());
        QVERIFY2(contains(read.message(), "prompt " + std::to_string(m_ids.promptIds[0])), read.message().c_str());
    }
};

RS_REGISTER_TEST(TestResultsRepository)
#include "tst_results_repository.moc"
