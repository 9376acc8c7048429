// The report model and the HTML, CSV and JSON exports of a real case: every finding present,
// every picture on disk and decodable, hostile text escaped or neutralised, CSV that parses back,
// JSON counts, the replicated-only filter, the audit row, the refusals, and the partial-copy match
// boxes in every format (CSV columns after the earlier ones, JSON object or null, HTML outlines
// scaled to the shown picture or left out when its shape differs, with the coordinates as text).
#include "report_test_case.h"
#include "report_test_util.h"
#include "test_registry.h"

#include "base/sha256.h"
#include "imaging/image_decode.h"
#include "report/export_csv.h"
#include "report/exporter.h"
#include "report/text_escape.h"
#include "store/audit_log.h"
#include "store/verify.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>

#include <algorithm>
#include <fstream>
#include <regex>

using namespace rs::report;
using rs::Expected;
namespace fs = std::filesystem;

namespace rs::report::test {

#define RS_CHECK_OK(expr)                                                \
    do {                                                                 \
        const auto& rs_r_ = (expr);                                      \
        QVERIFY2(rs_r_.ok(), rs_r_.ok() ? "" : rs_r_.message().c_str()); \
    } while (0)

class TestReportText : public QObject {
    Q_OBJECT
private slots:
    void htmlEscaping() {
        QCOMPARE(htmlEscape("<script>alert('1')</script> & \"x\""),
                 std::string("&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt; &amp; &quot;x&quot;"));
        QCOMPARE(htmlEscape("caf\xC3\xA9"), std::string("caf\xC3\xA9"));
        QCOMPARE(htmlEscape("bad\xFF"), std::string("bad\xEF\xBF\xBD"));
    }
    void csvQuotingAndFormulas() {
        QCOMPARE(csvCell("plain"), std::string("plain"));
        QCOMPARE(csvCell("a,b"), std::string("\"a,b\""));
        QCOMPARE(csvCell("say \"hi\""), std::string("\"say \"\"hi\"\"\""));
        QCOMPARE(csvCell("two\nlines"), std::string("\"two\nlines\""));
        QCOMPARE(csvCell("=HYPERLINK(\"http://x\",\"y\")"), std::string("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
        for (const char* hostile : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"})
            QCOMPARE(neutralizeFormula(hostile), "'" + std::string(hostile));
        QCOMPARE(csvRow({"a", "b,c"}), std::string("a,\"b,c\"\r\n"));
        QCOMPARE(formatNumber(0.08), std::string("0.08"));
        QCOMPARE(formatNumber(4), std::string("4"));
    }
    void statusWordsInOnePlace() {
        QVERIFY(isReplicated(replicatedStatus()));
        QVERIFY(!isReplicated(rs::store::CandidateStatus::Rejected));
        QCOMPARE(std::string(statusLabel(replicatedStatus())), std::string("replicated"));
    }
};

class TestReportExport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    ReportCase m_case;

    Expected<ExportResult> exportTo(ExportFormat format, const std::string& name,
                                    FindingFilter filter = FindingFilter::All, bool force = false) {
        ExportOptions o;
        o.format = format;
        o.out = fs::path(m_dir.path().toStdString()) / name;
        o.filter = filter;
        o.force = force;
        return exportReport(m_case.file, o, "tester");
    }
    Expected<ReportModel> gather(FindingFilter filter) {
        auto c = rs::store::CaseFile::open(m_case.file, rs::store::OpenMode::ReadOnly);
        if (!c) return c.error();
        return gatherReport(*c, {filter});
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto made = makeReportCase(fs::path(m_dir.path().toStdString()) / "case");
        QVERIFY2(made.ok(), made.ok() ? "" : made.message().c_str());
        m_case = *made;
    }

    void modelHasEverything() {
        auto m = gather(FindingFilter::All);
        RS_CHECK_OK(m);
        QCOMPARE(static_cast<int>(m->findings.size()), m_case.findings);
        QCOMPARE(m->candidatesInCase, std::int64_t(m_case.findings));
        QCOMPARE(m->models.size(), std::size_t(1));
        QCOMPARE(m->models[0].fileSha256.size(), std::size_t(2));
        QCOMPARE(m->runs.size(), std::size_t(1));
        QCOMPARE(m->runs[0].run.seeds, (std::vector<std::int64_t>{1000, 1001}));
        QCOMPARE(m->runs[0].generations, std::int64_t(6));
        const Finding& first = m->findings[0];
        QCOMPARE(first.candidate.id, m_case.candidateIds[0]);
        QCOMPARE(first.promptText, kScriptPrompt);
        QCOMPARE(first.reviews.size(), std::size_t(2));
        QCOMPARE(first.reviews.back().reviewer, kHostileReviewer);
        QCOMPARE(first.tags.size(), std::size_t(1));
        QVERIFY(first.memorizationScore.has_value());
        QCOMPARE(first.distances.size(), std::size_t(3));
        for (const auto& d : first.distances) {
            if (d.metric == "sscd") QCOMPARE(d.thresholdsCrossed, std::vector<std::string>{"sscd>0.75"});
            if (d.metric == "tiled_l2") QCOMPARE(d.thresholdsCrossed, std::vector<std::string>{"tiled_l2<=0.15"});
            if (d.metric == "phash_hamming") QVERIFY(d.thresholdsCrossed.empty());
        }
        QCOMPARE(first.otherThresholds, std::vector<std::string>{"manual-flag"});
        QVERIFY(first.reference && !first.other.isThumbnail);
        const Finding& pair = m->findings[1];
        QVERIFY(pair.otherGeneration.has_value());
        QCOMPARE(pair.candidate.cliqueId.value_or(-1), std::int64_t(7));
        QCOMPARE(pair.other.sha256, pair.otherGeneration->imageSha256);
        QVERIFY(m->findings[2].other.isThumbnail);  // reference kept only as a thumbnail
        auto c = rs::store::CaseFile::open(m_case.file, rs::store::OpenMode::ReadOnly);
        auto head = rs::store::auditHeadHash(c->db());
        QCOMPARE(m->auditHeadHash, *head);
    }

    void onlyReplicatedFilters() {
        auto m = gather(FindingFilter::Replicated);
        RS_CHECK_OK(m);
        QCOMPARE(static_cast<int>(m->findings.size()), m_case.replicated);
        for (const auto& f : m->findings) QVERIFY(isReplicated(f.candidate.status));
        auto csv = exportTo(ExportFormat::Csv, "replicated.csv", FindingFilter::Replicated);
        RS_CHECK_OK(csv);
        std::vector<std::vector<std::string>> rows;
        QVERIFY(parseCsv(slurp(csv->output).substr(3), rows));
        QCOMPARE(static_cast<int>(rows.size()), 1 + m_case.replicated);
        for (std::size_t i = 1; i < rows.size(); ++i) QCOMPARE(rows[i][2], std::string("yes"));
    }

    void htmlFolder() {
        auto r = exportTo(ExportFormat::Html, "html-report");
        RS_CHECK_OK(r);
        QCOMPARE(r->findings, std::int64_t(m_case.findings));
        QVERIFY(r->problems.empty());
        const fs::path folder = r->output;
        const std::string html = slurp(folder / "index.html");
        for (auto id : m_case.candidateIds) QVERIFY(contains(html, "id=\"candidate-" + std::to_string(id) + "\""));
        // Hostile text stays visible text.
        QVERIFY(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt; a cat"));
        QVERIFY(contains(html, "Reviewer &lt;b&gt;One&lt;/b&gt;"));
        QVERIFY(contains(html, "&lt;/pre&gt;&lt;script&gt;x()&lt;/script&gt;"));
        QVERIFY(contains(html, "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
        QVERIFY(!contains(QString::fromStdString(html).toLower().toStdString(), "<script"));
        QVERIFY(!contains(html, "<b>"));
        QVERIFY(!contains(html, "src=\"http"));
        QVERIFY(!contains(html, "href="));
        // Every picture is in the folder and decodes: 3 per finding (generation, other, difference).
        const auto sources = imageSources(html);
        QCOMPARE(static_cast<int>(sources.size()), 3 * m_case.findings);
        for (const auto& src : sources) {
            QVERIFY2(src.rfind("images/", 0) == 0, src.c_str());
            auto decoded = rs::imaging::decodeImageFile(folder / src);
            QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.message().c_str());
        }
        // Images keep their content names.
        for (const auto& entry : fs::directory_iterator(folder / "images")) {
            const std::string name = entry.path().stem().string();
            if (name.rfind("difference-", 0) == 0) continue;
            QCOMPARE(*rs::sha256File(entry.path()), name);
        }
        // No staging folder left beside it.
        for (const auto& entry : fs::directory_iterator(folder.parent_path()))
            QVERIFY2(entry.path().filename().string().find(".tmp-") == std::string::npos, entry.path().c_str());
    }

    void exportIsAudited() {
        auto r = exportTo(ExportFormat::Json, "audited.json");
        RS_CHECK_OK(r);
        auto c = rs::store::CaseFile::open(m_case.file, rs::store::OpenMode::ReadOnly);
        RS_CHECK_OK(c);
        auto head = rs::store::auditHeadHash(c->db());
        QCOMPARE(*head, r->auditHash);
        auto rows = rs::store::listAudit(c->db(), 0, 100000);
        RS_CHECK_OK(rows);
        const auto& last = rows->back();
        QCOMPARE(last.action, std::string(kExportAuditAction));
        QCOMPARE(last.actor, std::string("tester"));
        const auto details = nlohmann::json::parse(last.detailsJson);
        QCOMPARE(details.at("sha256").get<std::string>(), *rs::sha256File(r->output));
        QCOMPARE(details.at("format").get<std::string>(), std::string("json"));
        QCOMPARE(details.at("filter").get<std::string>(), std::string("all"));
        QCOMPARE(details.at("path").get<std::string>(), r->output.string());
        auto verified = rs::store::verifyCase(*c);
        RS_CHECK_OK(verified);
        QVERIFY(verified->ok());
    }

    void csvParsesBack() {
        auto r = exportTo(ExportFormat::Csv, "findings.csv");
        RS_CHECK_OK(r);
        const std::string text = slurp(r->output);
        QVERIFY(text.rfind("\xEF\xBB\xBF", 0) == 0);  // UTF-8 BOM for spreadsheets
        std::vector<std::vector<std::string>> rows;
        QVERIFY(parseCsv(text.substr(3), rows));
        QCOMPARE(static_cast<int>(rows.size()), 1 + m_case.findings);
        QCOMPARE(rows[0], csvHeader());
        const auto column = [&](const std::string& name) {
            const auto h = csvHeader();
            return static_cast<std::size_t>(std::find(h.begin(), h.end(), name) - h.begin());
        };
        std::set<std::string> prompts;
        for (std::size_t i = 1; i < rows.size(); ++i) {
            QCOMPARE(rows[i].size(), rows[0].size());
            for (const auto& cell : rows[i])
                QVERIFY2(cell.empty() || std::string("=+-@\t\r").find(cell[0]) == std::string::npos, cell.c_str());
            prompts.insert(rows[i][column("prompt")]);
        }
        QVERIFY(prompts.count(kScriptPrompt));
        QVERIFY(prompts.count("'" + kFormulaPrompt));  // neutralised, still readable
        QVERIFY(prompts.count(kMultilinePrompt));      // embedded newline, comma and quotes survive
        QCOMPARE(rows[1][column("candidate_id")], std::to_string(m_case.candidateIds[0]));
        QCOMPARE(rows[1][column("last_review_note")], "'" + kFormulaNote);
        QCOMPARE(rows[1][column("last_reviewer")], kHostileReviewer);
        QVERIFY(contains(rows[1][column("reviews")], "\n"));
        QCOMPARE(rows[1][column("distances")], std::string("phash_hamming=4; sscd=0.9; tiled_l2=0.08"));
        QCOMPARE(rows[2][column("clique_id")], std::string("7"));
    }

    void jsonRoundTrips() {
        auto r = exportTo(ExportFormat::Json, "report.json");
        RS_CHECK_OK(r);
        const auto j = nlohmann::json::parse(slurp(r->output));
        QCOMPARE(j.at("format").get<std::string>(), std::string("replicascope-report-v1"));
        QCOMPARE(j.at("counts").at("findings").get<int>(), m_case.findings);
        QCOMPARE(static_cast<int>(j.at("findings").size()), m_case.findings);
        QCOMPARE(j.at("models").size(), std::size_t(1));
        QCOMPARE(j.at("models")[0].at("files_sha256").size(), std::size_t(2));
        QCOMPARE(j.at("models")[0].at("config").at("unet").at("sample_size").get<int>(), 64);
        QCOMPARE(j.at("runs")[0].at("seeds").get<std::vector<std::int64_t>>(), (std::vector<std::int64_t>{1000, 1001}));
        QCOMPARE(j.at("case").at("case_number").get<std::string>(), std::string("2024-<042>"));
        QVERIFY(rs::isSha256Hex(j.at("audit").at("head_hash").get<std::string>()));
        QVERIFY(j.at("audit").at("rows").get<int>() > 5);
        const auto& f = j.at("findings")[0];
        QCOMPARE(f.at("prompt").get<std::string>(), kScriptPrompt);  // verbatim in JSON
        QCOMPARE(f.at("reviews").size(), std::size_t(2));
        QCOMPARE(f.at("reviews")[1].at("reviewer").get<std::string>(), kHostileReviewer);
        QVERIFY(f.at("replicated").get<bool>());
        QCOMPARE(j.at("findings")[1].at("kind").get<std::string>(), std::string("generation-generation"));
        auto only = exportTo(ExportFormat::Json, "replicated.json", FindingFilter::Replicated);
        RS_CHECK_OK(only);
        const auto k = nlohmann::json::parse(slurp(only->output));
        QCOMPARE(k.at("filter").get<std::string>(), std::string("replicated"));
        QCOMPARE(static_cast<int>(k.at("findings").size()), m_case.replicated);
    }

    void csvKeepsEarlierColumnsInOrder() {
        // The columns of earlier releases, by position; new ones only ever come after them.
        const std::vector<std::string> earlier = {"candidate_id",
                                                  "status",
                                                  "replicated",
                                                  "score",
                                                  "metric",
                                                  "clique_id",
                                                  "kind",
                                                  "run_id",
                                                  "prompt_id",
                                                  "prompt",
                                                  "generation_id",
                                                  "seed",
                                                  "generation_sha256",
                                                  "memorization_score",
                                                  "other_image_sha256",
                                                  "other_image",
                                                  "reference_set",
                                                  "reference_source",
                                                  "reference_caption",
                                                  "reference_licence",
                                                  "other_generation_id",
                                                  "other_generation_prompt",
                                                  "distances",
                                                  "thresholds_crossed",
                                                  "last_reviewer",
                                                  "last_review_utc",
                                                  "last_review_note",
                                                  "reviews",
                                                  "tags"};
        const auto header = csvHeader();
        QCOMPARE(std::vector<std::string>(header.begin(), header.begin() + static_cast<long>(earlier.size())), earlier);
        QCOMPARE(std::vector<std::string>(header.begin() + static_cast<long>(earlier.size()), header.end()),
                 (std::vector<std::string>{"generation_match_box", "generation_image_size", "other_match_box",
                                           "other_image_size"}));
    }

    void matchBoxesInCsvAndJson_data() {
        QTest::addColumn<int>("finding");
        QTest::addColumn<QStringList>("cells");  // generation box, its image size, other box, its image size
        QTest::newRow("boxes in both pictures") << 0 << QStringList{"8 8 24 24", "96 96", "38 8 24 24", "96 96"};
        QTest::newRow("no partial copy") << 1 << QStringList{"", "", "", ""};
        QTest::newRow("reference box of a larger original")
            << 2 << QStringList{"8 8 24 24", "96 96", "76 16 48 48", "192 192"};
        QTest::newRow("reference box of another shape")
            << 3 << QStringList{"10 20 30 40", "96 96", "20 10 100 50", "200 100"};
    }
    void matchBoxesInCsvAndJson() {
        QFETCH(int, finding);
        QFETCH(QStringList, cells);
        auto csv = exportTo(ExportFormat::Csv, "boxes-" + std::to_string(finding) + ".csv");
        RS_CHECK_OK(csv);
        std::vector<std::vector<std::string>> rows;
        QVERIFY(parseCsv(slurp(csv->output).substr(3), rows));
        const auto& row = rows.at(static_cast<std::size_t>(1 + finding));
        QCOMPARE(row.front(), std::to_string(m_case.candidateIds[static_cast<std::size_t>(finding)]));
        QCOMPARE(row.size(), csvHeader().size());
        for (int i = 0; i < 4; ++i)
            QCOMPARE(QString::fromStdString(row[row.size() - 4 + static_cast<std::size_t>(i)]), cells[i]);

        auto json = exportTo(ExportFormat::Json, "boxes-" + std::to_string(finding) + ".json");
        RS_CHECK_OK(json);
        const auto f = nlohmann::json::parse(slurp(json->output)).at("findings").at(static_cast<std::size_t>(finding));
        QCOMPARE(f.at("candidate_id").get<std::int64_t>(), m_case.candidateIds[static_cast<std::size_t>(finding)]);
        QVERIFY2(f.contains("match_regions"), f.dump().c_str());  // present, null when there is no partial copy
        QCOMPARE(f.at("match_regions"), expectedMatchRegionsJson(finding));
    }

    void htmlOutlinesMatchBoxes_data() {
        QTest::addColumn<int>("finding");
        QTest::addColumn<QStringList>("outlines");  // style of each outline, generation first
        QTest::addColumn<QStringList>("texts");
        QTest::addColumn<QStringList>("absent");
        const QString square = "left: 8.33333%; top: 8.33333%; width: 25%; height: 25%";
        const QString shifted = "left: 39.5833%; top: 8.33333%; width: 25%; height: 25%";
        QTest::newRow("boxes in both pictures")
            << 0 << QStringList{square, shifted}
            << QStringList{"Partial copy (outlined in cyan)", "Generated image: x 8, y 8, 24×24 px (image 96×96)",
                           "Reference image: x 38, y 8, 24×24 px (image 96×96)"}
            << QStringList{"not outlined"};
        QTest::newRow("no partial copy") << 1 << QStringList{} << QStringList{}
                                         << QStringList{"Partial copy", "class=\"boxed\"", "px (image"};
        QTest::newRow("reference box scaled to the thumbnail")
            << 2 << QStringList{square, shifted} << QStringList{"Reference image: x 76, y 16, 48×48 px (image 192×192)"}
            << QStringList{"not outlined"};
        QTest::newRow("reference box of another shape left out")
            << 3 << QStringList{"left: 10.4167%; top: 20.8333%; width: 31.25%; height: 41.6667%"}
            << QStringList{"Generated image: x 10, y 20, 30×40 px (image 96×96)",
                           "Reference image: x 20, y 10, 100×50 px (image 200×100) - not outlined: the picture shown "
                           "is 96×96 px, another shape"}
            << QStringList{};
    }
    void htmlOutlinesMatchBoxes() {
        QFETCH(int, finding);
        QFETCH(QStringList, outlines);
        QFETCH(QStringList, texts);
        QFETCH(QStringList, absent);
        auto r = exportTo(ExportFormat::Html, "boxes-html-" + std::to_string(finding));
        RS_CHECK_OK(r);
        QVERIFY(r->problems.empty());
        const std::string html = slurp(r->output / "index.html");
        const std::string start =
            "<div id=\"candidate-" + std::to_string(m_case.candidateIds[static_cast<std::size_t>(finding)]) + "\">";
        const auto begin = html.find(start);
        QVERIFY(begin != std::string::npos);
        const std::string section = html.substr(begin, html.find("</div>", begin) - begin);
        std::vector<std::string> found;
        static const std::regex outline("<span class=\"match-box\" style=\"([^\"]*)\"></span>");
        for (auto it = std::sregex_iterator(section.begin(), section.end(), outline); it != std::sregex_iterator();
             ++it)
            found.push_back((*it)[1]);
        QCOMPARE(static_cast<int>(found.size()), static_cast<int>(outlines.size()));
        for (int i = 0; i < outlines.size(); ++i)
            QCOMPARE(QString::fromStdString(found[static_cast<std::size_t>(i)]), outlines[i]);
        // Each outline sits with its picture in a wrapper the percentages refer to.
        if (!outlines.isEmpty()) QVERIFY(contains(section, "<span class=\"boxed\"><img src=\"images/"));
        for (const auto& text : texts) QVERIFY2(contains(section, text.toStdString()), section.c_str());
        for (const auto& text : absent) QVERIFY2(!contains(section, text.toStdString()), text.toUtf8().constData());
    }

    void refusals() {
        // Missing case: the message names the file.
        ExportOptions o;
        o.format = ExportFormat::Csv;
        o.out = fs::path(m_dir.path().toStdString()) / "never.csv";
        auto missing = exportReport(fs::path(m_dir.path().toStdString()) / "no-such-case", o);
        QVERIFY(!missing.ok());
        QVERIFY2(contains(missing.message(), "no-such-case.rscase"), missing.message().c_str());
        QVERIFY(!fs::exists(o.out));
        // Existing non-empty folder: refused and untouched, replaced with force.
        const fs::path folder = fs::path(m_dir.path().toStdString()) / "occupied";
        fs::create_directories(folder);
        { std::ofstream(folder / "keep.txt") << "mine"; }
        auto refused = exportTo(ExportFormat::Html, "occupied");
        QVERIFY(!refused.ok());
        QVERIFY2(contains(refused.message(), folder.string()) && contains(refused.message(), "--force"),
                 refused.message().c_str());
        QVERIFY(fs::exists(folder / "keep.txt") && !fs::exists(folder / "index.html"));
        auto forced = exportTo(ExportFormat::Html, "occupied", FindingFilter::All, true);
        RS_CHECK_OK(forced);
        QVERIFY(fs::exists(folder / "index.html") && !fs::exists(folder / "keep.txt"));
        // An empty folder is fine without force.
        fs::create_directories(fs::path(m_dir.path().toStdString()) / "empty");
        RS_CHECK_OK(exportTo(ExportFormat::Html, "empty"));
        // Existing file: refused, then replaced with force.
        RS_CHECK_OK(exportTo(ExportFormat::Csv, "twice.csv"));
        QVERIFY(!exportTo(ExportFormat::Csv, "twice.csv").ok());
        RS_CHECK_OK(exportTo(ExportFormat::Csv, "twice.csv", FindingFilter::All, true));
        // Folder of the output missing.
        QVERIFY(!exportTo(ExportFormat::Json, "no/such/folder/x.json").ok());
        // Unknown format names.
        QVERIFY(!exportFormatFromString("docx").has_value());
        QCOMPARE(*exportFormatFromString("pdf"), ExportFormat::Pdf);
        // A read-only case cannot record the export.
        auto ro = rs::store::CaseFile::open(m_case.file, rs::store::OpenMode::ReadOnly);
        RS_CHECK_OK(ro);
        o.out = fs::path(m_dir.path().toStdString()) / "ro.csv";
        auto fromRo = exportReport(*ro, o);
        QVERIFY(!fromRo.ok() && contains(fromRo.message(), "read-only"));
        QVERIFY(!fs::exists(o.out));
    }
};

RS_REGISTER_TEST(TestReportText)
RS_REGISTER_TEST(TestReportExport)
}  // namespace rs::report::test

#include "tst_report_formats.moc"
