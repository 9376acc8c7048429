// Creating and opening cases, and every way opening or writing can fail: each failure is a
// clear error naming the file, and nothing already stored is lost.
#include "rs_version.h"
#include "store/schema.h"
#include "store_test_util.h"
#include "test_registry.h"

#include <QTemporaryDir>

#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

using namespace rs::store;
using namespace rs::store::test;

namespace {

// Runs `body` in a forked child as user/group 65534 ("nobody") when we are root, so folder
// permissions really apply; returns what the child wrote. Without root it runs in-process.
std::string runAsNobody(const std::function<std::string()>& body) {
    if (::geteuid() != 0) return body();
    int fds[2];
    if (::pipe(fds) != 0) return "pipe failed";
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        std::string out;
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
            out = "CHILD: cannot drop privileges";
        else
            out = body();
        ssize_t ignored = ::write(fds[1], out.data(), out.size());
        (void)ignored;
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return out;
}

std::int64_t countOf(Connection& db, const std::string& table) {
    auto counts = tableCounts(db);
    if (!counts) return -1;
    for (const auto& [name, n] : *counts)
        if (name == table) return n;
    return -1;
}

}  // namespace

class TestCaseFile : public QObject {
    Q_OBJECT
private slots:
    void createThenOpenKeepsDetails() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a").toStdString();  // extension appended
        {
            auto c = CaseFile::create(path, sampleDetails(), "tester");
            RS_REQUIRE(c);
            QCOMPARE(c->paths().database.string(), path + ".rscase");
            QCOMPARE(c->paths().imagesDir.string(), path + ".rscase-images");
            QCOMPARE(c->schemaVersion(), kSchemaVersion);
        }
        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        auto d = getCaseDetails(c->db());
        RS_REQUIRE(d);
        QCOMPARE(d->caseNumber, sampleDetails().caseNumber);
        QCOMPARE(d->examiner, sampleDetails().examiner);
        QVERIFY(d->createdUtc.size() == 24 && d->createdUtc.back() == 'Z');
        auto audit = listAudit(c->db());
        RS_REQUIRE(audit);
        QCOMPARE(audit->size(), std::size_t(1));
        QCOMPARE(audit->front().action, std::string("case.created"));
        QCOMPARE(audit->front().actor, std::string("tester"));
        QCOMPARE(audit->front().prevHash, kAuditGenesisHash);
        // WAL, foreign keys on.
        auto mode = c->db().prepare("PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(mode.text(0), std::string("wal"));
        auto fk = c->db().prepare("PRAGMA foreign_keys");
        QVERIFY(fk.step());
        QCOMPARE(fk.int64(0), std::int64_t(1));
        auto pageSize = c->db().prepare("PRAGMA page_size");
        QVERIFY(pageSize.step());
        QCOMPARE(pageSize.int64(0), std::int64_t(kCasePageSize));
    }

    void createRefusesExistingAndIncomplete_data() {
        QTest::addColumn<QString>("what");
        QTest::newRow("existing case") << "existing";
        QTest::newRow("no case number") << "number";
        QTest::newRow("no examiner") << "examiner";
        QTest::newRow("missing folder") << "folder";
    }
    void createRefusesExistingAndIncomplete() {
        QFETCH(QString, what);
        QTemporaryDir dir;
        std::string path = dir.filePath("c.rscase").toStdString();
        CaseDetails d = sampleDetails();
        std::string expect;
        if (what == "existing") {
            RS_REQUIRE(CaseFile::create(path, d));
            expect = "already exists";
        } else if (what == "number") {
            d.caseNumber.clear();
            expect = "case number";
        } else if (what == "examiner") {
            d.examiner.clear();
            expect = "examiner";
        } else {
            path = dir.filePath("nowhere/c.rscase").toStdString();
            expect = "does not exist";
        }
        const std::string before = fileSha(path);
        auto c = CaseFile::create(path, d);
        QVERIFY(!c.ok());
        QVERIFY2(contains(c.message(), expect), c.message().c_str());
        QCOMPARE(fileSha(path), before);
        // No temporary leftovers.
        for (const auto& e : std::filesystem::directory_iterator(dir.path().toStdString()))
            QVERIFY2(!contains(e.path().filename().string(), "creating"), e.path().c_str());
    }

    void badFilesAreRefusedUntouched_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not SQLite") << "text"
                                    << "not an SQLite database";
        QTest::newRow("empty") << "empty"
                               << "is empty";
        QTest::newRow("truncated") << "truncated"
                                   << "truncated";
        QTest::newRow("foreign SQLite") << "foreign"
                                        << "not a ReplicaScope case";
        QTest::newRow("newer schema") << "newer"
                                      << QString("has schema version %1; this ReplicaScope (%2) understands up to %3")
                                             .arg(kSchemaVersion + 1)
                                             .arg(rs::kVersion)
                                             .arg(kSchemaVersion);
        QTest::newRow("missing") << "missing"
                                 << "does not exist";
    }
    void badFilesAreRefusedUntouched() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath("bad.rscase").toStdString();
        if (kind == "text") {
            std::ofstream(path) << "name,caption\nimage.png,a cat\n";
        } else if (kind == "empty") {
            std::ofstream{path};
        } else if (kind == "truncated" || kind == "newer") {
            {
                auto c = CaseFile::create(path, sampleDetails());
                RS_REQUIRE(c);
                SampleIds ids;
                QVERIFY(populate(*c, ids));
            }
            if (kind == "truncated")
                std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
            else
                QCOMPARE(rawExec(path, "PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)), std::string());
        } else if (kind == "foreign") {
            QCOMPARE(
                rawExec(path,
                        "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos VALUES (1, 'x')"),
                std::string());
        }
        const std::string before = fileSha(path);
        for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
            auto c = CaseFile::open(path, mode);
            QVERIFY(!c.ok());
            QVERIFY2(contains(c.message(), expected.toStdString()), c.message().c_str());
            QVERIFY2(contains(c.message(), path.string()), c.message().c_str());
        }
        QCOMPARE(fileSha(path), before);
        if (kind == "newer") {
            // The refused case is intact: back at a version we understand, everything is there.
            QCOMPARE(rawExec(path, "PRAGMA user_version = " + std::to_string(kSchemaVersion)), std::string());
            auto c = CaseFile::open(path);
            RS_REQUIRE(c);
            QCOMPARE(countOf(c->db(), "generations"), std::int64_t(12));
            auto report = verifyCase(*c);
            RS_REQUIRE(report);
            QVERIFY2(report->ok(), describe(*report).c_str());
        }
    }

    void readOnlyFolderRefusesWritesAndStillReads() {
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        const std::filesystem::path path = folder / "ro.rscase";
        {
            auto c = CaseFile::create(path, sampleDetails());
            RS_REQUIRE(c);
            SampleIds ids;
            QVERIFY(populate(*c, ids));
        }
        const std::string before = fileSha(path);
        // Readable by everyone, writable by no one but the owner (root): for "nobody" the folder
        // and files are read-only. Without root, take write permission away instead.
        ::chmod(folder.c_str(), ::geteuid() == 0 ? 0755 : 0555);
        const std::string out = runAsNobody([&] {
            std::string result;
            auto rw = CaseFile::open(path, OpenMode::ReadWrite);
            result += rw ? "RW-OPENED\n" : "RW-ERROR " + rw.message() + "\n";
            auto created = CaseFile::create(folder / "new.rscase", sampleDetails());
            result += created ? "CREATED\n" : "CREATE-ERROR " + created.message() + "\n";
            auto ro = CaseFile::open(path, OpenMode::ReadOnly);
            if (!ro) return result + "RO-ERROR " + ro.message() + "\n";
            auto d = getCaseDetails(ro->db());
            result += d ? "RO-TITLE " + d->title + "\n" : "RO-READ-ERROR " + d.message() + "\n";
            auto stored = ro->images().put(fakePng(999));
            result += stored ? "STORED\n" : "STORE-ERROR " + stored.message() + "\n";
            auto report = verifyCase(*ro);
            result += report && report->ok() ? "VERIFY-OK\n" : "VERIFY-FAILED\n";
            return result;
        });
        ::chmod(folder.c_str(), 0755);
        QVERIFY2(!contains(out, "CHILD:"), out.c_str());
        QVERIFY2(contains(out, "RW-ERROR") && contains(out, "not writable") && contains(out, path.string()),
                 out.c_str());
        QVERIFY2(contains(out, "CREATE-ERROR") && contains(out, "not writable"), out.c_str());
        QVERIFY2(contains(out, "RO-TITLE " + sampleDetails().title), out.c_str());
        QVERIFY2(contains(out, "STORE-ERROR") && contains(out, "read-only"), out.c_str());
        QVERIFY2(contains(out, "VERIFY-OK"), out.c_str());
        QCOMPARE(fileSha(path), before);
        QVERIFY(!std::filesystem::exists(folder / "new.rscase"));
    }

    void fullDatabaseRollsBackTheBatch() {
        QTemporaryDir dir;
        auto c = CaseFile::create(dir.filePath("full").toStdString(), sampleDetails());
        RS_REQUIRE(c);
        SampleIds ids;
        QVERIFY(populate(*c, ids));
        Connection& db = c->db();
        auto run = startRun(db, RunRecord{0,
                                          ids.modelId,
                                          "ddim",
                                          50,
                                          7.5,
                                          512,
                                          512,
                                          "",
                                          {1},
                                          "cpu",
                                          "float32",
                                          "",
                                          "",
                                          {},
                                          RunStatus::Running,
                                          {}});
        RS_REQUIRE(run);
        const std::int64_t generationsBefore = countOf(db, "generations");
        const std::int64_t auditBefore = countOf(db, "audit_log");
        std::int64_t pages = 0;
        {
            auto st = db.prepare("PRAGMA page_count");
            QVERIFY(st.step());
            pages = st.int64(0);
        }
        db.exec("PRAGMA max_page_count = " + std::to_string(pages + 3));  // a nearly full "disk"
        std::vector<Generation> big;
        for (int i = 0; i < 20000; ++i) big.push_back({0, *run, ids.promptIds[0], i, i, hexOf(i), std::nullopt});
        auto inserted = insertGenerations(db, big);
        QVERIFY(!inserted.ok());
        QVERIFY2(contains(inserted.message(), "full") && contains(inserted.message(), c->paths().database.string()),
                 inserted.message().c_str());
        QCOMPARE(countOf(db, "generations"), generationsBefore);  // no partial batch
        QCOMPARE(countOf(db, "audit_log"), auditBefore);
        // The connection stays usable, and with room again the same batch goes in.
        db.exec("PRAGMA max_page_count = 1073741823");
        auto again = insertGenerations(db, big);
        RS_REQUIRE(again);
        QCOMPARE(countOf(db, "generations"), generationsBefore + 20000);
    }

    void fullDiskWhileStoringAnImageLeavesNothing() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("fsize.rscase").toStdString();
        {
            auto c = CaseFile::create(path, sampleDetails());
            RS_REQUIRE(c);
            RS_REQUIRE(c->images().put(fakePng(1)));
        }
        // A file size limit makes write() fail with EFBIG exactly as a full disk fails with ENOSPC.
        int fds[2];
        QVERIFY(::pipe(fds) == 0);
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            ::signal(SIGXFSZ, SIG_IGN);
            rlimit limit{64 * 1024, 64 * 1024};
            ::setrlimit(RLIMIT_FSIZE, &limit);
            std::string out;
            auto c = CaseFile::open(path);
            if (!c) {
                out = "OPEN-ERROR " + c.message();
            } else {
                std::string big = fakePng(2) + std::string(1 << 20, 'x');
                auto stored = c->images().put(big);
                out = stored ? "STORED" : "ERROR " + stored.message();
            }
            ssize_t ignored = ::write(fds[1], out.data(), out.size());
            (void)ignored;
            ::_exit(0);
        }
        ::close(fds[1]);
        std::string out;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
        ::close(fds[0]);
        ::waitpid(pid, nullptr, 0);
        QVERIFY2(contains(out, "ERROR ") && (contains(out, "cannot write") || contains(out, "cannot flush")),
                 out.c_str());
        QVERIFY2(contains(out, "fsize.rscase-images"), out.c_str());
        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        QCOMPARE(countOf(c->db(), "stored_files"), std::int64_t(1));
        std::size_t files = 0;
        for (const auto& e : std::filesystem::recursive_directory_iterator(c->paths().imagesDir))
            if (e.is_regular_file()) ++files;
        QCOMPARE(files, std::size_t(1));  // no temp file, no partial image
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok() && report->notes.empty(), describe(*report).c_str());
    }

    void connectionRefusesOtherThreads() {
        QTemporaryDir dir;
        auto c = CaseFile::create(dir.filePath("t").toStdString(), sampleDetails());
        RS_REQUIRE(c);
        std::string message;
        std::thread other([&] {
            auto d = getCaseDetails(c->db());
            message = d ? "no error" : d.message();
        });
        other.join();
        QVERIFY2(contains(message, "thread"), message.c_str());
        RS_REQUIRE(getCaseDetails(c->db()));  // still fine on its own thread
    }

    void hostileTextIsStoredVerbatim_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("sql injection") << QByteArray("x'); DROP TABLE audit_log; --");
        QTest::newRow("quotes and semicolons") << QByteArray("\"; DELETE FROM candidates WHERE 1=1; SELECT '");
        QTest::newRow("like wildcards") << QByteArray("100% _match_ \\ %");
        QTest::newRow("unicode and newlines") << QByteArray("l\xC3\xA9gal\n\t\xE2\x80\x94 \xF0\x9F\x96\xBC");
        QTest::newRow("embedded NUL") << QByteArray("before\0after", 12);
        QTest::newRow("named parameter lookalike") << QByteArray(":status ?1 @x $y");
    }
    void hostileTextIsStoredVerbatim() {
        QFETCH(QByteArray, text);
        const std::string s(text.constData(), static_cast<std::size_t>(text.size()));
        QTemporaryDir dir;
        const std::string path = dir.filePath("h").toStdString();
        {
            CaseDetails d = sampleDetails();
            d.notes = s;
            auto c = CaseFile::create(path, d);
            RS_REQUIRE(c);
            SampleIds ids;
            QVERIFY(populate(*c, ids));
            auto promptIds = addPrompts(c->db(), {{0, s, s, ""}});
            RS_REQUIRE(promptIds);
            RS_REQUIRE(recordReview(c->db(), ids.candidateIds[1], CandidateStatus::Rejected, s, s));
            RS_REQUIRE(createTag(c->db(), s, s));
        }
        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        auto d = getCaseDetails(c->db());
        RS_REQUIRE(d);
        QCOMPARE(d->notes, s);
        auto prompts = listPrompts(c->db());
        RS_REQUIRE(prompts);
        QCOMPARE(prompts->back().text, s);
        auto tags = listTags(c->db());
        RS_REQUIRE(tags);
        bool found = false;
        for (const auto& t : *tags) found = found || (t.name == s && t.description == s);
        QVERIFY(found);
        QCOMPARE(countOf(c->db(), "audit_log"), std::int64_t(13));  // nothing dropped, nothing extra
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
    }
};

RS_REGISTER_TEST(TestCaseFile)
#include "tst_case_file.moc"
