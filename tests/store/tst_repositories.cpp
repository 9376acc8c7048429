// Repository functions: round trips, idempotency, batch atomicity, audit rows.
#include "rs_version.h"
#include "store/internal.h"
#include "store_test_util.h"
#include "test_registry.h"

#include <QTemporaryDir>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace rs::store;
using namespace rs::store::test;

namespace {

std::int64_t scalar(Connection& db, const std::string& sql) {
    auto st = db.prepare(sql);
    return st.step() ? st.int64(0) : -1;
}

std::string lastAction(Connection& db) {
    auto rows = listAudit(db, scalar(db, "SELECT max(id) FROM audit_log") - 1);
    return rows && !rows->empty() ? rows->back().action : std::string();
}

}  // namespace

class TestRepositories : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_cases = 0;
    std::optional<CaseFile> m_case;
    SampleIds m_ids;

    Connection& db() { return m_case->db(); }

private slots:
    void init() {
        auto c =
            CaseFile::create(m_dir.filePath(QString("r%1").arg(++m_cases)).toStdString(), sampleDetails(), "tester");
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        m_case.emplace(std::move(*c));
        m_ids = {};
        QVERIFY(populate(*m_case, m_ids));
    }
    void cleanup() { m_case.reset(); }

    void detailsEditIsAudited() {
        CaseDetails d = *getCaseDetails(db());
        const std::string created = d.createdUtc;
        d.title = "New title";
        d.notes = "more notes";
        d.createdUtc = "1999-01-01T00:00:00.000Z";  // ignored
        RS_REQUIRE(updateCaseDetails(db(), d));
        auto back = getCaseDetails(db());
        RS_REQUIRE(back);
        QCOMPARE(back->title, std::string("New title"));
        QCOMPARE(back->createdUtc, created);
        QCOMPARE(lastAction(db()), std::string("case.details_edited"));
        d.examiner.clear();
        QVERIFY(!updateCaseDetails(db(), d).ok());
        auto report = verifyCase(*m_case);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
    }

    void modelsRoundTripAndDeduplicate() {
        auto m = getModel(db(), m_ids.modelId);
        RS_REQUIRE(m);
        QCOMPARE(m->name, std::string("tiny-sd"));
        QCOMPARE(m->fileSha256.size(), std::size_t(2));
        const std::int64_t audits = scalar(db(), "SELECT count(*) FROM audit_log");
        auto again = registerModel(db(), *m);
        RS_REQUIRE(again);
        QCOMPARE(*again, m_ids.modelId);
        QCOMPARE(scalar(db(), "SELECT count(*) FROM audit_log"), audits);
        ModelRecord bad = *m;
        bad.fileSha256["vae/x.safetensors"] = "not-a-hash";
        auto refused = registerModel(db(), bad);
        QVERIFY(!refused.ok());
        QVERIFY2(contains(refused.message(), "vae/x.safetensors"), refused.message().c_str());
        bad = *m;
        bad.configJson = "{broken";
        QVERIFY(!registerModel(db(), bad).ok());
        QCOMPARE(listModels(db())->size(), std::size_t(1));
    }

    void promptsAreGetOrCreate() {
        auto ids =
            addPrompts(db(), {{0, "prompt number 1", "", ""}, {0, "brand new", "", ""}, {0, "brand new", "", ""}});
        RS_REQUIRE(ids);
        QCOMPARE((*ids)[0], m_ids.promptIds[1]);
        QCOMPARE((*ids)[1], (*ids)[2]);
        QCOMPARE(listPrompts(db())->size(), std::size_t(4));
        QCOMPARE(getPrompt(db(), (*ids)[1])->text, std::string("brand new"));
        QVERIFY(!getPrompt(db(), 9999).ok());
    }

    void referenceImportMergesDuplicates() {
        ReferenceImage r;
        r.setName = "portfolio";
        r.source = "/refs/dup.png";
        r.sha256 = hexOf(0);  // same bytes as an image already in the set
        r.sizeBytes = 1000;
        r.dedupCount = 2;
        ReferenceImage fresh = r;
        fresh.sha256 = hexOf(100);
        fresh.dedupCount = 1;
        fresh.descriptor = std::vector<std::uint8_t>{1, 2, 3, 0, 255};
        auto result = importReferenceImages(db(), {r, fresh, fresh}, "second import");
        RS_REQUIRE(result);
        QCOMPARE(result->inserted, std::int64_t(1));
        QCOMPARE(result->merged, std::int64_t(2));
        QCOMPARE(result->ids[0], m_ids.referenceIds[0]);
        QCOMPARE(result->ids[1], result->ids[2]);
        auto merged = getReferenceImage(db(), m_ids.referenceIds[0]);
        RS_REQUIRE(merged);
        QCOMPARE(merged->dedupCount, std::int64_t(3));
        auto withDescriptor = getReferenceImage(db(), result->ids[1]);
        RS_REQUIRE(withDescriptor);
        QCOMPARE(withDescriptor->dedupCount, std::int64_t(2));
        QVERIFY(withDescriptor->descriptor.has_value());
        QCOMPARE(*withDescriptor->descriptor, (std::vector<std::uint8_t>{1, 2, 3, 0, 255}));
        RS_REQUIRE(setReferenceDescriptors(db(), {{m_ids.referenceIds[1], std::vector<std::uint8_t>(2048, 7)}}));
        QCOMPARE(getReferenceImage(db(), m_ids.referenceIds[1])->descriptor->size(), std::size_t(2048));
        RS_REQUIRE(setReferenceThumbnail(db(), m_ids.referenceIds[1], hexOf(5)));
        QVERIFY(!setReferenceThumbnail(db(), 9999, hexOf(5)).ok());
        auto sets = listReferenceSets(db());
        RS_REQUIRE(sets);
        QCOMPARE(sets->size(), std::size_t(2));
        QCOMPARE(sets->at(1).name, std::string("portfolio"));
        QCOMPARE(sets->at(1).images, std::int64_t(3));
        QCOMPARE(sets->at(1).occurrences, std::int64_t(1 + 3 + 2));
        QCOMPARE(listReferenceImages(db(), "portfolio")->size(), std::size_t(3));
        // A mixed-set or hash-less batch is refused whole.
        ReferenceImage other = fresh;
        other.setName = "elsewhere";
        QVERIFY(!importReferenceImages(db(), {fresh, other}).ok());
        other = fresh;
        other.sha256 = "xyz";
        QVERIFY(!importReferenceImages(db(), {other}).ok());
    }

    void generationsAreIdempotentAndAtomic() {
        auto run = startRun(db(), RunRecord{0,
                                            m_ids.modelId,
                                            "dpm++2m",
                                            25,
                                            7.5,
                                            512,
                                            512,
                                            "",
                                            {1, 2},
                                            "cpu",
                                            "float32",
                                            "",
                                            "",
                                            {},
                                            RunStatus::Running,
                                            {}});
        RS_REQUIRE(run);
        QCOMPARE(getRun(db(), *run)->softwareVersion, std::string(rs::kVersion));
        std::vector<Generation> gens;
        for (int s = 0; s < 10; ++s) gens.push_back({0, *run, m_ids.promptIds[0], s, s, hexOf(s), std::nullopt});
        auto first = insertGenerations(db(), gens);
        RS_REQUIRE(first);
        auto second = insertGenerations(db(), gens);  // resumed run: same rows, same ids
        RS_REQUIRE(second);
        QCOMPARE(*second, *first);
        const std::int64_t count = scalar(db(), "SELECT count(*) FROM generations");

        // A batch whose last row conflicts stores nothing.
        std::vector<Generation> conflicting;
        for (int s = 100; s < 110; ++s)
            conflicting.push_back({0, *run, m_ids.promptIds[0], s, s, hexOf(s), std::nullopt});
        conflicting.push_back({0, *run, m_ids.promptIds[0], 3, 3, hexOf(999), std::nullopt});
        auto refused = insertGenerations(db(), conflicting);
        QVERIFY(!refused.ok());
        QVERIFY2(contains(refused.message(), "seed 3") && contains(refused.message(), "differs"),
                 refused.message().c_str());
        QCOMPARE(scalar(db(), "SELECT count(*) FROM generations"), count);

        // Unknown prompt: the message names the row.
        auto unknown = insertGenerations(db(), {{0, *run, 4242, 1, 0, hexOf(1), std::nullopt}});
        QVERIFY(!unknown.ok());
        QVERIFY2(contains(unknown.message(), "prompt 4242") && contains(unknown.message(), "FOREIGN KEY"),
                 unknown.message().c_str());

        RS_REQUIRE(setMemorizationScores(db(), {{(*first)[0], 2.0}, {(*first)[1], 4.0}}));
        auto scores = promptMemorizationScores(db(), *run);
        RS_REQUIRE(scores);
        QCOMPARE(scores->size(), std::size_t(1));
        QCOMPARE(scores->front().meanScore, 3.0);
        QCOMPARE(scores->front().generations, std::int64_t(2));
        QVERIFY(!setMemorizationScores(db(), {{999999, 1.0}}).ok());

        RS_REQUIRE(finishRun(db(), *run, RunStatus::Cancelled, {"stopped by user"}));
        auto finished = getRun(db(), *run);
        RS_REQUIRE(finished);
        QCOMPARE(finished->status, RunStatus::Cancelled);
        QVERIFY(finished->finishedUtc.has_value());
        QCOMPARE(finished->warnings, std::vector<std::string>{"stopped by user"});
        QVERIFY(!finishRun(db(), *run, RunStatus::Finished).ok());
        auto late = insertGenerations(db(), {{0, *run, m_ids.promptIds[1], 1, 0, hexOf(1), std::nullopt}});
        QVERIFY(!late.ok());
        QVERIFY2(contains(late.message(), "has finished"), late.message().c_str());
        QCOMPARE(listGenerations(db(), *run)->size(), std::size_t(10));
        QCOMPARE(listGenerations(db(), *run, m_ids.promptIds[1])->size(), std::size_t(0));
        QVERIFY(
            !startRun(
                 db(),
                 RunRecord{0, 777, "ddim", 50, 7.5, 512, 512, "", {}, "cpu", "f32", "", "", {}, RunStatus::Running, {}})
                 .ok());
    }

    void candidatesRoundTrip() {
        auto c = getCandidate(db(), m_ids.candidateIds[1]);
        RS_REQUIRE(c);
        QVERIFY(c->otherGenerationId.has_value() && !c->referenceImageId.has_value());
        QCOMPARE(c->promptId, m_ids.promptIds[0]);
        QCOMPARE(c->distances.size(), std::size_t(2));
        QCOMPARE(c->distances.at("sscd"), 0.51);
        QCOMPARE(c->thresholdsCrossed, std::vector<std::string>{"sscd>0.5"});
        QCOMPARE(c->status, CandidateStatus::Pending);
        Candidate both = *c;
        both.referenceImageId = m_ids.referenceIds[0];
        auto refused = insertCandidates(db(), {both});
        QVERIFY(!refused.ok());
        QVERIFY2(contains(refused.message(), "exactly one"), refused.message().c_str());
        Candidate dangling = *c;
        dangling.generationId = 987654;
        QVERIFY(!insertCandidates(db(), {dangling}).ok());
        QCOMPARE(listCandidatesForGeneration(db(), m_ids.generationIds[1])->size(), std::size_t(1));
    }

    // The candidates' distances and thresholds are written without building a json value; the
    // text must stay what nlohmann's dump() gave (stored rows, exports and digests compare it).
    void candidateJsonTextMatchesNlohmann() {
        auto reference = [](const std::map<std::string, double>& values) {
            nlohmann::json out = nlohmann::json::object();
            for (const auto& [k, v] : values) out[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
            return out.dump();
        };
        const double inf = std::numeric_limits<double>::infinity();
        std::vector<double> numbers = {0.0,
                                       -0.0,
                                       1.0,
                                       -1.0,
                                       63.0,
                                       0.5,
                                       0.1,
                                       1.0 / 3.0,
                                       1e-7,
                                       1e-5,
                                       1e16,
                                       1e21,
                                       1e22,
                                       123456789012345678.0,
                                       std::numeric_limits<double>::max(),
                                       std::numeric_limits<double>::min(),
                                       std::numeric_limits<double>::denorm_min(),
                                       std::numeric_limits<double>::lowest(),
                                       std::nan(""),
                                       inf,
                                       -inf};
        std::mt19937_64 rng(7);
        for (int i = 0; i < 20000; ++i) {
            const std::uint64_t bits = rng();
            double d = 0.0;
            std::memcpy(&d, &bits, sizeof d);
            numbers.push_back(d);
            numbers.push_back(double(rng() % 1000000) / 1000000.0);
            numbers.push_back(double(rng() % 64));
        }
        const std::vector<std::string> keys = {"sscd",        "tiled_l2",    "phash",     "",
                                               "a\"quote",    "back\\slash", "tab\there", "ctrl\x01",
                                               "caf\xc3\xa9", "del\x7f",     "sscd>0.5",  "~ ok {}[]:,"};
        for (std::size_t i = 0; i + 2 < numbers.size(); i += 3) {
            const std::map<std::string, double> values = {{keys[i % keys.size()], numbers[i]},
                                                          {keys[(i + 5) % keys.size()], numbers[i + 1]},
                                                          {keys[(i + 7) % keys.size()], numbers[i + 2]}};
            const std::string got = detail::toJson(values), want = reference(values);
            QVERIFY2(got == want, (got + " != " + want).c_str());
        }
        QCOMPARE(detail::toJson(std::map<std::string, double>{}), std::string("{}"));
        QCOMPARE(detail::toJson(std::vector<std::string>{}), nlohmann::json(std::vector<std::string>{}).dump());
        QCOMPARE(detail::toJson(keys), nlohmann::json(keys).dump());
        // Invalid UTF-8 is refused as before, not stored.
        bool refused = false;
        try {
            detail::toJson(std::vector<std::string>{"bad\xff"});
        } catch (const nlohmann::json::exception&) {
            refused = true;
        }
        QVERIFY(refused);
    }

    void recordReviewIsOneTransaction() {
        const std::int64_t id = m_ids.candidateIds[2];
        const std::int64_t audits = scalar(db(), "SELECT count(*) FROM audit_log");
        auto review = recordReview(db(), id, CandidateStatus::Unsure, "Reviewer Two", "needs a second look");
        RS_REQUIRE(review);
        QCOMPARE(getCandidate(db(), id)->status, CandidateStatus::Unsure);
        QCOMPARE(scalar(db(), "SELECT count(*) FROM audit_log"), audits + 1);
        QCOMPARE(lastAction(db()), std::string("review.recorded"));
        auto reviews = reviewsForCandidate(db(), id);
        RS_REQUIRE(reviews);
        QCOMPARE(reviews->size(), std::size_t(1));
        QCOMPARE(reviews->front().note, std::string("needs a second look"));
        // Failing reviews leave nothing behind.
        QVERIFY(!recordReview(db(), 999999, CandidateStatus::Confirmed, "R", "").ok());
        QVERIFY(!recordReview(db(), id, CandidateStatus::Confirmed, "", "").ok());
        QCOMPARE(scalar(db(), "SELECT count(*) FROM audit_log"), audits + 1);
        QCOMPARE(scalar(db(), "SELECT count(*) FROM reviews"), std::int64_t(2));
        // Inside a caller's transaction that rolls back, nothing is kept either.
        {
            Transaction outer(db());
            RS_REQUIRE(recordReview(db(), id, CandidateStatus::Rejected, "R3", "rolled back"));
        }
        QCOMPARE(getCandidate(db(), id)->status, CandidateStatus::Unsure);
        QCOMPARE(scalar(db(), "SELECT count(*) FROM audit_log"), audits + 1);
        auto report = verifyCase(*m_case);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
    }

    void tagsAreAudited() {
        auto tag = createTag(db(), "evidence");
        RS_REQUIRE(tag);
        QCOMPARE(*tag, m_ids.tagId);  // get-or-create
        auto second = createTag(db(), "follow up", "ask the artist");
        RS_REQUIRE(second);
        RS_REQUIRE(tagCandidate(db(), m_ids.candidateIds[3], *second, "similar pose"));
        RS_REQUIRE(tagCandidate(db(), m_ids.candidateIds[3], *second, "updated comment"));
        auto tags = tagsForCandidate(db(), m_ids.candidateIds[3]);
        RS_REQUIRE(tags);
        QCOMPARE(tags->size(), std::size_t(1));
        QCOMPARE(tags->front().comment, std::string("updated comment"));
        QCOMPARE(tags->front().author, std::string("tester"));
        QCOMPARE(*candidatesWithTag(db(), m_ids.tagId), std::vector<std::int64_t>{m_ids.candidateIds[0]});
        RS_REQUIRE(untagCandidate(db(), m_ids.candidateIds[3], *second));
        QCOMPARE(lastAction(db()), std::string("tag.removed"));
        QVERIFY(!untagCandidate(db(), m_ids.candidateIds[3], *second).ok());
        QVERIFY(!tagCandidate(db(), 999999, *second).ok());
        QVERIFY(!tagCandidate(db(), m_ids.candidateIds[3], 999).ok());
        QCOMPARE(listTags(db())->size(), std::size_t(2));
    }
};

RS_REGISTER_TEST(TestRepositories)
#include "tst_repositories.moc"
