// The HTML report as a browser shows it: headless Chromium takes a screenshot of index.html and
// the generation and reference pictures are on it (so every <img> loaded under the page's
// Content-Security-Policy), with no script ever running, and the match boxes outlined on them.
#include "report_test_case.h"
#include "report_test_util.h"
#include "test_registry.h"

#include "imaging/image_decode.h"
#include "report/exporter.h"

#include <QStandardPaths>
#include <QTemporaryDir>

using namespace rs::report;
namespace fs = std::filesystem;

namespace rs::report::test {

class TestReportRender : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void chromiumScreenshot() {
        keepOutputsIfAsked(m_dir);
        QString chromium = QStandardPaths::findExecutable("chromium");
        if (chromium.isEmpty()) chromium = QStandardPaths::findExecutable("chromium-browser");
        if (chromium.isEmpty()) QSKIP("chromium not installed");
        auto made = makeReportCase(fs::path(m_dir.path().toStdString()) / "case");
        QVERIFY2(made.ok(), made.ok() ? "" : made.message().c_str());
        ExportOptions o;
        o.format = ExportFormat::Html;
        o.out = fs::path(m_dir.path().toStdString()) / "html";
        auto r = exportReport(made->file, o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());

        const QString shot = m_dir.path() + "/shot.png";
        const QString url = "file://" + QString::fromStdString((r->output / "index.html").string());
        const auto run = runProgram(
            chromium,
            {"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--user-data-dir=" + m_dir.path() + "/profile", "--screenshot=" + shot, "--window-size=1200,4000", url},
            180000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto image = rs::imaging::decodeImageFile(shot.toStdString());
        QVERIFY2(image.ok(), image.ok() ? "" : image.message().c_str());
        QCOMPARE(image->bgr.cols, 1200);
        // Finding 1: generation 0 (green) beside reference 0 (colour 10).
        QVERIFY2(pixelsNear(image->bgr, colourOf(0)) > 2000, "generation picture not rendered");
        QVERIFY2(pixelsNear(image->bgr, colourOf(10)) > 2000, "reference picture not rendered");
        // Finding 2: generation 2 beside generation 3.
        QVERIFY2(pixelsNear(image->bgr, colourOf(2)) > 2000, "second finding's picture not rendered");
        QVERIFY2(pixelsNear(image->bgr, colourOf(3)) > 2000, "other generation not rendered");
        // Five outlines of 24 css px boxes (findings 1, 3 and 4), 2 px thick: about 180 px each.
        const int cyan = pixelsNear(image->bgr, kMatchBoxColour);
        QVERIFY2(cyan > 600 && cyan < 2000, std::to_string(cyan).c_str());
    }
};

RS_REGISTER_TEST(TestReportRender)
}  // namespace rs::report::test

#include "tst_report_render.moc"
