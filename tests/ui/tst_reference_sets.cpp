// The Reference Sets tab on a real case: folder import through the core import (progress,
// skipped files in the summary, cancel), the thumbnail grid, and dropped images compared
// against the sets.
#include "store/verify.h"
#include "test_registry.h"
#include "ui/case_session.h"
#include "ui/reference_import_task.h"
#include "ui/reference_set_model.h"
#include "ui/reference_sets_view.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QUrl>
#include <QtTest>

#include <memory>

namespace rs::ui::test {
namespace {

// A textured picture (seeded noise blocks) so descriptors and distances tell pictures apart.
QImage texturedImage(int seed, int side = 96) {
    QImage image(side, side, QImage::Format_RGB32);
    QRandomGenerator random(quint32(seed) * 7919u + 17u);
    const int block = 8;
    for (int by = 0; by < side; by += block)
        for (int bx = 0; bx < side; bx += block) {
            const QRgb colour = qRgb(random.bounded(256), random.bounded(256), random.bounded(256));
            for (int y = by; y < by + block; ++y)
                for (int x = bx; x < bx + block; ++x) image.setPixel(x, y, colour);
        }
    return image;
}

void writeImages(const QString& dir, int count) {
    QDir().mkpath(dir);
    for (int i = 0; i < count; ++i)
        QVERIFY(texturedImage(i).save(QDir(dir).filePath(QStringLiteral("img%1.png").arg(i, 3, 10, QLatin1Char('0'))),
                                      "PNG"));
}

void writeCorrupt(const QString& path) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\x89PNG\r\n\x1a\n this is not really a PNG image at all", 47);
}

}  // namespace

class TestReferenceSets : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CaseSession> m_session;

    QString path(const QString& name) const { return m_dir->filePath(name); }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_session = std::make_unique<CaseSession>();
        store::CaseDetails details;
        details.caseNumber = "RS-1";
        details.title = "Reference sets";
        details.examiner = "Tester";
        const QString error = m_session->createCase(path("refs.rscase"), details);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        m_session.reset();
        m_dir.reset();
    }

    void importFolderListsSetAndLoadsThumbnails() {
        const QString folder = path("portfolio");
        writeImages(folder, 6);
        writeCorrupt(QDir(folder).filePath("broken.png"));

        ReferenceSetsView view(m_session.get(), nullptr);
        view.show();
        QSignalSpy finished(&view, &ReferenceSetsView::importFinished);
        auto* task = view.findChild<ReferenceImportTask*>();
        QVERIFY(task);
        QSignalSpy progress(task, &ReferenceImportTask::progress);
        view.importFolder(folder, QStringLiteral("portfolio"));
        QVERIFY(view.isImporting());
        QVERIFY(finished.wait(15000));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(1).toLongLong(), 7);  // six pictures and the broken file
        const QString summary = finished.at(0).at(0).toString();
        QVERIFY2(summary.contains(QStringLiteral("broken.png")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("6 imported")), qPrintable(summary));

        auto* sets = view.findChild<QTreeWidget*>(QStringLiteral("referenceSetList"));
        QVERIFY(sets);
        QCOMPARE(sets->topLevelItemCount(), 1);
        QCOMPARE(sets->topLevelItem(0)->text(0), QStringLiteral("portfolio"));
        QCOMPARE(sets->topLevelItem(0)->text(1), QStringLiteral("6"));

        ReferenceSetModel* model = view.imageModel();
        QCOMPARE(model->setName(), QStringLiteral("portfolio"));
        QCOMPARE(model->rowCount(), 6);
        for (int row = 0; row < model->rowCount(); ++row) {
            QVERIFY(!model->data(model->index(row), Qt::DisplayRole).toString().isEmpty());
            QVERIFY(model->data(model->index(row), Qt::ToolTipRole).toString().contains(QStringLiteral("img")));
            model->data(model->index(row), Qt::DecorationRole);  // queues the decode
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int row = 0; row < model->rowCount(); ++row)
                    if (!model->hasThumbnail(row)) return false;
                return true;
            }(),
            5000);

        // For a person to look at the layout (not compared): RS_UI_SCREENSHOTS=<folder>.
        if (const QString shots = qEnvironmentVariable("RS_UI_SCREENSHOTS"); !shots.isEmpty()) {
            view.resize(1000, 600);
            QCoreApplication::processEvents();
            QVERIFY(view.grab().save(shots + "/reference_sets.png"));
        }
    }

    void cancelStopsImportAndCaseVerifies() {
        const QString folder = path("many");
        writeImages(folder, 40);
        ReferenceSetsView view(m_session.get(), nullptr);
        QSignalSpy finished(&view, &ReferenceSetsView::importFinished);
        view.importFolder(folder, QStringLiteral("many"));
        // Cancel as a person does: the progress dialog's button.
        auto* progress = view.findChild<QProgressDialog*>();
        QVERIFY(progress);
        auto* cancel = progress->findChild<QPushButton*>();
        QVERIFY(cancel);
        cancel->click();
        QVERIFY(progress->isVisible());  // stays up, saying it cancels, until the worker stops
        QVERIFY(progress->labelText().contains(QStringLiteral("Cancelling")));
        QVERIFY(finished.wait(15000));
        const QString summary = finished.at(0).at(0).toString();
        QVERIFY2(summary.contains(QStringLiteral("cancelled")), qPrintable(summary));
        QVERIFY(!view.isImporting());

        auto report = store::verifyCase(*m_session->caseFile());
        QVERIFY2(report.ok(), report.ok() ? "" : report.message().c_str());
        QVERIFY2(report->ok(), report->ok() ? "" : report->problems.front().message.c_str());
        auto* sets = view.findChild<QTreeWidget*>(QStringLiteral("referenceSetList"));
        QVERIFY(sets);
        if (sets->topLevelItemCount() > 0) QVERIFY(sets->topLevelItem(0)->text(1).toInt() < 40);
    }

    void droppedImageMatchesIdenticalReferenceFirst() {
        const QString folder = path("laion");
        writeImages(folder, 5);
        ReferenceSetsView view(m_session.get(), nullptr);
        QSignalSpy imported(&view, &ReferenceSetsView::importFinished);
        view.importFolder(folder, QStringLiteral("laion"));
        QVERIFY(imported.wait(15000));

        // The same picture under another name, and a file that is no image.
        const QString probe = path("probe.png");
        QVERIFY(texturedImage(3).save(probe, "PNG"));
        const QString corrupt = path("not-an-image.png");
        writeCorrupt(corrupt);

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(probe), QUrl::fromLocalFile(corrupt)});
        QSignalSpy compared(&view, &ReferenceSetsView::comparisonFinished);
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&view, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&view, &drop);
        QVERIFY(compared.wait(15000));

        const ReferenceComparison& result = view.lastComparison();
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.images.size(), 2);
        const ImageMatches& first = result.images.at(0);
        QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
        QVERIFY(!first.matches.isEmpty());
        QVERIFY2(first.matches.front().source.endsWith(QStringLiteral("img003.png")),
                 qPrintable(first.matches.front().source));
        QVERIFY(first.matches.front().tiledL2 < 1e-6);
        QCOMPARE(first.matches.front().setName, QStringLiteral("laion"));
        QVERIFY(first.matches.front().crossed.contains(QStringLiteral("tiled_l2")));
        for (int i = 1; i < first.matches.size(); ++i)
            QVERIFY(first.matches.at(i).tiledL2 >= first.matches.front().tiledL2);
        QVERIFY(!first.matches.front().thumbnail.isNull());

        const ImageMatches& bad = result.images.at(1);
        QVERIFY2(bad.error.contains(QStringLiteral("not-an-image.png")), qPrintable(bad.error));
    }
};

RS_REGISTER_TEST(TestReferenceSets)

}  // namespace rs::ui::test

#include "tst_reference_sets.moc"
