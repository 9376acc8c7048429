// The review queue: same rows as a brute-force filter + sort, keyset paging equals offset
// paging, and the query plans walk the (status, score) indexes instead of sorting.
#include "store_test_util.h"
#include "test_registry.h"

#include <QTemporaryDir>

#include <algorithm>
#include <random>

using namespace rs::store;
using namespace rs::store::test;

Q_DECLARE_METATYPE(rs::store::ReviewQueueFilter)

namespace {

struct Row {
    std::int64_t id;
    double score;
    CandidateStatus status;
    std::int64_t prompt;
    std::string metric;
    std::string set;  // empty for generation pairs
};

struct PlanRow {
    int id, parent;
    std::string detail;
};

std::vector<PlanRow> queryPlan(Connection& db, const std::string& sql, const ReviewQueueFilter& f, bool keyset) {
    auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
    if (f.status) st.bindNamed(":status", std::string(toString(*f.status)));
    if (f.promptId) st.bindNamed(":prompt", *f.promptId);
    if (f.metric) st.bindNamed(":metric", *f.metric);
    if (f.referenceSet) st.bindNamed(":set", *f.referenceSet);
    if (keyset) st.bindNamed(":score", 0.5).bindNamed(":id", std::int64_t(100));
    st.bindNamed(":limit", 50).bindNamed(":offset", std::int64_t(0));
    std::vector<PlanRow> out;
    while (st.step()) out.push_back({int(st.int64(0)), int(st.int64(1)), st.text(3)});
    return out;
}

}  // namespace

class TestReviewQueue : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<CaseFile> m_case;
    std::vector<Row> m_rows;
    std::vector<std::int64_t> m_prompts;

private slots:
    void initTestCase() {
        auto c = CaseFile::create(m_dir.filePath("queue").toStdString(), sampleDetails());
        QVERIFY(c.ok());
        m_case.emplace(std::move(*c));
        SampleIds ids;
        QVERIFY(populate(*m_case, ids, 5, 20));  // 100 generations, 100 candidates
        Connection& db = m_case->db();
        m_prompts = ids.promptIds;
        // 1500 more candidates with many equal scores (ties must page correctly).
        std::mt19937 rng(7);
        std::vector<Candidate> more;
        for (int i = 0; i < 1500; ++i) {
            Candidate c;
            c.generationId = ids.generationIds[rng() % ids.generationIds.size()];
            if (i % 3 == 0)
                c.otherGenerationId = ids.generationIds[rng() % ids.generationIds.size()];
            else
                c.referenceImageId = ids.referenceIds[rng() % ids.referenceIds.size()];
            c.metric = i % 4 == 0 ? "phash" : (i % 2 ? "sscd" : "tiled_l2");
            c.score = double(rng() % 40) / 40.0;
            c.distances = {{"sscd", c.score}};
            more.push_back(c);
        }
        QVERIFY(insertCandidates(db, more).ok());
        // Review some so several statuses exist.
        for (std::int64_t id = 1; id <= 1600; id += 7)
            QVERIFY(
                recordReview(db, id, id % 2 ? CandidateStatus::Rejected : CandidateStatus::Confirmed, "R", "").ok());
        auto st = db.prepare(
            "SELECT c.id, c.score, c.status, c.prompt_id, c.metric, coalesce(r.set_name, '') FROM candidates c"
            " LEFT JOIN reference_images r ON r.id = c.reference_image_id");
        while (st.step())
            m_rows.push_back(
                {st.int64(0), st.real(1), *candidateStatusFromString(st.text(2)), st.int64(3), st.text(4), st.text(5)});
        QCOMPARE(m_rows.size(), std::size_t(1600));
    }
    void cleanupTestCase() { m_case.reset(); }

    void pagesMatchBruteForce_data() {
        QTest::addColumn<ReviewQueueFilter>("filter");
        ReviewQueueFilter f;
        QTest::newRow("pending") << f;
        f.status = CandidateStatus::Rejected;
        QTest::newRow("rejected") << f;
        f.status = std::nullopt;
        QTest::newRow("any status") << f;
        f = {};
        f.promptId = 2;
        QTest::newRow("pending, prompt 2") << f;
        f = {};
        f.metric = "phash";
        QTest::newRow("pending, phash") << f;
        f = {};
        f.referenceSet = "portfolio";
        QTest::newRow("pending, portfolio set") << f;
        f.metric = "sscd";
        f.promptId = 3;
        QTest::newRow("pending, portfolio, sscd, prompt 3") << f;
        f = {};
        f.metric = "no such metric";
        QTest::newRow("empty result") << f;
    }
    void pagesMatchBruteForce() {
        QFETCH(ReviewQueueFilter, filter);
        std::vector<Row> expected;
        for (const Row& r : m_rows) {
            if (filter.status && r.status != *filter.status) continue;
            if (filter.promptId && r.prompt != *filter.promptId) continue;
            if (filter.metric && r.metric != *filter.metric) continue;
            if (filter.referenceSet && r.set != *filter.referenceSet) continue;
            expected.push_back(r);
        }
        std::sort(expected.begin(), expected.end(),
                  [](const Row& a, const Row& b) { return a.score != b.score ? a.score > b.score : a.id > b.id; });
        Connection& db = m_case->db();
        auto count = countCandidates(db, filter);
        QVERIFY(count.ok());
        QCOMPARE(*count, std::int64_t(expected.size()));

        // Offset paging and keyset paging both reproduce the full order.
        std::vector<std::int64_t> byOffset, byKeyset;
        for (std::int64_t offset = 0;; offset += 50) {
            auto page = reviewQueuePage(db, filter, 50, offset);
            QVERIFY2(page.ok(), page.ok() ? "" : page.message().c_str());
            for (const auto& item : *page) byOffset.push_back(item.candidate.id);
            if (page->size() < 50) break;
        }
        std::optional<QueueCursor> cursor;
        for (;;) {
            auto page = reviewQueuePage(db, filter, 50, 0, cursor);
            QVERIFY(page.ok());
            for (const auto& item : *page) byKeyset.push_back(item.candidate.id);
            if (page->size() < 50) break;
            cursor = QueueCursor{page->back().candidate.score, page->back().candidate.id};
        }
        std::vector<std::int64_t> want;
        for (const Row& r : expected) want.push_back(r.id);
        QCOMPARE(byOffset, want);
        QCOMPARE(byKeyset, want);
    }

    void itemsCarryTheirContext() {
        Connection& db = m_case->db();
        ReviewQueueFilter f;
        f.status = std::nullopt;
        auto page = reviewQueuePage(db, f, 1600);
        QVERIFY(page.ok());
        for (const auto& item : *page) {
            auto prompt = getPrompt(db, item.candidate.promptId);
            QVERIFY(prompt.ok());
            QCOMPARE(item.promptText, prompt->text);
            auto gen = getGeneration(db, item.candidate.generationId);
            QVERIFY(gen.ok());
            QCOMPARE(item.generationSha256, gen->imageSha256);
            QCOMPARE(item.seed, gen->seed);
            QCOMPARE(item.referenceSha256.has_value(), item.candidate.referenceImageId.has_value());
            QCOMPARE(item.otherGenerationSha256.has_value(), item.candidate.otherGenerationId.has_value());
            if (item.candidate.referenceImageId) {
                auto ref = getReferenceImage(db, *item.candidate.referenceImageId);
                QVERIFY(ref.ok());
                QCOMPARE(*item.referenceSha256, ref->sha256);
                QCOMPARE(*item.referenceSet, ref->setName);
            }
        }
        QVERIFY(!reviewQueuePage(db, {}, -1).ok());
    }

    void queryPlansUseTheQueueIndexes_data() {
        QTest::addColumn<ReviewQueueFilter>("filter");
        QTest::addColumn<bool>("keyset");
        QTest::addColumn<QString>("index");
        ReviewQueueFilter f;
        QTest::newRow("status") << f << false << "candidates_queue";
        QTest::newRow("status, keyset") << f << true << "candidates_queue";
        f.promptId = 2;
        QTest::newRow("status + prompt") << f << false << "candidates_queue_by_prompt";
        f = {};
        f.metric = "sscd";
        QTest::newRow("status + metric") << f << false << "candidates_queue";
        f = {};
        f.referenceSet = "portfolio";
        QTest::newRow("status + reference set") << f << false << "candidates_queue";
    }
    void queryPlansUseTheQueueIndexes() {
        QFETCH(ReviewQueueFilter, filter);
        QFETCH(bool, keyset);
        QFETCH(QString, index);
        Connection& db = m_case->db();
        db.exec("ANALYZE");
        const auto plan = queryPlan(db, reviewQueueSql(filter, keyset), filter, keyset);
        std::string text;
        for (const auto& p : plan)
            text += std::to_string(p.id) + " " + std::to_string(p.parent) + " " + p.detail + "\n";
        // The inner query reads candidates through the index, in index order: no sort step next
        // to it (the outer query may sort its 50 rows).
        const PlanRow* scan = nullptr;
        for (const auto& p : plan)
            if (contains(p.detail, "candidates USING") && contains(p.detail, "INDEX " + index.toStdString() + " "))
                scan = &p;
        QVERIFY2(scan, text.c_str());
        for (const auto& p : plan)
            QVERIFY2(!(p.parent == scan->parent && contains(p.detail, "TEMP B-TREE")), text.c_str());
        if (keyset) QVERIFY2(contains(scan->detail, "<"), text.c_str());  // a range, not a scan from the top
        // Keep the plan visible in the test log for review.
        qInfo("%s", text.c_str());
    }
};

RS_REGISTER_TEST(TestReviewQueue)
#include "tst_review_queue.moc"
