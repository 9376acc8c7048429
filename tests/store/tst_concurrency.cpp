// Separate connections on separate threads (WAL: readers never see a partial batch and are not
// blocked), and a writer killed with SIGKILL mid-batch.
#include "store_test_util.h"
#include "test_registry.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>

#include <atomic>
#include <mutex>
#include <thread>

using namespace rs::store;
using namespace rs::store::test;

namespace {

std::int64_t scalar(Connection& db, const std::string& sql) {
    auto st = db.prepare(sql);
    return st.step() ? st.int64(0) : -1;
}

}  // namespace

class TestConcurrency : public QObject {
    Q_OBJECT
private slots:
    void readerSeesWholeBatchesWhileWriterWrites() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rw").toStdString();
        SampleIds ids;
        {
            auto c = CaseFile::create(path, sampleDetails());
            RS_REQUIRE(c);
            QVERIFY(populate(*c, ids));
        }
        constexpr int kBatches = 40, kBatchRows = 500;
        std::atomic<bool> writerDone{false};
        std::string writerError, readerError;
        std::int64_t reads = 0, distinctCounts = 0;
        const std::int64_t base = 12;  // populate's generations

        std::thread writer([&] {
            auto c = CaseFile::open(path);  // its own connection, on its own thread
            if (!c) {
                writerError = c.message();
                writerDone = true;
                return;
            }
            RunRecord run{0,  ids.modelId,        "ddim", 50, 7.5, 512, 512, "", {}, "cpu", "float32", "", "",
                          {}, RunStatus::Running, {}};
            auto runId = startRun(c->db(), run);
            for (int b = 0; runId && b < kBatches && writerError.empty(); ++b) {
                std::vector<Generation> gens;
                for (int i = 0; i < kBatchRows; ++i)
                    gens.push_back(
                        {0, *runId, ids.promptIds[0], b * kBatchRows + i, i, hexOf(b * kBatchRows + i), std::nullopt});
                auto inserted = insertGenerations(c->db(), gens);
                if (!inserted) writerError = inserted.message();
            }
            if (!runId) writerError = runId.message();
            writerDone = true;
        });
        std::thread reader([&] {
            auto c = CaseFile::open(path, OpenMode::ReadOnly);
            if (!c) {
                readerError = c.message();
                return;
            }
            std::int64_t last = base;
            while (readerError.empty()) {
                const bool finalRead = writerDone;
                const std::int64_t n = scalar(c->db(), "SELECT count(*) FROM generations");
                ++reads;
                if ((n - base) % kBatchRows != 0) readerError = "saw a partial batch: " + std::to_string(n) + " rows";
                if (n < last) readerError = "row count went backwards";
                if (n != last) ++distinctCounts;
                last = n;
                if (finalRead) break;
            }
        });
        writer.join();
        reader.join();
        QVERIFY2(writerError.empty(), writerError.c_str());
        QVERIFY2(readerError.empty(), readerError.c_str());
        qInfo("reader made %lld reads and saw %lld different counts", static_cast<long long>(reads),
              static_cast<long long>(distinctCounts));
        QVERIFY(distinctCounts >= 2);  // it really read while the writer wrote
        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM generations"), base + kBatches * kBatchRows);
    }

    void concurrentWritersKeepTheAuditChain() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("w2").toStdString();
        RS_REQUIRE(CaseFile::create(path, sampleDetails()));
        std::string errors;
        std::mutex mutex;
        auto work = [&](int who) {
            auto c = CaseFile::open(path, OpenMode::ReadWrite, "writer" + std::to_string(who));
            if (!c) {
                std::lock_guard<std::mutex> lock(mutex);
                errors += c.message() + "\n";
                return;
            }
            for (int i = 0; i < 50; ++i) {
                auto added = addPrompts(c->db(), {{0, "w" + std::to_string(who) + " p" + std::to_string(i), "", ""}});
                if (!added) {
                    std::lock_guard<std::mutex> lock(mutex);
                    errors += added.message() + "\n";
                }
            }
        };
        std::thread a(work, 1), b(work, 2);
        a.join();
        b.join();
        QVERIFY2(errors.empty(), errors.c_str());
        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        QVERIFY2(report->ok(), describe(*report).c_str());
        QCOMPARE(report->auditRows, std::int64_t(101));
    }

    void sigkillMidBatchLeavesNoPartialBatch() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("crash.rscase").toStdString();
        SampleIds ids;
        std::int64_t runId = 0;
        {
            auto c = CaseFile::create(path, sampleDetails());
            RS_REQUIRE(c);
            QVERIFY(populate(*c, ids));
            auto run = startRun(c->db(), RunRecord{0,
                                                   ids.modelId,
                                                   "ddim",
                                                   50,
                                                   7.5,
                                                   512,
                                                   512,
                                                   "",
                                                   {},
                                                   "cpu",
                                                   "float32",
                                                   "",
                                                   "",
                                                   {},
                                                   RunStatus::Running,
                                                   {}});
            RS_REQUIRE(run);
            runId = *run;
        }
        constexpr int kCommitted = 3000;
        QProcess writer;
        writer.setProgram(QCoreApplication::applicationDirPath() + "/store_crash_writer");
        writer.setArguments({QString::fromStdString(path), QString::number(runId), QString::number(ids.promptIds[1]),
                             QString::number(kCommitted), QString::number(600000)});
        writer.start();
        QVERIFY2(writer.waitForStarted(10000), qPrintable(writer.errorString()));
        QByteArray out;
        while (!out.contains("in-batch") && !out.contains("batch-finished") && writer.state() != QProcess::NotRunning) {
            writer.waitForReadyRead(100);
            out += writer.readAllStandardOutput();
        }
        writer.kill();  // SIGKILL
        writer.waitForFinished(10000);
        out += writer.readAllStandardOutput();
        QVERIFY2(out.contains("committed 3000") && out.contains("in-batch"),
                 (out + writer.readAllStandardError()).constData());
        QVERIFY2(!out.contains("batch-finished"), "the writer finished its batch before it was killed");
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        QVERIFY2(std::filesystem::file_size(path + "-wal") > (1u << 20),
                 "the uncommitted batch never reached the -wal file");

        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        auto check = c->db().prepare("PRAGMA integrity_check");
        QVERIFY(check.step());
        QCOMPARE(check.text(0), std::string("ok"));
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM generations WHERE run_id = " + std::to_string(runId)),
                 std::int64_t(kCommitted));
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM generations"), std::int64_t(kCommitted + 12));
        auto report = verifyCase(*c);
        RS_REQUIRE(report);
        // The helper's generations point at images it never stored (to keep it fast); that is
        // the only thing verify may report (one problem per generation, capped, plus a summary).
        for (const auto& p : report->problems)
            QVERIFY2(p.kind == VerifyProblem::Kind::ImageMissing, describe(*report).c_str());
        // The interrupted run can be resumed: the committed rows are recognised, the rest is added.
        std::vector<Generation> resume;
        for (int i = 0; i < kCommitted + 100; ++i)
            resume.push_back({0, runId, ids.promptIds[1], i, i, sha256Hex("crash image " + std::to_string(i)), 0.5});
        auto resumed = insertGenerations(c->db(), resume);
        RS_REQUIRE(resumed);
        QCOMPARE(scalar(c->db(), "SELECT count(*) FROM generations WHERE run_id = " + std::to_string(runId)),
                 std::int64_t(kCommitted + 100));
    }
};

RS_REGISTER_TEST(TestConcurrency)
#include "tst_concurrency.moc"
