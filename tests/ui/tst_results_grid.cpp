// The results grid on a scanned case: thumbnails load off the GUI thread, a corrupt image file
// gives a placeholder and a message (not a crash), the histogram holds every pair.
#include "scan_test_support.h"
#include "test_registry.h"

#include "ui/distance_histogram.h"
#include "ui/results_grid.h"
#include "ui/results_model.h"
#include "ui/results_query.h"
#include "ui/scan_worker.h"
#include "ui/thumbnail_loader.h"

#include "store/case_repository.h"
#include "store/run_repository.h"

#include <QBuffer>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace rs;

class TestResultsGrid : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_case;
    QList<qint64> m_ids;

    // One small scan of "a green triangle" (4 seeds), run on this thread (the worker is a plain
    // QObject); its batches go to `grid` when one is given.
    void scanTriangle(ui::ResultsGrid* grid, QList<qint64>& ids, int steps) {
        ui::ScanWorker worker(std::make_shared<std::atomic<bool>>(false));
        QSignalSpy finished(&worker, &ui::ScanWorker::finished);
        QSignalSpy failed(&worker, &ui::ScanWorker::failed);
        connect(&worker, &ui::ScanWorker::batchStored, this, [&ids](const QList<qint64>& batch) { ids += batch; });
        if (grid) connect(&worker, &ui::ScanWorker::batchStored, grid, &ui::ResultsGrid::appendGenerations);
        ui::ScanJob job;
        job.casePath = m_case;
        job.modelDir = test::tinyModelDir();
        job.prompts = QStringList{"a green triangle"};
        job.seeds = 4;
        job.steps = steps;
        job.batchSize = 2;
        worker.run(job);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
        QCOMPARE(finished.count(), 1);
    }

private slots:
    // The case with one small scan, shared by the tests.
    void initTestCase() {
        m_case = test::newCase(m_dir);
        QVERIFY(!m_case.isEmpty());
        scanTriangle(nullptr, m_ids, 2);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(m_ids.size(), 4);
    }

    void showsThePromptWithThumbnailsAndHistogram() {
        auto caseFile = store::CaseFile::open(m_case.toStdString());
        QVERIFY2(caseFile.ok(), caseFile.ok() ? "" : caseFile.message().c_str());
        ui::ResultsGrid grid;
        grid.resize(900, 700);
        grid.setCase(&*caseFile);
        QVERIFY(grid.currentPrompt() != 0);
        QCOMPARE(grid.model()->rowCount(), 4);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        for (int row = 0; row < 4; ++row) {
            const QModelIndex index = grid.model()->index(row);
            QTRY_COMPARE_WITH_TIMEOUT(index.data(ui::ResultsModel::ThumbnailStateRole).toInt(),
                                      int(ui::ResultsModel::Ready), 10000);
        }
        // 4 generations: 6 pairs in the histogram once the background computation is back.
        QTRY_VERIFY_WITH_TIMEOUT(!grid.histogram()->counts().isEmpty(), 30000);
        int pairs = 0;
        for (int c : grid.histogram()->counts()) pairs += c;
        QCOMPARE(pairs, 6);
    }

    // A generation matched to a training image shows that image as an inset in its own cell, so
    // every flagged generation is seen beside what it copies; the selected one is also named.
    void flaggedGenerationShowsItsTrainingImage() {
        auto caseFile = store::CaseFile::open(m_case.toStdString());
        QVERIFY2(caseFile.ok(), caseFile.ok() ? "" : caseFile.message().c_str());
        QImage magenta(64, 64, QImage::Format_RGB32);
        magenta.fill(Qt::magenta);
        QByteArray png;
        QBuffer buffer(&png);
        QVERIFY(buffer.open(QIODevice::WriteOnly) && magenta.save(&buffer, "PNG"));
        auto stored = caseFile->images().put(png.toStdString());
        QVERIFY(stored.ok());
        store::ReferenceImage ref;
        ref.setName = "portfolio";
        ref.source = "/art/magenta.png";
        ref.sha256 = stored->sha256;
        ref.sizeBytes = png.size();
        ref.thumbnailSha256 = stored->sha256;
        auto imported = store::importReferenceImages(caseFile->db(), {ref});
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.message().c_str());
        const qint64 matched = m_ids[1], unmatched = m_ids[2];
        store::Candidate c;
        c.generationId = matched;
        c.referenceImageId = imported->ids.front();
        c.metric = "tiled_l2";
        c.distances = {{"tiled_l2", 0.05}};
        c.thresholdsCrossed = {"tiled_l2"};
        c.score = 0.95;
        QVERIFY(store::insertCandidates(caseFile->db(), {c}).ok());

        ui::ResultsGrid grid;
        grid.resize(900, 700);
        grid.setCase(&*caseFile);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        const QModelIndex withMatch = grid.model()->index(grid.model()->rowOf(matched));
        const QModelIndex without = grid.model()->index(grid.model()->rowOf(unmatched));
        const ui::ResultItem* item = grid.model()->item(withMatch.row());
        QVERIFY(item && item->bestMatchDistance && !item->referencePath.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(grid.loader()->pixmap(item->referencePath) != nullptr, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(without.data(ui::ResultsModel::ThumbnailStateRole).toInt(),
                                  int(ui::ResultsModel::Ready), 10000);
        // The inset's centre: 4 px margin, 128 px thumbnail, an inset of 11/25 of it at the top right.
        const auto insetCentre = [&](const QModelIndex& index) {
            const QRect cell = grid.view()->visualRect(index);
            const int side = 128 * 11 / 25;
            return QPoint(cell.left() + 4 + 127 - side - 2 + side / 2, cell.top() + 4 + 2 + side / 2);
        };
        const auto isMagenta = [](const QColor& p) { return p.red() > 230 && p.green() < 30 && p.blue() > 230; };
        QTRY_VERIFY_WITH_TIMEOUT(
            isMagenta(grid.view()->viewport()->grab().toImage().pixelColor(insetCentre(withMatch))), 5000);
        QVERIFY(!isMagenta(grid.view()->viewport()->grab().toImage().pixelColor(insetCentre(without))));
        grid.view()->setCurrentIndex(withMatch);
        QVERIFY(grid.findChild<QLabel*>("matchText")->text().contains("portfolio: /art/magenta.png"));
    }

    void corruptImageGivesAPlaceholderAndAMessage() {
        auto caseFile = store::CaseFile::open(m_case.toStdString());
        QVERIFY2(caseFile.ok(), caseFile.ok() ? "" : caseFile.message().c_str());
        auto item = ui::loadResultItem(*caseFile, m_ids.front());
        QVERIFY(item.ok());
        QFile file(item->imagePath);
        file.setPermissions(file.permissions() | QFileDevice::WriteOwner);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("\x89PNG\r\n\x1a\n this is not a png any more");
        file.close();

        ui::ResultsGrid grid;
        grid.resize(900, 700);
        grid.setCase(&*caseFile);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        const int row = grid.model()->rowOf(m_ids.front());
        QVERIFY(row >= 0);
        const QModelIndex index = grid.model()->index(row);
        QTRY_COMPARE_WITH_TIMEOUT(index.data(ui::ResultsModel::ThumbnailStateRole).toInt(),
                                  int(ui::ResultsModel::Broken), 10000);
        QVERIFY(!index.data(ui::ResultsModel::ProblemRole).toString().isEmpty());
        QVERIFY(index.data(Qt::ToolTipRole).toString().contains("cannot be read"));
        grid.view()->viewport()->repaint();  // paints the placeholder
        QTRY_VERIFY_WITH_TIMEOUT(
            grid.histogram()->findChild<QLabel*>("histogramMessage")->text().startsWith("No distances"), 30000);
        // The other generations still show.
        const int other = grid.model()->rowOf(m_ids.back());
        QTRY_COMPARE_WITH_TIMEOUT(grid.model()->index(other).data(ui::ResultsModel::ThumbnailStateRole).toInt(),
                                  int(ui::ResultsModel::Ready), 10000);
    }

    void loaderServesTheNewestRequestFirstAndBoundsItsQueue() {
        ui::ThumbnailLoader loader(QSize(32, 32));
        QStringList order;
        connect(&loader, &ui::ThumbnailLoader::failed, this, [&](const QString& path) { order << path; });
        for (int i = 0; i < 600; ++i) QVERIFY(!loader.pixmap(m_dir.filePath(QString("missing-%1.png").arg(i))));
        QVERIFY(loader.pendingCount() <= 512 + 8);
        QTRY_COMPARE_WITH_TIMEOUT(loader.pendingCount(), 0, 10000);
        QVERIFY(order.size() <= 512 + 8);
        // One decode starts at once; of the rest the newest (the one painted last) goes first,
        // and the oldest beyond the queue's bound were dropped (scrolled past).
        const auto at = [&](int i) { return order.indexOf(m_dir.filePath(QString("missing-%1.png").arg(i))); };
        QVERIFY(at(599) >= 0 && at(300) >= 0);
        QVERIFY(at(599) < at(300));
        QCOMPARE(at(87), -1);
    }

    // Last: it adds a second run of the prompt to the shared case. Its batches replace the first
    // run's generations in the grid instead of being mixed in after them.
    void aNewRunOfTheShownPromptReplacesTheOlderOne() {
        auto caseFile = store::CaseFile::open(m_case.toStdString());
        QVERIFY2(caseFile.ok(), caseFile.ok() ? "" : caseFile.message().c_str());
        ui::ResultsGrid grid;
        grid.setCase(&*caseFile);
        QCOMPARE(grid.model()->rowCount(), 4);
        const qint64 firstRun = grid.model()->item(0)->runId;
        QList<qint64> ids;
        scanTriangle(&grid, ids, 3);  // other images: the first run's first file was damaged above
        if (QTest::currentTestFailed()) return;
        QCOMPARE(ids.size(), 4);
        QCOMPARE(grid.model()->rowCount(), 4);
        for (int row = 0; row < 4; ++row) {
            QVERIFY(grid.model()->item(row)->runId != firstRun);
            QVERIFY(ids.contains(grid.model()->item(row)->generationId));
        }
    }
};

RS_REGISTER_TEST(TestResultsGrid)
#include "tst_results_grid.moc"
