// Schema migrations, from the committed v1 fixture (tests/fixtures/store/v1.rscase, made by
// store_make_v1_fixture through the v1 code path) to the current version.
#include "store/schema.h"
#include "store_test_util.h"
#include "test_registry.h"

#include <QTemporaryDir>

using namespace rs::store;
using namespace rs::store::test;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(RS_TEST_DATA_DIR) / "store" / "v1.rscase";

// Copies the fixture (database + image folder) into dir; the committed files are never opened for writing.
std::filesystem::path copyFixture(const QTemporaryDir& dir) {
    const std::filesystem::path target = std::filesystem::path(dir.path().toStdString()) / "v1.rscase";
    std::filesystem::copy_file(kFixture, target);
    std::filesystem::copy(kFixture.string() + "-images", target.string() + "-images",
                          std::filesystem::copy_options::recursive);
    return target;
}

std::int64_t scalar(Connection& db, const std::string& sql) {
    auto st = db.prepare(sql);
    return st.step() ? st.int64(0) : -1;
}

bool hasIndex(Connection& db, const std::string& name) {
    auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?");
    st.bind(1, name);
    return st.step() && st.int64(0) == 1;
}

// Every row of a table as text, in rowid order, to compare a table before and after a rebuild.
std::vector<std::string> rowsOf(Connection& db, const std::string& table, int columns) {
    std::vector<std::string> out;
    auto st = db.prepare("SELECT * FROM " + table + " ORDER BY rowid");
    while (st.step()) {
        std::string row;
        for (int i = 0; i < columns; ++i) row += (st.isNull(i) ? std::string("NULL") : st.text(i)) + "|";
        out.push_back(row);
    }
    return out;
}

// Names of the indexes and triggers (not SQLite's automatic ones) with their table and SQL.
std::vector<std::string> schemaObjects(Connection& db) {
    std::vector<std::string> out;
    auto st = db.prepare(
        "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || sql FROM sqlite_master"
        " WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name");
    while (st.step()) out.push_back(st.text(0));
    return out;
}

// A case with data at `version`: the v1 fixture brought there through the migrations.
std::filesystem::path makeCaseAt(const QTemporaryDir& dir, int version) {
    const auto path = copyFixture(dir);
    auto db = Connection::open(path, OpenMode::ReadWrite, false);
    db->enableWal();
    migrateSchema(*db, 1, version, true);
    return path;
}

}  // namespace

class TestMigrations : public QObject {
    Q_OBJECT
private slots:
    void fixtureIsVersion1() {
        QVERIFY2(std::filesystem::exists(kFixture), kFixture.c_str());
        QTemporaryDir dir;
        const auto path = copyFixture(dir);
        auto c = CaseFile::open(path, OpenMode::ReadOnly);  // read-only: stays at v1
        RS_REQUIRE(c);
        QCOMPARE(c->schemaVersion(), 1);
        QVERIFY(hasIndex(c->db(), "candidates_by_status"));
        QVERIFY(!hasIndex(c->db(), "candidates_queue"));
        // A v1 case can be verified as it is, without upgrading it.
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
        QCOMPARE(report->schemaVersion, 1);
        QCOMPARE(report->imagesChecked, std::int64_t(6));
    }

    void readOnlyOpenLeavesOldCaseUntouched() {
        QTemporaryDir dir;
        const auto path = copyFixture(dir);
        const std::string before = fileSha(path);
        {
            auto c = CaseFile::open(path, OpenMode::ReadOnly);
            RS_REQUIRE(c);
            auto d = getCaseDetails(c->db());
            RS_REQUIRE(d);
            QCOMPARE(d->caseNumber, std::string("V1-001"));
        }
        QCOMPARE(fileSha(path), before);
    }

    void openingMigratesToCurrentWithDataIntact() {
        QTemporaryDir dir;
        const auto path = copyFixture(dir);
        std::vector<std::pair<std::string, std::int64_t>> countsBefore;
        std::string headBefore;
        std::vector<AuditEntry> auditBefore;
        {
            auto old = CaseFile::open(path, OpenMode::ReadOnly);
            RS_REQUIRE(old);
            countsBefore = *tableCounts(old->db());
            headBefore = *auditHeadHash(old->db());
            auditBefore = *listAudit(old->db());
        }
        auto c = CaseFile::open(path, OpenMode::ReadWrite, "migrator");
        RS_REQUIRE(c);
        QCOMPARE(c->schemaVersion(), kSchemaVersion);
        QCOMPARE(scalar(c->db(), "PRAGMA user_version"), std::int64_t(kSchemaVersion));
        QVERIFY(hasIndex(c->db(), "candidates_queue"));
        QVERIFY(hasIndex(c->db(), "candidates_queue_by_prompt"));
        QVERIFY(!hasIndex(c->db(), "candidates_by_status"));
        QVERIFY(!hasIndex(c->db(), "candidates_queue_by_metric"));  // dropped by v3

        // Every row is still there; the audit log only grew by one row per migration.
        const std::size_t migrations = std::size_t(kSchemaVersion - 1);
        auto countsAfter = tableCounts(c->db());
        RS_REQUIRE(countsAfter);
        for (std::size_t i = 0; i < countsBefore.size(); ++i) {
            const std::int64_t expected =
                countsBefore[i].second + (countsBefore[i].first == "audit_log" ? std::int64_t(migrations) : 0);
            QCOMPARE((*countsAfter)[i].second, expected);
        }
        auto audit = listAudit(c->db());
        RS_REQUIRE(audit);
        QCOMPARE(audit->size(), auditBefore.size() + migrations);
        for (std::size_t i = 0; i < auditBefore.size(); ++i) QCOMPARE((*audit)[i].hash, auditBefore[i].hash);
        for (std::size_t k = 0; k < migrations; ++k) {
            const auto& row = (*audit)[auditBefore.size() + k];
            QCOMPARE(row.action, std::string("schema.migrated"));
            QCOMPARE(row.actor, std::string("migrator"));
            QCOMPARE(row.prevHash, k == 0 ? headBefore : (*audit)[auditBefore.size() + k - 1].hash);
            QVERIFY(contains(row.detailsJson, "\"from\":" + std::to_string(k + 1)) &&
                    contains(row.detailsJson, "\"to\":" + std::to_string(k + 2)));
        }

        // The new column was back-filled from the generations.
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM candidates WHERE prompt_id IS NULL"), std::int64_t(0));
        QCOMPARE(scalar(c->db(),
                        "SELECT count(*) FROM candidates c JOIN generations g ON g.id = c.generation_id"
                        " WHERE c.prompt_id <> g.prompt_id"),
                 std::int64_t(0));

        auto details = getCaseDetails(c->db());
        RS_REQUIRE(details);
        QCOMPARE(details->title, std::string("Schema v1 fixture"));
        auto runs = listRuns(c->db());
        RS_REQUIRE(runs);
        QCOMPARE(runs->size(), std::size_t(1));
        QCOMPARE(runs->front().seeds, (std::vector<std::int64_t>{7, 8}));
        auto reviews = reviewsForCandidate(c->db(), 1);
        RS_REQUIRE(reviews);
        QCOMPARE(reviews->size(), std::size_t(1));
        QCOMPARE(reviews->front().note, std::string("looks identical"));

        // The queue works on the migrated case, and new data goes in.
        auto page = reviewQueuePage(c->db(), {}, 50);
        RS_REQUIRE(page);
        QCOMPARE(page->size(), std::size_t(5));  // 6 candidates, one confirmed
        QVERIFY(page->front().candidate.score >= page->back().candidate.score);
        QCOMPARE(page->front().promptText.rfind("v1 prompt", 0), std::size_t(0));
        RS_REQUIRE(
            recordReview(c->db(), page->front().candidate.id, CandidateStatus::Rejected, "R2", "after migration"));

        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());

        // Opening again does not migrate twice.
        c = CaseFile::open(path);
        RS_REQUIRE(c);
        auto again = listAudit(c->db());
        RS_REQUIRE(again);
        QCOMPARE(again->size(), audit->size() + 1);  // + the review, no second migration
    }

    void v3CaseMigratesToV4KeepingRowsIndexesAndTriggers() {
        QTemporaryDir dir;
        const auto path = makeCaseAt(dir, 3);
        std::vector<std::string> candidatesBefore, reviewsBefore, objectsBefore;
        {
            auto old = CaseFile::open(path, OpenMode::ReadOnly);
            RS_REQUIRE(old);
            QCOMPARE(old->schemaVersion(), 3);
            candidatesBefore = rowsOf(old->db(), "candidates", 11);
            reviewsBefore = rowsOf(old->db(), "reviews", 6);
            objectsBefore = schemaObjects(old->db());
        }
        {
            // v3 refuses the new decision: that is why v4 exists.
            auto raw = Connection::open(path, OpenMode::ReadWrite, false);
            QVERIFY(sqlite3_exec(raw->handle(), "UPDATE candidates SET status = 'partial' WHERE id = 2", nullptr,
                                 nullptr, nullptr) != SQLITE_OK);
        }
        QVERIFY(!candidatesBefore.empty() && !reviewsBefore.empty());

        auto c = CaseFile::open(path, OpenMode::ReadWrite, "migrator");
        RS_REQUIRE(c);
        QCOMPARE(c->schemaVersion(), kSchemaVersion);
        QCOMPARE(rowsOf(c->db(), "candidates", 11), candidatesBefore);
        QCOMPARE(rowsOf(c->db(), "reviews", 6), reviewsBefore);
        QCOMPARE(schemaObjects(c->db()), objectsBefore);  // indexes and the audit_log triggers
        QCOMPARE(scalar(c->db(), "PRAGMA foreign_keys"), std::int64_t(1));
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM pragma_foreign_key_check"), std::int64_t(0));
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v4'"), std::int64_t(0));
        auto audit = listAudit(c->db());
        RS_REQUIRE(audit);
        const auto& toV4 = (*audit)[audit->size() - std::size_t(kSchemaVersion - 3)];  // later migrations follow
        QCOMPARE(toV4.action, std::string("schema.migrated"));
        QVERIFY(contains(toV4.detailsJson, "\"from\":3") && contains(toV4.detailsJson, "\"to\":4"));
        QVERIFY(sqlite3_exec(c->db().handle(), "DELETE FROM audit_log", nullptr, nullptr, nullptr) != SQLITE_OK);

        // The new decision is stored, queued under its own status and verifies.
        RS_REQUIRE(recordReview(c->db(), 2, CandidateStatus::PartialCopy, "R3", "the background is copied"));
        QCOMPARE(getCandidate(c->db(), 2)->status, CandidateStatus::PartialCopy);
        ReviewQueueFilter partial;
        partial.status = CandidateStatus::PartialCopy;
        auto page = reviewQueuePage(c->db(), partial, 10);
        RS_REQUIRE(page);
        QCOMPARE(page->size(), std::size_t(1));
        QCOMPARE(page->front().candidate.id, std::int64_t(2));
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
        QCOMPARE(report->schemaVersion, kSchemaVersion);
    }

    void v4CaseMigratesToV5WithEmptyMatchRegions() {
        QTemporaryDir dir;
        const auto path = makeCaseAt(dir, 4);
        std::vector<std::string> candidatesBefore, objectsBefore;
        std::size_t auditBefore = 0;
        {
            auto old = CaseFile::open(path, OpenMode::ReadOnly);
            RS_REQUIRE(old);
            QCOMPARE(old->schemaVersion(), 4);
            candidatesBefore = rowsOf(old->db(), "candidates", 11);
            objectsBefore = schemaObjects(old->db());
            auditBefore = listAudit(old->db())->size();
        }
        QVERIFY(!candidatesBefore.empty());

        auto c = CaseFile::open(path, OpenMode::ReadWrite, "migrator");
        RS_REQUIRE(c);
        QCOMPARE(c->schemaVersion(), kSchemaVersion);  // later migrations follow v5
        // The old rows keep every value, and have no regions.
        QCOMPARE(rowsOf(c->db(), "candidates", 11), candidatesBefore);
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM candidates WHERE match_regions_json IS NOT NULL"),
                 std::int64_t(0));
        QCOMPARE(schemaObjects(c->db()), objectsBefore);
        auto audit = listAudit(c->db());
        RS_REQUIRE(audit);
        QCOMPARE(audit->size(), auditBefore + std::size_t(kSchemaVersion - 4));
        const auto& toV5 = (*audit)[auditBefore];
        QCOMPARE(toV5.action, std::string("schema.migrated"));
        QVERIFY(contains(toV5.detailsJson, "\"from\":4") && contains(toV5.detailsJson, "\"to\":5"));
        auto old = getCandidate(c->db(), 1);
        RS_REQUIRE(old);
        QVERIFY(!old->matchRegions);

        // New candidates carry their regions through the store.
        Candidate fresh = *old;
        fresh.id = 0;
        fresh.matchRegions = MatchRegions{{{10, 20, 30, 40}, 64, 64}, {{0, 5, 100, 90}, 120, 100}};
        auto ids = insertCandidates(c->db(), {fresh});
        RS_REQUIRE(ids);
        auto back = getCandidate(c->db(), ids->front());
        RS_REQUIRE(back);
        QVERIFY(back->matchRegions);
        QCOMPARE(back->matchRegions->generation.box.y, 20);
        QCOMPARE(back->matchRegions->other.box.width, 100);
        QCOMPARE(back->matchRegions->other.imageHeight, 100);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
        QCOMPARE(report->schemaVersion, kSchemaVersion);
    }

    // v6 rebuilds candidates with the status CHECK as an OR chain (the IN list cost SQLite a
    // temporary b-tree per inserted row). Same rows, ids, indexes; the same statuses allowed.
    void v5CaseMigratesToV6WithTheSameStatusCheck() {
        QTemporaryDir dir;
        const auto path = makeCaseAt(dir, 5);
        std::vector<std::string> candidatesBefore, reviewsBefore, objectsBefore;
        std::size_t auditBefore = 0;
        {
            auto old = CaseFile::open(path, OpenMode::ReadOnly);
            RS_REQUIRE(old);
            QCOMPARE(old->schemaVersion(), 5);
            candidatesBefore = rowsOf(old->db(), "candidates", 12);
            reviewsBefore = rowsOf(old->db(), "reviews", 6);
            objectsBefore = schemaObjects(old->db());
            auditBefore = listAudit(old->db())->size();
        }
        QVERIFY(!candidatesBefore.empty() && !reviewsBefore.empty());

        auto c = CaseFile::open(path, OpenMode::ReadWrite, "migrator");
        RS_REQUIRE(c);
        QCOMPARE(c->schemaVersion(), kSchemaVersion);
        QCOMPARE(rowsOf(c->db(), "candidates", 12), candidatesBefore);
        QCOMPARE(rowsOf(c->db(), "reviews", 6), reviewsBefore);
        QCOMPARE(schemaObjects(c->db()), objectsBefore);  // indexes and the audit_log triggers
        QCOMPARE(scalar(c->db(), "PRAGMA foreign_keys"), std::int64_t(1));
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM pragma_foreign_key_check"), std::int64_t(0));
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v6'"), std::int64_t(0));
        QCOMPARE(
            scalar(c->db(), "SELECT count(*) FROM sqlite_master WHERE name = 'candidates' AND sql LIKE '%status IN%'"),
            std::int64_t(0));
        auto audit = listAudit(c->db());
        RS_REQUIRE(audit);
        QCOMPARE(audit->size(), auditBefore + std::size_t(kSchemaVersion - 5));
        const auto& toV6 = (*audit)[auditBefore];
        QCOMPARE(toV6.action, std::string("schema.migrated"));
        QVERIFY(contains(toV6.detailsJson, "\"from\":5") && contains(toV6.detailsJson, "\"to\":6"));

        // Every status of the application is accepted, anything else refused, as before.
        for (const char* status : {"pending", "confirmed", "rejected", "unsure", "partial"}) {
            auto st = c->db().prepare("UPDATE candidates SET status = ? WHERE id = 1");
            st.bind(1, std::string(status));
            st.run();
            QCOMPARE(c->db().changes(), 1);
        }
        for (const char* sql :
             {"UPDATE candidates SET status = 'bogus' WHERE id = 1",
              "UPDATE candidates SET status = 'Pending' WHERE id = 1",
              "UPDATE candidates SET status = NULL WHERE id = 1",
              "UPDATE candidates SET reference_image_id = NULL, other_generation_id = NULL WHERE id = 1",
              "UPDATE candidates SET generation_id = 987654 WHERE id = 1"})
            QVERIFY2(sqlite3_exec(c->db().handle(), sql, nullptr, nullptr, nullptr) != SQLITE_OK, sql);
        RS_REQUIRE(recordReview(c->db(), 1, CandidateStatus::Confirmed, "R6", "after the rebuild"));
        auto one = getCandidate(c->db(), 1);
        RS_REQUIRE(one);
        QCOMPARE(one->status, CandidateStatus::Confirmed);
        Candidate fresh = *one;
        fresh.id = 0;
        auto ids = insertCandidates(c->db(), {fresh});
        RS_REQUIRE(ids);
        QCOMPARE(getCandidate(c->db(), ids->front())->status, CandidateStatus::Pending);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
        QCOMPARE(report->schemaVersion, kSchemaVersion);
    }

    // v7 adds runs.sampling_json ('' for the runs already there: their columns hold all they
    // used) and an empty prompt_distances table; every row, index and trigger is kept, the runs
    // still verify against their audit entries, and new runs store their sampling record.
    void v6CaseMigratesToV7WithEmptySamplingRecords() {
        QTemporaryDir dir;
        const auto path = makeCaseAt(dir, 6);
        std::vector<std::string> runsBefore, candidatesBefore, objectsBefore;
        std::size_t auditBefore = 0;
        {
            auto old = CaseFile::open(path, OpenMode::ReadOnly);
            RS_REQUIRE(old);
            QCOMPARE(old->schemaVersion(), 6);
            runsBefore = rowsOf(old->db(), "runs", 16);
            candidatesBefore = rowsOf(old->db(), "candidates", 12);
            objectsBefore = schemaObjects(old->db());
            auditBefore = listAudit(old->db())->size();
            auto report = verifyCase(*old);  // read-only at v6: no sampling_json column yet
            RS_REQUIRE(report);
            QVERIFY2(report->ok(), describe(*report).c_str());
        }
        QVERIFY(!runsBefore.empty());

        auto c = CaseFile::open(path, OpenMode::ReadWrite, "migrator");
        RS_REQUIRE(c);
        QCOMPARE(c->schemaVersion(), kSchemaVersion);
        QCOMPARE(rowsOf(c->db(), "runs", 16), runsBefore);
        QCOMPARE(rowsOf(c->db(), "candidates", 12), candidatesBefore);
        QCOMPARE(schemaObjects(c->db()), objectsBefore);
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM runs WHERE sampling_json <> ''"), std::int64_t(0));
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM prompt_distances"), std::int64_t(0));
        auto audit = listAudit(c->db());
        RS_REQUIRE(audit);
        QCOMPARE(audit->size(), auditBefore + std::size_t(kSchemaVersion - 6));
        const auto& toV7 = (*audit)[auditBefore];
        QVERIFY(contains(toV7.detailsJson, "\"from\":6") && contains(toV7.detailsJson, "\"to\":7"));

        auto runs = listRuns(c->db());
        RS_REQUIRE(runs);
        RunRecord fresh = runs->front();
        fresh.samplingJson = R"({"ddim_eta":0.25})";
        auto id = startRun(c->db(), fresh);
        RS_REQUIRE(id);
        QCOMPARE(getRun(c->db(), *id)->samplingJson, fresh.samplingJson);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
        QCOMPARE(report->schemaVersion, kSchemaVersion);
    }

    void freshCaseAppliesEveryMigrationSilently() {
        QTemporaryDir dir;
        auto c = CaseFile::create(dir.filePath("fresh").toStdString(), sampleDetails());
        RS_REQUIRE(c);
        QCOMPARE(scalar(c->db(), "PRAGMA user_version"), std::int64_t(kSchemaVersion));
        QCOMPARE(scalar(c->db(), "PRAGMA application_id"), std::int64_t(kApplicationId));
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM audit_log"), std::int64_t(1));
        QVERIFY(hasIndex(c->db(), "candidates_queue_by_prompt"));
    }
};

RS_REGISTER_TEST(TestMigrations)
#include "tst_migrations.moc"
