// The PDF export: a real PDF (pdfinfo), one page or more per finding, the hostile prompt as
// visible text (pdftotext), and the pictures embedded (pdftoppm renders the first finding's page
// and the generation's colour is on it).
#include "report_test_case.h"
#include "report_test_util.h"
#include "test_registry.h"

#include "imaging/image_decode.h"
#include "report/exporter.h"

#include <QStandardPaths>
#include <QTemporaryDir>

#include <regex>

using namespace rs::report;
namespace fs = std::filesystem;

namespace rs::report::test {

class TestReportPdf : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    ReportCase m_case;

private slots:
    void initTestCase() {
        keepOutputsIfAsked(m_dir);
        if (QStandardPaths::findExecutable("pdfinfo").isEmpty() || QStandardPaths::findExecutable("pdftoppm").isEmpty())
            QSKIP("poppler-utils (pdfinfo, pdftoppm) not installed");
        auto made = makeReportCase(fs::path(m_dir.path().toStdString()) / "case");
        QVERIFY2(made.ok(), made.ok() ? "" : made.message().c_str());
        m_case = *made;
    }

    void pagesTextAndPictures() {
        ExportOptions o;
        o.format = ExportFormat::Pdf;
        o.out = fs::path(m_dir.path().toStdString()) / "report.pdf";
        auto r = exportReport(m_case.file, o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->images, std::int64_t(3 * m_case.findings));
        QVERIFY(slurp(o.out).rfind("%PDF-", 0) == 0);

        const auto info = runProgram("pdfinfo", {QString::fromStdString(o.out.string())});
        QCOMPARE(info.exitCode, 0);
        std::smatch match;
        const std::string infoText = info.out.toStdString();
        QVERIFY2(std::regex_search(infoText, match, std::regex(R"(Pages:\s+(\d+))")), infoText.c_str());
        const int pages = std::stoi(match[1]);
        // Case, models and runs; each finding on its own page(s); the closing page.
        QVERIFY2(pages >= m_case.findings + 2, infoText.c_str());
        QVERIFY2(pages <= 4 * (m_case.findings + 2), infoText.c_str());

        if (!QStandardPaths::findExecutable("pdftotext").isEmpty()) {
            const auto text = runProgram("pdftotext", {QString::fromStdString(o.out.string()), "-"});
            QCOMPARE(text.exitCode, 0);
            const std::string t = text.out.toStdString();
            QVERIFY2(contains(t, "<script>alert(1)</script> a cat"), t.c_str());
            QVERIFY(contains(t, "Reviewer <b>One</b>"));
            QVERIFY(contains(t, "2024-<042>"));
        }

        // The first finding (generation 0, green) starts on a page of its own after the head.
        bool found = false;
        for (int page = 2; page <= pages && !found; ++page) {
            const QString prefix = m_dir.path() + "/page" + QString::number(page);
            const auto render = runProgram("pdftoppm", {"-r", "60", "-png", "-singlefile", "-f", QString::number(page), "-l",
                                                        QString::number(page), QString::fromStdString(o.out.string()), prefix});
            QCOMPARE(render.exitCode, 0);
            auto image = rs::imaging::decodeImageFile((prefix + ".png").toStdString());
            QVERIFY2(image.ok(), image.ok() ? "" : image.message().c_str());
            found = pixelsNear(image->bgr, colourOf(0)) > 100;
        }
        QVERIFY2(found, "the first finding's generation image is on no page");
    }
};

RS_REGISTER_TEST(TestReportPdf)
}  // namespace rs::report::test

#include "tst_report_pdf.moc"
