// The audit log is append-only and hash-chained; verifyCase (and `replicascope-cli case verify`)
// catches rows edited behind the app's back and image files altered or removed on disk.
#include "store_test_util.h"
#include "test_registry.h"

#include <QProcess>
#include <QTemporaryDir>

#include <fstream>

using namespace rs::store;
using namespace rs::store::test;
using Kind = VerifyProblem::Kind;

Q_DECLARE_METATYPE(VerifyProblem::Kind)

namespace {

struct CliResult {
    int exitCode = -1;
    QString output;
};

CliResult runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(RS_BINARY_DIR "/app/replicascope-cli"), args);
    if (!p.waitForFinished(60000)) return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

}  // namespace

class TestAuditVerify : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_cases = 0;

    // A populated, closed case; returns its path.
    std::string makeCase(SampleIds* idsOut = nullptr) {
        const std::string path = m_dir.filePath(QString("case%1.rscase").arg(++m_cases)).toStdString();
        auto c = CaseFile::create(path, sampleDetails(), "tester");
        if (!c) return {};
        SampleIds ids;
        if (!populate(*c, ids)) return {};
        if (idsOut) *idsOut = ids;
        return path;
    }

private slots:
    void cleanCaseVerifies() {
        const std::string path = makeCase();
        QVERIFY(!path.empty());
        auto c = CaseFile::open(path, OpenMode::ReadOnly);
        RS_REQUIRE(c);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
        QCOMPARE(report->auditRows, std::int64_t(10));
        QCOMPARE(report->imagesChecked, std::int64_t(12));
        QVERIFY(report->notes.empty());
        auto head = auditHeadHash(c->db());
        RS_REQUIRE(head);
        QCOMPARE(report->auditHeadHash, *head);
        const CliResult cli = runCli({"case", "verify", QString::fromStdString(path)});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY2(cli.output.startsWith("OK:"), qPrintable(cli.output));
        QVERIFY(cli.output.contains(QString::fromStdString(*head)));
    }

    void chainLinksEveryRow() {
        const std::string path = makeCase();
        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        auto before = auditHeadHash(c->db());
        RS_REQUIRE(before);
        auto exported = recordExport(c->db(), "html", "/reports/r.html", sha256Hex("report"), 3);
        RS_REQUIRE(exported);
        QCOMPARE(exported->prevHash, *before);
        QCOMPARE(exported->hash, auditRowHash(*exported));
        auto after = auditHeadHash(c->db());
        RS_REQUIRE(after);
        QCOMPARE(*after, exported->hash);
        auto rows = listAudit(c->db());
        RS_REQUIRE(rows);
        std::string prev = kAuditGenesisHash;
        for (std::size_t i = 0; i < rows->size(); ++i) {
            QCOMPARE((*rows)[i].id, std::int64_t(i + 1));
            QCOMPARE((*rows)[i].prevHash, prev);
            QCOMPARE((*rows)[i].hash, sha256Hex(prev + auditRowText((*rows)[i])));
            prev = (*rows)[i].hash;
        }
        auto bad = appendAudit(c->db(), "export", "{not json");
        QVERIFY(!bad.ok());
        QVERIFY2(contains(bad.message(), "JSON"), bad.message().c_str());
    }

    void triggersRejectUpdateAndDelete_data() {
        QTest::addColumn<QString>("sql");
        QTest::newRow("update") << "UPDATE audit_log SET actor = 'mallory' WHERE id = 1";
        QTest::newRow("delete") << "DELETE FROM audit_log WHERE id = 1";
        QTest::newRow("delete all") << "DELETE FROM audit_log";
    }
    void triggersRejectUpdateAndDelete() {
        QFETCH(QString, sql);
        const std::string path = makeCase();
        const std::string error = rawExec(path, sql.toStdString());
        QVERIFY2(contains(error, "append-only"), error.c_str());
        // Through the store's own connection as well.
        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        bool threw = false;
        try {
            c->db().exec(sql.toStdString());
        } catch (const StoreError& e) {
            threw = contains(e.what(), "append-only");
        }
        QVERIFY(threw);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
    }

    void editsBehindTheAppsBackAreCaught_data() {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<VerifyProblem::Kind>("kind");
        QTest::addColumn<QString>("table");
        const QString dropUpdate = "DROP TRIGGER audit_log_no_update; ";
        const QString dropDelete = "DROP TRIGGER audit_log_no_delete; ";
        QTest::newRow("audit details edited") << dropUpdate +
                                                     "UPDATE audit_log SET details_json = replace(details_json, 'clear "
                                                     "copy', 'no copy') WHERE action = 'review.recorded'"
                                              << Kind::AuditRowAltered << "audit_log";
        QTest::newRow("audit time edited")
            << dropUpdate + "UPDATE audit_log SET time_utc = '2020-01-01T00:00:00.000Z' WHERE id = 4"
            << Kind::AuditRowAltered << "audit_log";
        QTest::newRow("audit triggers dropped") << dropUpdate + dropDelete << Kind::AuditUnprotected << "audit_log";
        QTest::newRow("audit row deleted")
            << dropDelete + "DELETE FROM audit_log WHERE id = 3" << Kind::AuditChainBroken << "audit_log";
        QTest::newRow("audit tail deleted")
            << dropDelete + "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)" << Kind::AuditRowsMissing
            << "audit_log";
        QTest::newRow("case title edited")
            << "UPDATE case_details SET title = 'something else'" << Kind::RecordMismatch << "case_details";
        QTest::newRow("model hashes edited")
            << "UPDATE models SET file_sha256_json = '{}'" << Kind::RecordMismatch << "models";
        QTest::newRow("run guidance edited") << "UPDATE runs SET guidance = 1.0" << Kind::RecordMismatch << "runs";
        QTest::newRow("run reopened") << "UPDATE runs SET status = 'running'" << Kind::RecordMismatch << "runs";
        QTest::newRow("generation image swapped")
            << "UPDATE generations SET image_sha256 = (SELECT image_sha256 FROM generations WHERE id = 2) WHERE id = 1"
            << Kind::RecordMismatch << "generations";
        QTest::newRow("generation added") << "INSERT INTO generations (run_id, prompt_id, seed, idx, image_sha256) "
                                             "SELECT run_id, prompt_id, 99999, 0, image_sha256"
                                             " FROM generations WHERE id = 1"
                                          << Kind::RecordMismatch << "generations";
        QTest::newRow("generation deleted")
            << "DELETE FROM candidates WHERE generation_id = 5 OR other_generation_id = 5;"
               " DELETE FROM generations WHERE id = 5"
            << Kind::RecordMismatch << "generations";
        QTest::newRow("review note edited")
            << "UPDATE reviews SET note = 'not a copy'" << Kind::RecordMismatch << "reviews";
        QTest::newRow("review deleted") << "DELETE FROM reviews" << Kind::RecordMismatch << "reviews";
        QTest::newRow("review inserted") << "INSERT INTO reviews (candidate_id, decision, reviewer, note, time_utc) "
                                            "VALUES (2, 'rejected', 'x', '', 'now');"
                                            " UPDATE candidates SET status = 'rejected' WHERE id = 2"
                                         << Kind::RecordMismatch << "reviews";
        QTest::newRow("candidate status edited")
            << "UPDATE candidates SET status = 'rejected' WHERE id = 3" << Kind::RecordMismatch << "candidates";
        QTest::newRow("candidate prompt edited")
            << "UPDATE candidates SET prompt_id = (SELECT max(id) FROM prompts) WHERE id = 2" << Kind::RecordMismatch
            << "candidates";
        QTest::newRow("stored file unregistered")
            << "DELETE FROM stored_files WHERE sha256 = (SELECT image_sha256 FROM generations WHERE id = 1)"
            << Kind::ImageMissing << "generations";
    }
    void editsBehindTheAppsBackAreCaught() {
        QFETCH(QString, sql);
        QFETCH(VerifyProblem::Kind, kind);
        QFETCH(QString, table);
        const std::string path = makeCase();
        QVERIFY(!path.empty());
        const std::string error = rawExec(path, "PRAGMA foreign_keys = ON; " + sql.toStdString());
        QVERIFY2(error.empty(), error.c_str());
        auto c = CaseFile::open(path, OpenMode::ReadOnly);
        RS_REQUIRE(c);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(!report->ok(), "verify missed the edit");
        QVERIFY2(hasProblem(*report, kind, table.toStdString()), describe(*report).c_str());
        for (const auto& p : report->problems) QVERIFY(!p.message.empty());
        const CliResult cli = runCli({"case", "verify", QString::fromStdString(path)});
        QCOMPARE(cli.exitCode, 1);
        QVERIFY2(cli.output.contains("PROBLEM [" + QString(toString(kind)) + "]"), qPrintable(cli.output));
        const CliResult json = runCli({"case", "verify", QString::fromStdString(path), "--json"});
        QCOMPARE(json.exitCode, 1);
        QVERIFY(json.output.contains("\"ok\": false"));
    }

    // The readers show a candidate with unreadable boxes without them; verify reports the value.
    void malformedMatchRegionsAreCaught_data() {
        QTest::addColumn<QString>("value");
        QTest::newRow("not JSON") << "'boxes!'";
        QTest::newRow("empty text") << "''";
        QTest::newRow("JSON null") << "'null'";
        QTest::newRow("a number, not text") << "42";
        QTest::newRow("no other side") << "'{\"generation\":{\"box\":[1,1,10,10],\"image\":[20,20]}}'";
        QTest::newRow("box of three") << "'{\"generation\":{\"box\":[1,1,10],\"image\":[20,20]},"
                                         "\"other\":{\"box\":[1,1,10,10],\"image\":[20,20]}}'";
        QTest::newRow("box outside its image") << "'{\"generation\":{\"box\":[0,0,9,9],\"image\":[4,4]},"
                                                  "\"other\":{\"box\":[0,0,1,1],\"image\":[4,4]}}'";
    }
    void malformedMatchRegionsAreCaught() {
        QFETCH(QString, value);
        SampleIds ids;
        const std::string path = makeCase(&ids);
        QVERIFY(!path.empty());
        const std::int64_t id = ids.candidateIds[2];
        const std::string error = rawExec(path, "UPDATE candidates SET match_regions_json = " + value.toStdString() +
                                                    " WHERE id = " + std::to_string(id));
        QVERIFY2(error.empty(), error.c_str());
        auto c = CaseFile::open(path, OpenMode::ReadOnly);
        RS_REQUIRE(c);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QCOMPARE(report->problems.size(), std::size_t(1));
        const VerifyProblem& p = report->problems.front();
        QCOMPARE(p.kind, Kind::RecordMalformed);
        QCOMPARE(p.table, std::string("candidates"));
        QCOMPARE(p.rowId, id);
        QVERIFY2(
            contains(p.message, "candidate " + std::to_string(id) + " ") && contains(p.message, "match_regions_json"),
            p.message.c_str());
        auto shown = getCandidate(c->db(), id);  // still readable, without boxes
        RS_REQUIRE(shown);
        QVERIFY(!shown->matchRegions);
        const CliResult cli = runCli({"case", "verify", QString::fromStdString(path)});
        QCOMPARE(cli.exitCode, 1);
        QVERIFY2(cli.output.contains("PROBLEM [record_malformed] candidate " + QString::number(id) + " "),
                 qPrintable(cli.output));
        const CliResult json = runCli({"case", "verify", QString::fromStdString(path), "--json"});
        QCOMPARE(json.exitCode, 1);
        QVERIFY2(json.output.contains("\"kind\": \"record_malformed\""), qPrintable(json.output));
    }

    void readableMatchRegionsVerify_data() {
        QTest::addColumn<QString>("value");
        QTest::newRow("NULL") << "NULL";
        QTest::newRow("valid, written behind the app's back")
            << "'{\"generation\":{\"box\":[1,2,10,12],\"image\":[20,20]},\"other\":{\"box\":[0,0,20,20],\"image\":[20,"
               "20]}}'";
        QTest::newRow("valid, with spaces") << "' { \"other\": {\"image\": [8, 6], \"box\": [0, 0, 8, 6]},"
                                               " \"generation\": {\"box\": [7, 5, 1, 1], \"image\": [8, 6]} } '";
    }
    void readableMatchRegionsVerify() {
        QFETCH(QString, value);
        SampleIds ids;
        const std::string path = makeCase(&ids);
        QVERIFY(!path.empty());
        // One candidate written with boxes through the store, as a scan does.
        {
            auto c = CaseFile::open(path);
            RS_REQUIRE(c);
            Candidate k;
            k.generationId = ids.generationIds[1];
            k.referenceImageId = ids.referenceIds[0];
            k.metric = "sscd";
            k.score = 0.5;
            k.matchRegions = MatchRegions{{{2, 3, 30, 20}, 64, 64}, {{0, 0, 64, 32}, 128, 64}};
            RS_REQUIRE(insertCandidates(c->db(), {k}));
        }
        const std::string error = rawExec(path, "UPDATE candidates SET match_regions_json = " + value.toStdString() +
                                                    " WHERE id = " + std::to_string(ids.candidateIds[2]));
        QVERIFY2(error.empty(), error.c_str());
        auto c = CaseFile::open(path, OpenMode::ReadOnly);
        RS_REQUIRE(c);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
        const CliResult cli = runCli({"case", "verify", QString::fromStdString(path)});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY2(cli.output.startsWith("OK:"), qPrintable(cli.output));
    }

    void imageChangesOnDiskAreCaught_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<VerifyProblem::Kind>("kind");
        QTest::newRow("one byte flipped") << "flip" << Kind::ImageAltered;
        QTest::newRow("replaced by other bytes, same size") << "replace" << Kind::ImageAltered;
        QTest::newRow("emptied") << "empty" << Kind::ImageAltered;
        QTest::newRow("deleted") << "delete" << Kind::ImageMissing;
        QTest::newRow("renamed") << "rename" << Kind::ImageMissing;
    }
    void imageChangesOnDiskAreCaught() {
        QFETCH(QString, change);
        QFETCH(VerifyProblem::Kind, kind);
        SampleIds ids;
        const std::string path = makeCase(&ids);
        std::filesystem::path file;
        {
            auto c = CaseFile::open(path);
            RS_REQUIRE(c);
            auto g = getGeneration(c->db(), ids.generationIds[3]);
            RS_REQUIRE(g);
            auto p = c->images().pathOf(g->imageSha256);
            RS_REQUIRE(p);
            file = *p;
        }
        std::filesystem::permissions(file, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
        std::string bytes = *rs::readFileLimited(file, 1 << 20);
        if (change == "flip") {
            bytes[bytes.size() / 2] ^= 0x01;
            std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
        } else if (change == "replace") {
            std::ofstream(file, std::ios::binary | std::ios::trunc) << std::string(bytes.size(), 'z');
        } else if (change == "empty") {
            std::ofstream(file, std::ios::binary | std::ios::trunc).flush();
        } else if (change == "delete") {
            std::filesystem::remove(file);
        } else {
            std::filesystem::rename(file, file.string() + ".bak");
        }
        auto c = CaseFile::open(path, OpenMode::ReadOnly);
        RS_REQUIRE(c);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(hasProblem(*report, kind, "stored_files"), describe(*report).c_str());
        QCOMPARE(report->problems.size(), std::size_t(1));
        QCOMPARE(report->problems.front().file, file.string());
        QVERIFY2(contains(report->problems.front().message, file.string()), report->problems.front().message.c_str());
        if (change == "rename") QCOMPARE(report->notes.size(), std::size_t(1));  // the stray .bak file
        const CliResult cli = runCli({"case", "verify", QString::fromStdString(path)});
        QCOMPARE(cli.exitCode, 1);
        QVERIFY(cli.output.contains(QString::fromStdString(file.string())));
        // Reading the image through the store refuses the altered bytes too.
        if (kind == Kind::ImageAltered) {
            auto c2 = CaseFile::open(path, OpenMode::ReadOnly);
            RS_REQUIRE(c2);
            auto g = getGeneration(c2->db(), ids.generationIds[3]);
            RS_REQUIRE(g);
            auto read = c2->images().read(g->imageSha256);
            QVERIFY(!read.ok());
            QVERIFY2(contains(read.message(), "altered"), read.message().c_str());
        }
    }

    void imageStoreIsContentAddressed() {
        QTemporaryDir dir;
        auto c = CaseFile::create(dir.filePath("img").toStdString(), sampleDetails());
        RS_REQUIRE(c);
        const std::string png = fakePng(5);
        auto first = c->images().put(png);
        RS_REQUIRE(first);
        QVERIFY(!first->alreadyStored);
        QCOMPARE(first->sha256, sha256Hex(png));
        QCOMPARE(first->extension, std::string("png"));
        QCOMPARE(first->path, c->paths().imagesDir / first->sha256.substr(0, 2) / (first->sha256 + ".png"));
        QCOMPARE(*rs::readFileLimited(first->path, 1 << 20), png);
        const auto mtime = std::filesystem::last_write_time(first->path);
        auto second = c->images().put(png);
        RS_REQUIRE(second);
        QVERIFY(second->alreadyStored);
        QCOMPARE(std::filesystem::last_write_time(first->path), mtime);  // not rewritten
        auto jpeg = c->images().put(std::string("\xff\xd8\xff\xe0 jpeg bytes"));
        RS_REQUIRE(jpeg);
        QCOMPARE(jpeg->extension, std::string("jpg"));
        auto read = c->images().read(first->sha256);
        RS_REQUIRE(read);
        QCOMPARE(*read, png);
        QVERIFY(!c->images().pathOf(sha256Hex("never stored")).ok());
        std::size_t files = 0;
        for (const auto& e : std::filesystem::recursive_directory_iterator(c->paths().imagesDir))
            if (e.is_regular_file()) ++files;
        QCOMPARE(files, std::size_t(2));
        auto count = c->db().prepare("SELECT count(*) FROM stored_files");
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), std::int64_t(2));
    }
};

RS_REGISTER_TEST(TestAuditVerify)
#include "tst_audit_verify.moc"
