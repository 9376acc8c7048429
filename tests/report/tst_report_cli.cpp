// `replicascope-cli export` end to end: every format, the exit codes and messages of the
// failure paths; `candidates` listing the partial-copy match boxes (JSON and text), and a
// malformed stored value shown without boxes by the readers but reported by `case verify`.
#include "cli_runner.h"
#include "report_test_case.h"
#include "report_test_util.h"
#include "test_registry.h"

#include "report/exporter.h"
#include "store/audit_log.h"

#include <nlohmann/json.hpp>

#include <map>

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

    // `candidates --status any --json` of a case, by candidate id.
    static std::map<std::int64_t, nlohmann::json> listedCandidates(const QString& casePath) {
        const auto r = rs::test::runCli({"candidates", "--case", casePath, "--status", "any", "--json"});
        std::map<std::int64_t, nlohmann::json> out;
        if (r.exitCode != 0) return out;
        for (const auto& line : r.out.split('\n'))
            if (!line.isEmpty()) {
                auto j = nlohmann::json::parse(line.toStdString());
                out[j.at("id").get<std::int64_t>()] = j;
            }
        return out;
    }

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
        const auto r = rs::test::runCli(
            {"export", "--case", m_casePath, "--format", "csv", "--out", out("r.csv"), "--only-replicated"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        std::vector<std::vector<std::string>> rows;
        QVERIFY(parseCsv(slurp(out("r.csv").toStdString()).substr(3), rows));
        QCOMPARE(static_cast<int>(rows.size()), 1 + m_case.replicated);
    }

    void candidatesListMatchBoxes() {
        const auto listed = listedCandidates(m_casePath);
        QCOMPARE(static_cast<int>(listed.size()), m_case.findings);
        for (int finding = 0; finding < m_case.findings; ++finding) {
            const auto& j = listed.at(m_case.candidateIds[static_cast<std::size_t>(finding)]);
            QVERIFY2(j.contains("match_regions"), j.dump().c_str());  // null without a partial copy
            QCOMPARE(j.at("match_regions"), expectedMatchRegionsJson(finding));
        }
        const auto text = rs::test::runCli({"candidates", "--case", m_casePath, "--status", "any"});
        QCOMPARE(text.exitCode, 0);
        const QString t = QString::fromUtf8(text.out);
        QCOMPARE(t.count("partial copy: "), 3);
        QVERIFY2(t.contains("partial copy: generation box x 8, y 8, 24×24 px (image 96×96) ↔ reference box x 38, y 8, "
                            "24×24 px (image 96×96)\n"),
                 qPrintable(t));
        QVERIFY(t.contains("↔ reference box x 20, y 10, 100×50 px (image 200×100)\n"));
    }

    void malformedMatchBoxesShownWithoutBoxesAndReported() {
        QTemporaryDir dir;
        auto made = makeReportCase(fs::path(dir.path().toStdString()) / "case");
        QVERIFY2(made.ok(), made.ok() ? "" : made.message().c_str());
        const std::int64_t id = made->candidateIds[0];
        {
            auto c = rs::store::CaseFile::open(made->file);
            QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
            c->db().exec("UPDATE candidates SET match_regions_json = '{\"generation\":' WHERE id = " +
                         std::to_string(id));
        }
        const QString casePath = QString::fromStdString(made->file.string());
        const auto listed = listedCandidates(casePath);
        QCOMPARE(static_cast<int>(listed.size()), made->findings);
        QVERIFY(listed.at(id).at("match_regions").is_null());
        QVERIFY(!listed.at(made->candidateIds[2]).at("match_regions").is_null());

        const QString json = dir.path() + "/report.json";
        const auto exported = rs::test::runCli({"export", "--case", casePath, "--format", "json", "--out", json});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const auto findings = nlohmann::json::parse(slurp(json.toStdString())).at("findings");
        QCOMPARE(findings.at(0).at("candidate_id").get<std::int64_t>(), id);
        QVERIFY(findings.at(0).at("match_regions").is_null());

        const auto verify = rs::test::runCli({"case", "verify", casePath});
        QCOMPARE(verify.exitCode, 1);
        QVERIFY2(verify.out.contains("PROBLEM [record_malformed] candidate " +
                                     QByteArray::number(static_cast<qlonglong>(id)) + " "),
                 verify.out.constData());
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
