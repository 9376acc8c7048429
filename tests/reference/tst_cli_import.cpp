// replicascope-cli import end to end: the real executable (QProcess) imports a folder of real
// clip art into a case made by `case new`; exit codes, the rows in the store, a corrupt file
// reported by name and skipped, and a second run that imports nothing new.
#include "cli_runner.h"
#include "reference_test_util.h"

#include <QJsonArray>

using namespace rs::reference::test;

namespace {

using Run = rs::test::CliRun;

// The descriptor model a user may have configured is not used here (built-in descriptor).
Run runCli(const QStringList& args) { return rs::test::runCli(args, {"REPLICASCOPE_DESCRIPTOR"}); }

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

}  // namespace

class TestCliImport : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_dir, m_folder, m_case, m_corrupt;
    std::vector<fs::path> m_good;

private slots:
    void initTestCase() {
        QVERIFY(QFile::exists(QStringLiteral(RS_BINARY_DIR "/app/replicascope-cli")));
        const auto art = clipart(5);
        if (art.size() < 5) QSKIP("openclipart-png is not installed (needed for real images)");
        m_dir = m_tmp.path().toStdString();
        m_folder = m_dir / "portfolio";
        for (std::size_t i = 0; i < art.size(); ++i) {
            const fs::path to = m_folder / (i % 2 ? "sub" : "") / ("art" + std::to_string(i) + ".png");
            fs::create_directories(to.parent_path());
            fs::copy_file(art[i], to);
            m_good.push_back(to);
        }
        m_good.push_back(m_folder / "scene.jpg");
        writeFile(m_good.back(), encode(drawScene(3), ".jpg"));
        m_corrupt = m_folder / "corrupt.png";
        writeFile(m_corrupt, std::string("\x89PNG\r\n\x1a\n", 8) + std::string(500, 'z'));
        m_case = m_dir / "audit.rscase";
        const Run made =
            runCli({"case", "new", q(m_case), "--number", "T-9", "--title", "import test", "--examiner", "tester"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
    }

    void usageErrors() {
        QCOMPARE(runCli({"import", "--case", q(m_case), "--folder", q(m_folder)}).exitCode, 2);  // no --set
        QCOMPARE(runCli({"import", "--case", q(m_case), "--set", "s"}).exitCode, 2);             // no source
        QCOMPARE(runCli({"import", "--case", q(m_case), "--set", "s", "--folder", q(m_folder), "--manifest", "m.csv"})
                     .exitCode,
                 2);
        QCOMPARE(runCli({"import", "--help"}).exitCode, 0);
    }

    void importFolder() {
        const Run r = runCli(
            {"import", "--case", q(m_case), "--set", "portfolio", "--folder", q(m_folder), "--licence", "(c) artist"});
        QCOMPARE(r.exitCode, 1);  // one file failed; the rest is imported
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains("6 imported"), r.out.constData());
        QVERIFY2(out.contains("1 failed"), r.out.constData());
        QVERIFY2(out.contains("FAILED " + q(m_corrupt) + ":"), r.out.constData());
        QVERIFY2(out.contains("index flat over 6 images"), r.out.constData());

        auto c = rs::store::CaseFile::open(m_case, rs::store::OpenMode::ReadOnly);
        RS_REQUIRE(c);
        auto rows = rs::store::listReferenceImages(c->db(), "portfolio");
        RS_REQUIRE(rows);
        QCOMPARE(int(rows->size()), int(m_good.size()));
        for (const auto& good : m_good) {
            const auto row =
                std::find_if(rows->begin(), rows->end(), [&](const auto& r) { return r.source == good.string(); });
            QVERIFY2(row != rows->end(), good.c_str());
            const std::string bytes = readFile(good);
            QCOMPARE(row->sha256, rs::sha256Hex(bytes));
            QCOMPARE(row->sizeBytes, std::int64_t(bytes.size()));
            QCOMPARE(row->licence, std::string("(c) artist"));
            QVERIFY(row->width && row->height && row->thumbnailSha256);
            QVERIFY(c->images().contains(row->sha256));
        }
        for (const auto& r : *rows) QVERIFY(r.source != m_corrupt.string());
        auto sets = rs::store::listReferenceSets(c->db());
        RS_REQUIRE(sets);
        QCOMPARE(int(sets->size()), 1);
        QCOMPARE(sets->front().images, std::int64_t(m_good.size()));
    }

    void rerunImportsNothingNew() {
        const Run r =
            runCli({"import", "--case", q(m_case), "--set", "portfolio", "--folder", q(m_folder), "--json", "--quiet"});
        QCOMPARE(r.exitCode, 1);  // the corrupt file is tried again and fails again
        const QJsonObject j = r.json();
        QVERIFY2(!j.isEmpty(), r.out.constData());
        QCOMPARE(j["imported"].toInt(), 0);
        QCOMPARE(j["duplicates"].toInt(), 0);
        QCOMPARE(j["already_imported"].toInt(), int(m_good.size()));
        QCOMPARE(j["failed_count"].toInt(), 1);
        QCOMPARE(j["failed"].toArray().first().toObject()["source"].toString(), q(m_corrupt));
        auto c = rs::store::CaseFile::open(m_case, rs::store::OpenMode::ReadOnly);
        RS_REQUIRE(c);
        auto rows = rs::store::listReferenceImages(c->db(), "portfolio");
        RS_REQUIRE(rows);
        QCOMPARE(int(rows->size()), int(m_good.size()));
    }

    void caseStillVerifies() {
        const Run r = runCli({"case", "verify", q(m_case)});
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
    }

    void missingCaseFails() {
        const Run r = runCli({"import", "--case", q(m_dir / "nope.rscase"), "--set", "s", "--folder", q(m_folder)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!r.err.isEmpty());
    }
};

RS_REGISTER_TEST(TestCliImport)
#include "tst_cli_import.moc"
