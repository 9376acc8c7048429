// The comparison view on a real case: the pair loads asynchronously and, while it loads, no
// pixel of the previous pair is shown; swap, synchronized zoom and pan, wipe, heatmap; a
// corrupt or missing image gives a message naming the file.
#include "../imaging/image_bytes.h"
#include "review_case_fixture.h"
#include "test_registry.h"
#include "test_settings.h"

#include "imaging/image_decode.h"
#include "ui/app_settings.h"
#include "ui/comparison_loader.h"
#include "ui/comparison_view.h"
#include "ui/image_pane.h"
#include "ui/review_queue_view.h"

#include <QBuffer>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTableWidget>
#include <QtTest>

using namespace rs;
using namespace rs::ui;
using namespace rs::ui::test;

namespace {

store::ReviewQueueItem queueItem(ReviewCase& rc, int index) {
    store::ReviewQueueFilter all;
    all.status.reset();
    auto page = store::reviewQueuePage(rc.db(), all, 100);
    if (!page || int(page->size()) <= index) qFatal("no queue item %d", index);
    return (*page)[std::size_t(index)];
}

// How many pixels of the grabbed widget have exactly this colour.
int pixelsOf(QWidget& widget, const QColor& colour) {
    const QImage image = widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRgb wanted = colour.rgb();
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) n += (line[x] & 0xffffff) == (wanted & 0xffffff);
    }
    return n;
}

bool waitLoaded(ComparisonView& view, QSignalSpy& loaded, QSignalSpy& failed) {
    return QTest::qWaitFor([&] { return !view.isLoading() && (loaded.count() + failed.count()) > 0; }, 5000);
}

}  // namespace

class TestComparisonView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { rs::test::useTestSettings(); }
    // Other test classes in tst_ui change the settings; the expectations below use the defaults.
    void init() { AppSettings::setThresholds(Thresholds{}); }

    void showsThePairAndEveryDistance() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ComparisonView view(rc->session.get());
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy loaded(&view, &ComparisonView::pairLoaded), failed(&view, &ComparisonView::loadFailed);
        view.showCandidate(queueItem(*rc, 0));
        QVERIFY(waitLoaded(view, loaded, failed));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(loaded.front().front().toLongLong(), qint64(rc->candidateIds[0]));
        QCOMPARE(view.leftPane()->image().pixelColor(5, 5), kGenerationColours[0]);
        QCOMPARE(view.rightPane()->image().pixelColor(5, 5), kReferenceColours[0]);
        QVERIFY(pixelsOf(*view.leftPane(), kGenerationColours[0]) > 1000);
        QVERIFY(pixelsOf(*view.rightPane(), kReferenceColours[0]) > 1000);

        auto* table = view.findChild<QTableWidget*>("distances");
        QCOMPARE(table->rowCount(), 3);
        QMap<QString, QString> crosses;
        for (int row = 0; row < table->rowCount(); ++row)
            crosses[table->item(row, 0)->text()] = table->item(row, 3)->text();
        QCOMPARE(crosses.value("tiled_l2"), QString("yes"));       // 0.05 <= 0.15
        QCOMPARE(crosses.value("phash_hamming"), QString("yes"));  // 4 <= 10
        QCOMPARE(crosses.value("sscd_cosine"), QString("yes"));    // 0.9 >= 0.5

        view.showCandidate(queueItem(*rc, 5));  // tiled_l2 0.30, sscd 0.4: not crossed
        for (int row = 0; row < table->rowCount(); ++row)
            crosses[table->item(row, 0)->text()] = table->item(row, 3)->text();
        QCOMPARE(crosses.value("tiled_l2"), QString("no"));
        QCOMPARE(crosses.value("sscd_cosine"), QString("no"));
    }

    void neverShowsThePreviousPairWhileLoading() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ComparisonView view(rc->session.get());
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy started(&view, &ComparisonView::loadingStarted);
        QSignalSpy loaded(&view, &ComparisonView::pairLoaded), failed(&view, &ComparisonView::loadFailed);
        view.showCandidate(queueItem(*rc, 0));
        QVERIFY(waitLoaded(view, loaded, failed));
        QVERIFY(pixelsOf(view, kGenerationColours[0]) > 0 && pixelsOf(view, kReferenceColours[0]) > 0);

        loaded.clear();
        view.showCandidate(queueItem(*rc, 1));
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.back().front().toLongLong(), qint64(rc->candidateIds[1]));
        QVERIFY(view.isLoading());
        QVERIFY(view.leftPane()->image().isNull() && view.rightPane()->image().isNull());
        QCOMPARE(view.leftPane()->placeholder(), QString("Loading…"));
        QCOMPARE(view.rightPane()->placeholder(), QString("Loading…"));
        QCOMPARE(pixelsOf(view, kGenerationColours[0]), 0);
        QCOMPARE(pixelsOf(view, kReferenceColours[0]), 0);

        QVERIFY(waitLoaded(view, loaded, failed));
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.front().front().toLongLong(), qint64(rc->candidateIds[1]));
        QVERIFY(pixelsOf(view, kGenerationColours[1]) > 0 && pixelsOf(view, kReferenceColours[1]) > 0);
        QCOMPARE(pixelsOf(view, kGenerationColours[0]), 0);
    }

    void aSupersededLoadIsDropped() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ComparisonView view(rc->session.get());
        QSignalSpy loaded(&view, &ComparisonView::pairLoaded), failed(&view, &ComparisonView::loadFailed);
        for (int i = 0; i < 4; ++i) view.showCandidate(queueItem(*rc, i));  // quick J J J
        QVERIFY(waitLoaded(view, loaded, failed));
        QTest::qWait(200);  // give the earlier loads time to finish too
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.front().front().toLongLong(), qint64(rc->candidateIds[3]));
        QCOMPARE(view.leftPane()->image().pixelColor(1, 1), kGenerationColours[3]);
        QCOMPARE(view.rightPane()->image().pixelColor(1, 1), kGenerationColours[0]);  // the other generation
    }

    void swapSidesAndBack() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ComparisonView view(rc->session.get());
        QSignalSpy loaded(&view, &ComparisonView::pairLoaded), failed(&view, &ComparisonView::loadFailed);
        view.showCandidate(queueItem(*rc, 2));
        QVERIFY(waitLoaded(view, loaded, failed));
        view.findChild<QPushButton*>("swap")->click();
        QVERIFY(view.sidesSwapped());
        QCOMPARE(view.leftPane()->image().pixelColor(1, 1), kReferenceColours[2]);
        QCOMPARE(view.rightPane()->image().pixelColor(1, 1), kGenerationColours[2]);
        // The swap holds for the next candidate too.
        loaded.clear();
        view.showCandidate(queueItem(*rc, 0));
        QVERIFY(waitLoaded(view, loaded, failed));
        QCOMPARE(view.leftPane()->image().pixelColor(1, 1), kReferenceColours[0]);
        view.swapSides();
        QCOMPARE(view.leftPane()->image().pixelColor(1, 1), kGenerationColours[0]);
    }

    void zoomAndPanAreSynchronized() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ComparisonView view(rc->session.get());
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy loaded(&view, &ComparisonView::pairLoaded), failed(&view, &ComparisonView::loadFailed);
        view.showCandidate(queueItem(*rc, 0));
        QVERIFY(waitLoaded(view, loaded, failed));
        ImagePane* left = view.leftPane();
        ImagePane* right = view.rightPane();
        auto relativeZoom = [](ImagePane* p) { return p->effectiveScale() / p->fitScale(); };

        QWheelEvent wheel(QPointF(left->width() / 2.0, left->height() / 2.0), left->mapToGlobal(QPointF(10, 10)),
                          QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(left, &wheel);
        QVERIFY(qAbs(view.viewState()->zoom() - 1.5625) < 1e-9);  // two notches of 1.25
        QCOMPARE(relativeZoom(left), relativeZoom(right));

        const QPointF before = view.viewState()->center();
        QTest::mousePress(right, Qt::LeftButton, {}, QPoint(100, 100));
        QTest::mouseMove(right, QPoint(140, 100));
        QTest::mouseRelease(right, Qt::LeftButton, {}, QPoint(140, 100));
        QVERIFY(view.viewState()->center().x() < before.x());  // dragging right shows more of the left
        QCOMPARE(view.viewState()->center().y(), before.y());

        view.findChild<QPushButton*>("oneToOne")->click();
        QVERIFY(qAbs(left->effectiveScale() - 1.0) < 1e-9);
        QCOMPARE(relativeZoom(left), relativeZoom(right));
        view.findChild<QPushButton*>("fit")->click();
        QCOMPARE(view.viewState()->zoom(), 1.0);
        QCOMPARE(view.viewState()->center(), QPointF(0.5, 0.5));
    }

    void wipeAndHeatmap() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ComparisonView view(rc->session.get());
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy loaded(&view, &ComparisonView::pairLoaded), failed(&view, &ComparisonView::loadFailed);
        view.showCandidate(queueItem(*rc, 0));
        QVERIFY(waitLoaded(view, loaded, failed));

        view.findChild<QCheckBox*>("wipeMode")->setChecked(true);
        QVERIFY(!view.rightPane()->isVisible());
        QTest::qWait(50);  // layout gives the left pane the room
        const int generationPixels = pixelsOf(*view.leftPane(), kGenerationColours[0]);
        const int referencePixels = pixelsOf(*view.leftPane(), kReferenceColours[0]);
        QVERIFY(generationPixels > 0 && referencePixels > 0);
        QVERIFY(qAbs(generationPixels - referencePixels) < generationPixels / 5);  // split in the middle
        view.findChild<QSlider*>("wipeSlider")->setValue(900);
        QVERIFY(pixelsOf(*view.leftPane(), kGenerationColours[0]) >
                3 * pixelsOf(*view.leftPane(), kReferenceColours[0]));
        view.findChild<QCheckBox*>("wipeMode")->setChecked(false);
        QVERIFY(view.rightPane()->isVisible());
        QCOMPARE(pixelsOf(*view.leftPane(), kReferenceColours[0]), 0);

        const int plainReference = pixelsOf(*view.rightPane(), kReferenceColours[0]);
        QVERIFY(plainReference > 0);
        view.findChild<QCheckBox*>("heatmap")->setChecked(true);
        QCOMPARE(pixelsOf(*view.rightPane(), kReferenceColours[0]), 0);  // red (255,0,0) vs orange: overlay everywhere
        view.findChild<QCheckBox*>("heatmap")->setChecked(false);
        QCOMPARE(pixelsOf(*view.rightPane(), kReferenceColours[0]), plainReference);
    }

    // The wiring the main window makes: the queue's current row drives the comparison.
    void followsTheReviewQueue() {
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        ReviewQueueView queue(rc->session.get());
        ComparisonView view(rc->session.get());
        connect(&queue, &ReviewQueueView::currentCandidateChanged, &view, &ComparisonView::showCandidate);
        connect(&queue, &ReviewQueueView::currentCandidateCleared, &view, &ComparisonView::clear);
        QSignalSpy loaded(&view, &ComparisonView::pairLoaded), failed(&view, &ComparisonView::loadFailed);
        QTest::keyClick(queue.table(), Qt::Key_J);
        QCOMPARE(view.candidateId(), rc->candidateIds[1]);
        QVERIFY(view.isLoading());
        QVERIFY(waitLoaded(view, loaded, failed));
        QCOMPARE(view.leftPane()->image().pixelColor(1, 1), kGenerationColours[1]);
        // For a person to look at the layout (not compared): RS_UI_SCREENSHOTS=<folder>.
        if (const QString folder = qEnvironmentVariable("RS_UI_SCREENSHOTS"); !folder.isEmpty()) {
            queue.resize(1000, 600);
            view.resize(1000, 700);
            view.findChild<QCheckBox*>("heatmap")->setChecked(true);
            QVERIFY(queue.grab().save(folder + "/review_queue.png"));
            QVERIFY(view.grab().save(folder + "/comparison_view.png"));
            view.findChild<QCheckBox*>("heatmap")->setChecked(false);
        }
        queue.findChild<QLineEdit*>("reviewer")->setText("Comparing Reviewer");
        QTest::keyClick(queue.table(), Qt::Key_1);  // decide, move on: the next pair loads
        QCOMPARE(reviewRows(rc->db(), rc->candidateIds[1]), std::int64_t(1));
        QCOMPARE(view.candidateId(), rc->candidateIds[2]);
        QVERIFY(view.leftPane()->image().isNull());
        rc->session->closeCase();
        QCOMPARE(view.candidateId(), std::int64_t(0));
        QVERIFY(!view.isLoading());
    }

    void heatmapIsClearWhereImagesAgree() {
        QImage a(16, 16, QImage::Format_RGB32), b(32, 32, QImage::Format_RGB32);
        a.fill(Qt::red);
        b.fill(Qt::red);
        const QImage same = differenceHeatmap(a, b);
        QCOMPARE(same.size(), QSize(16, 16));
        QCOMPARE(qAlpha(same.pixel(3, 3)), 0);
        b.fill(Qt::cyan);
        QCOMPARE(qAlpha(differenceHeatmap(a, b).pixel(3, 3)), 200);  // strongest, still see-through
    }

    // A JPEG stored sideways with an EXIF orientation shows upright, as the core decoder (where
    // the stored match boxes come from) and every viewer shows it.
    void exifOrientationIsApplied() {
        QImage sideways(40, 20, QImage::Format_RGB32);
        sideways.fill(Qt::blue);
        for (int y = 0; y < 20; ++y)
            for (int x = 0; x < 20; ++x) sideways.setPixelColor(x, y, Qt::red);  // left half red
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        QVERIFY(buffer.open(QIODevice::WriteOnly) && sideways.save(&buffer, "JPEG", 95));
        const std::string rotated = rs::test::withExifOrientation(jpeg.toStdString(), 6);  // 90 degrees clockwise
        QTemporaryDir dir;
        QFile file(dir.filePath("sideways.jpg"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(rotated.data(), qint64(rotated.size()));
        file.close();

        const LoadedPair pair = loadPair({file.fileName(), {}}, {file.fileName(), {}});
        QVERIFY2(pair.leftError.isEmpty(), qPrintable(pair.leftError));
        QCOMPARE(pair.left.size(), QSize(20, 40));
        QVERIFY(pair.left.pixelColor(10, 5).red() > 200 && pair.left.pixelColor(10, 5).blue() < 60);  // top: was left
        QVERIFY(pair.left.pixelColor(10, 35).blue() > 200 &&
                pair.left.pixelColor(10, 35).red() < 60);  // bottom: was right
        auto core = imaging::decodeImageBytes(rotated, "sideways.jpg");
        QVERIFY2(core.ok(), core.ok() ? "" : core.message().c_str());
        QCOMPARE(QSize(core->bgr.cols, core->bgr.rows), pair.left.size());
    }

    void unreadableImageGivesAMessageNamingTheFile_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("corrupt bytes") << "corrupt";
        QTest::newRow("file deleted") << "missing";
        QTest::newRow("not in the case") << "unknown";
    }
    void unreadableImageGivesAMessageNamingTheFile() {
        QFETCH(QString, damage);
        auto rc = makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        store::ReviewQueueItem item = queueItem(*rc, 0);
        QString expectedName;
        if (damage == "corrupt") {
            auto stored = rc->session->caseFile()->images().put(std::string("\x89PNG\r\n\x1a\nnot really a png", 24));
            QVERIFY(stored.ok());
            item.generationSha256 = stored->sha256;
            expectedName = QString::fromStdString(stored->path.string());
        } else if (damage == "missing") {
            auto path = rc->session->caseFile()->images().pathOf(item.generationSha256);
            QVERIFY(path.ok());
            QFile::setPermissions(QString::fromStdString(path->string()), QFile::WriteOwner | QFile::ReadOwner);
            QVERIFY(QFile::remove(QString::fromStdString(path->string())));
            expectedName = QString::fromStdString(path->string());
        } else {
            item.generationSha256 = std::string(64, 'f');
            expectedName = QString::fromStdString(item.generationSha256);
        }
        ComparisonView view(rc->session.get());
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy loaded(&view, &ComparisonView::pairLoaded), failed(&view, &ComparisonView::loadFailed);
        view.showCandidate(item);
        QVERIFY(waitLoaded(view, loaded, failed));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(loaded.count(), 0);
        const QString message = failed.front().at(1).toString();
        QVERIFY2(message.contains(expectedName), qPrintable(message));
        QVERIFY(view.findChild<QLabel*>("comparisonStatus")->text().contains(expectedName));
        QVERIFY(view.leftPane()->image().isNull());
        QVERIFY(view.leftPane()->placeholder().contains(expectedName));
        QCOMPARE(view.rightPane()->image().pixelColor(1, 1), kReferenceColours[0]);  // the readable side still shows
    }
};

RS_REGISTER_TEST(TestComparisonView)
#include "tst_comparison_view.moc"
