// The PDF export: a real PDF (pdfinfo), one page or more per finding, the hostile prompt as
// visible text (pdftotext), and the pictures embedded (pdftoppm renders the first finding's page
// and the generation's colour is on it); the match boxes printed as coordinates and drawn into the
// embedded pictures exactly where they belong (pdfimages), and nowhere else.
#include "report_test_case.h"
#include "report_test_util.h"
#include "test_registry.h"

#include "imaging/image_decode.h"
#include "report/exporter.h"

#include <QFile>
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

    fs::path m_boxesPdf;

    // The report the match-box tests read, exported once.
    Expected<fs::path> boxesPdf() {
        if (!m_boxesPdf.empty()) return m_boxesPdf;
        ExportOptions o;
        o.format = ExportFormat::Pdf;
        o.out = fs::path(m_dir.path().toStdString()) / "boxes.pdf";
        auto r = exportReport(m_case.file, o);
        if (!r) return r.error();
        return m_boxesPdf = o.out;
    }

    // The pictures embedded in the PDF, in page order (pdfimages), decoded; empty on failure.
    std::vector<cv::Mat> embeddedPictures(const fs::path& pdf) {
        const QString prefix = m_dir.path() + "/embedded";
        if (runProgram("pdfimages", {"-png", QString::fromStdString(pdf.string()), prefix}).exitCode != 0) return {};
        std::vector<cv::Mat> out;
        for (int i = 0;; ++i) {
            const QString file = QString("%1-%2.png").arg(prefix).arg(i, 3, 10, QChar('0'));
            if (!QFile::exists(file)) return out;
            auto image = rs::imaging::decodeImageFile(file.toStdString());
            if (!image) return {};
            out.push_back(image->bgr);
        }
    }

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
            const auto render =
                runProgram("pdftoppm", {"-r", "60", "-png", "-singlefile", "-f", QString::number(page), "-l",
                                        QString::number(page), QString::fromStdString(o.out.string()), prefix});
            QCOMPARE(render.exitCode, 0);
            auto image = rs::imaging::decodeImageFile((prefix + ".png").toStdString());
            QVERIFY2(image.ok(), image.ok() ? "" : image.message().c_str());
            found = pixelsNear(image->bgr, colourOf(0)) > 100;
        }
        QVERIFY2(found, "the first finding's generation image is on no page");
    }

    void matchBoxesPrinted() {
        if (QStandardPaths::findExecutable("pdftotext").isEmpty()) QSKIP("pdftotext not installed");
        auto pdf = boxesPdf();
        QVERIFY2(pdf.ok(), pdf.ok() ? "" : pdf.message().c_str());
        const auto text = runProgram("pdftotext", {QString::fromStdString(pdf->string()), "-"});
        QCOMPARE(text.exitCode, 0);
        const QString t = QString::fromUtf8(text.out);
        QVERIFY2(t.contains("Generated image: x 8, y 8, 24×24 px (image 96×96)"), qPrintable(t));
        QVERIFY(t.contains("Reference image: x 38, y 8, 24×24 px (image 96×96)"));
        QVERIFY(t.contains("Reference image: x 76, y 16, 48×48 px (image 192×192)"));
        QVERIFY(t.contains("not outlined"));
        QCOMPARE(t.count("Partial copy (outlined in cyan)"), 3);
    }

    // Each embedded picture against the stored image it shows: different on the outline of its
    // box (scaled to the picture), the same (up to the PDF's JPEG) everywhere else, and the same
    // all over where there is no box to draw.
    void matchBoxesDrawnIntoPictures_data() {
        QTest::addColumn<int>("finding");
        QTest::addColumn<bool>("generationSide");
        QTest::addColumn<QRect>("box");  // in the picture's pixels; null: no outline
        QTest::newRow("finding 1, generation") << 0 << true << QRect(8, 8, 24, 24);
        QTest::newRow("finding 1, reference") << 0 << false << QRect(38, 8, 24, 24);
        QTest::newRow("finding 2 (no partial copy), generation") << 1 << true << QRect();
        QTest::newRow("finding 2 (no partial copy), other generation") << 1 << false << QRect();
        QTest::newRow("finding 3, reference thumbnail (box scaled by 1/2)") << 2 << false << QRect(38, 8, 24, 24);
        QTest::newRow("finding 4, generation") << 3 << true << QRect(10, 20, 30, 40);
        QTest::newRow("finding 4, reference of another shape") << 3 << false << QRect();
    }
    void matchBoxesDrawnIntoPictures() {
        QFETCH(int, finding);
        QFETCH(bool, generationSide);
        QFETCH(QRect, box);
        if (QStandardPaths::findExecutable("pdfimages").isEmpty()) QSKIP("pdfimages not installed");
        auto pdf = boxesPdf();
        QVERIFY2(pdf.ok(), pdf.ok() ? "" : pdf.message().c_str());
        const std::vector<cv::Mat> pictures = embeddedPictures(*pdf);
        QCOMPARE(static_cast<int>(pictures.size()), 3 * m_case.findings);  // generation, other, difference per finding
        const cv::Mat shown = pictures[static_cast<std::size_t>(3 * finding + (generationSide ? 0 : 1))];
        // The stored images of the findings (report_test_case.h): generation, then reference or other generation.
        static const std::pair<int, int> kPairs[] = {{0, 10}, {2, 3}, {4, 12}, {1, 11}};
        const auto [generation, other] = kPairs[finding];
        const bool reference = finding != 1;
        auto stored =
            rs::imaging::decodeImageBytes(generationSide ? pngOf(generation) : pngOf(other, reference), "stored.png");
        QVERIFY2(stored.ok(), stored.ok() ? "" : stored.message().c_str());
        QCOMPARE(shown.size(), stored->bgr.size());

        cv::Mat diff, channels[3];
        cv::absdiff(shown, stored->bgr, diff);
        cv::split(diff, channels);
        const cv::Mat largest = cv::max(cv::max(channels[0], channels[1]), channels[2]);
        const cv::Rect rect(box.x(), box.y(), box.width(), box.height());
        cv::Mat outline = cv::Mat::zeros(shown.size(), CV_8U), away(shown.size(), CV_8U, cv::Scalar(255));
        if (!box.isNull()) {
            cv::rectangle(outline, rect, cv::Scalar(255), 3);
            cv::rectangle(away, rect, cv::Scalar(0), 13);
        }
        // JPEG moves a pixel by up to ~100 levels at hard edges; an outline moves it by 150 to 255.
        const int strayOutline = cv::countNonZero((largest > 120) & away);
        QVERIFY2(strayOutline <= 5, std::to_string(strayOutline).c_str());
        const double elsewhere = cv::mean(largest, away)[0];
        QVERIFY2(elsewhere < 8, std::to_string(elsewhere).c_str());
        if (!box.isNull()) {
            const double onOutline = cv::mean(largest, outline)[0];
            QVERIFY2(onOutline > 80, std::to_string(onOutline).c_str());
        }
    }
};

RS_REGISTER_TEST(TestReportPdf)
}  // namespace rs::report::test

#include "tst_report_pdf.moc"
