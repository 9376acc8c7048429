// `replicascope-cli export` end to end: every format, the exit codes and messages of the
// failure paths.
#include "cli_runner.h"
#include "report_test_case.h"
#include "report_test_util.h"
#include "test_registry.h"

#include "report/exporter.h"
#include "store/audit_log.h"

#include <QStandardPaths>
#include <QTemporaryDir>

using namespace rs::report;
namespace fs = std::filesystem;

namespace rs::report::test {

class TestReportCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    ReportCase m_case;
    QString m_casePath;

    QString out(const char* name) const { return m_dir.path() + "/" + name; }

private slots:
    void initTestCase() {
        auto made = makeReportCase(fs::path(m_dir.path().toStdString()) / "case");
        QVERIFY2(made.ok(), made.ok() ? "" : made.message().c_str());
        m_case = *made;
        m_casePath = QString::fromStdString(m_case.file.string());
    }

    void everyFormat() {
        for (const char* format : {"json", "csv", "html", "pdf"}) {
            const QString target = out(format) + (QString(format) == "html" ? "" : "." + QString(format));
            const auto r = rs::test::runCli({"export", "--case", m_casePath, "--format", format, "--out", target});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY2(r.out.contains("wrote "), r.out.constData());
            QVERIFY(fs::exists(target.toStdString()));
        }
        QVERIFY(fs::exists(out("html").toStdString() + "/index.html"));
        const auto info = runProgram("pdfinfo", {out("pdf") + ".pdf"});
        if (info.exitCode != -1) QCOMPARE(info.exitCode, 0);
        auto c = rs::store::CaseFile::open(m_case.file, rs::store::OpenMode::ReadOnly);
        auto rows = rs::store::listAudit(c->db(), 0, 100000);
        int exports = 0;
        for (const auto& row : *rows) exports += row.action == kExportAuditAction;
        QCOMPARE(exports, 4);
    }

    void onlyReplicated() {
        const auto r = rs::test::runCli({"export", "--case", m_casePath, "--format", "csv", "--out", out("r.csv"), "--only-replicated"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        std::vector<std::vector<std::string>> rows;
        QVERIFY(parseCsv(slurp(out("r.csv").toStdString()).substr(3), rows));
        QCOMPARE(static_cast<int>(rows.size()), 1 + m_case.replicated);
    }

    void failures() {
        auto r = rs::test::runCli({"export", "--case", out("missing"), "--format", "json", "--out", out("m.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("missing.rscase"), r.err.constData());

        fs::create_directories(out("busy").toStdString());
        { std::ofstream((out("busy") + "/file").toStdString()) << "x"; }
        r = rs::test::runCli({"export", "--case", m_casePath, "--format", "html", "--out", out("busy")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(out("busy").toUtf8()) && r.err.contains("--force"), r.err.constData());
        r = rs::test::runCli({"export", "--case", m_casePath, "--format", "html", "--out", out("busy"), "--force"});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        r = rs::test::runCli({"export", "--case", m_casePath, "--format", "docx", "--out", out("x.docx")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown format 'docx'"), r.err.constData());
        r = rs::test::runCli({"export", "--case", m_casePath, "--format", "json"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--out"));
        r = rs::test::runCli({"export", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--only-replicated"));
    }
};

RS_REGISTER_TEST(TestReportCli)
}  // namespace rs::report::test

#include "tst_report_cli.moc"
