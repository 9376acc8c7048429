// The scan panel with the tiny model: the worker thread fills the grid batch by batch, cancel
// stops within a step and leaves a consistent case, an invalid model folder gives a message.
#include "scan_test_support.h"
#include "test_registry.h"

#include "store/run_repository.h"
#include "store/verify.h"
#include "ui/case_session.h"
#include "ui/results_grid.h"
#include "ui/results_model.h"
#include "ui/scan_panel.h"
#include "ui/scan_runner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QThread>
#include <QtTest>

using namespace rs;

class TestScanPanel : public QObject {
    Q_OBJECT

    // A panel on a new case with the tiny model checked and small parameters.
    struct Fixture {
        QTemporaryDir dir;
        ui::CaseSession session;
        std::unique_ptr<ui::ScanPanel> panel;
        QString error;
    };

    static void setUp(Fixture& f, int steps, int batch) {
        const QString path = test::newCase(f.dir);
        if (path.isEmpty()) return void(f.error = "case not created");
        if (QString e = f.session.openCase(path); !e.isEmpty()) return void(f.error = e);
        f.panel = std::make_unique<ui::ScanPanel>(&f.session);
        QSignalSpy checked(f.panel.get(), &ui::ScanPanel::modelChecked);
        f.panel->setModelFolder(test::tinyModelDir());
        if (!checked.wait(60000) || !checked.first().at(0).toBool())
            return void(f.error = "model check: " + (checked.isEmpty() ? QString("timeout") : checked.first().at(1).toString()));
        f.panel->setPrompts({"a red square on a white background", "a blue circle"});
        f.panel->findChild<QSpinBox*>("seeds")->setValue(4);
        f.panel->findChild<QSpinBox*>("steps")->setValue(steps);
        f.panel->findChild<QSpinBox*>("batch")->setValue(batch);
    }

private slots:
    void runFillsTheGridBatchByBatch() {
        Fixture f;
        setUp(f, 2, 2);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        ui::ResultsGrid grid;
        grid.setCase(f.session.caseFile());
        connect(f.panel.get(), &ui::ScanPanel::batchStored, &grid, &ui::ResultsGrid::appendGenerations);
        connect(f.panel.get(), &ui::ScanPanel::promptDone, &grid, &ui::ResultsGrid::refreshPrompt);
        QList<int> rowCounts;
        QList<bool> onGuiThread;
        connect(f.panel.get(), &ui::ScanPanel::batchStored, this, [&] {
            rowCounts << grid.model()->rowCount();
            onGuiThread << (QThread::currentThread() == qApp->thread());
        });
        QSignalSpy batches(f.panel.get(), &ui::ScanPanel::batchStored);
        QSignalSpy finished(f.panel.get(), &ui::ScanPanel::scanFinished);
        QSignalSpy failed(f.panel.get(), &ui::ScanPanel::scanFailed);
        auto* run = f.panel->findChild<QPushButton*>("run");
        QVERIFY(run->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(f.panel->runner()->isRunning());
        QVERIFY(!run->isEnabled());
        QVERIFY(f.panel->findChild<QPushButton*>("cancel")->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 180000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
        QCOMPARE(finished.first().at(1).toBool(), false);
        QCOMPARE(batches.count(), 4);  // 2 prompts x 4 seeds in batches of 2
        QCOMPARE(rowCounts.mid(0, 2), (QList<int>{2, 4}));  // the first prompt's grid grows per batch
        QVERIFY(!onGuiThread.contains(false));
        QCOMPARE(grid.model()->rowCount(), 4);
        QVERIFY(f.panel->findChild<QLabel*>("progressText")->text().contains("Done"));
        QVERIFY(f.panel->runner()->wait(30000));
        QVERIFY(run->isEnabled());
    }

    void cancelStopsWithinAStepAndKeepsTheCaseConsistent() {
        Fixture f;
        setUp(f, 200, 2);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QElapsedTimer sinceCancel;
        connect(f.panel.get(), &ui::ScanPanel::batchStored, this, [&] {
            if (sinceCancel.isValid()) return;
            sinceCancel.start();
            QTest::mouseClick(f.panel->findChild<QPushButton*>("cancel"), Qt::LeftButton);
        });
        QSignalSpy batches(f.panel.get(), &ui::ScanPanel::batchStored);
        QSignalSpy finished(f.panel.get(), &ui::ScanPanel::scanFinished);
        f.panel->startScan();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 180000);
        const qint64 cancelMs = sinceCancel.elapsed();
        QVERIFY(finished.first().at(1).toBool());
        QCOMPARE(batches.count(), 1);  // the batch under way when cancel came was not stored
        QVERIFY2(cancelMs < 5000, qPrintable(QString("cancel took %1 ms").arg(cancelMs)));
        QVERIFY(f.panel->runner()->wait(30000));

        auto caseFile = store::CaseFile::open(f.session.casePath().toStdString());
        QVERIFY2(caseFile.ok(), caseFile.ok() ? "" : caseFile.message().c_str());
        auto runs = store::listRuns(caseFile->db());
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), std::size_t(1));
        QCOMPARE(runs->front().status, store::RunStatus::Cancelled);
        auto generations = store::listGenerations(caseFile->db(), runs->front().id);
        QVERIFY(generations.ok());
        QCOMPARE(generations->size(), std::size_t(2));  // whole batches only
        auto report = store::verifyCase(*caseFile);
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), report->ok() ? "" : report->problems.front().message.c_str());
    }

    void invalidModelFolderGivesAMessage() {
        QTemporaryDir dir;
        ui::CaseSession session;
        QVERIFY(session.openCase(test::newCase(dir)).isEmpty());
        ui::ScanPanel panel(&session);
        panel.setPrompts({"a prompt"});
        QSignalSpy checked(&panel, &ui::ScanPanel::modelChecked);

        panel.setModelFolder(dir.filePath("empty"));
        QVERIFY(checked.wait(30000));
        QCOMPARE(checked.last().at(0).toBool(), false);
        QVERIFY2(checked.last().at(1).toString().contains("does not exist"), qPrintable(checked.last().at(1).toString()));

        QVERIFY(QDir(dir.path()).mkpath("broken/scheduler"));
        QFile index(dir.filePath("broken/model_index.json"));
        QVERIFY(index.open(QIODevice::WriteOnly));
        index.write(R"({"_class_name": "StableDiffusionPipeline", "unet": ["diffusers", "UNet2DConditionModel"]})");
        index.close();
        panel.setModelFolder(dir.filePath("broken"));
        QVERIFY(checked.wait(30000));
        QCOMPARE(checked.last().at(0).toBool(), false);
        const QString message = checked.last().at(1).toString();
        QVERIFY2(message.contains("text_encoder"), qPrintable(message));  // names the missing part
        QVERIFY(!panel.findChild<QPushButton*>("run")->isEnabled());

        // The worker refuses it too, with a message, when handed such a folder directly.
        ui::ScanRunner runner;
        QSignalSpy failed(&runner, &ui::ScanRunner::failed);
        ui::ScanJob job;
        job.casePath = session.casePath();
        job.modelDir = dir.filePath("empty");
        job.prompts = QStringList{"a prompt"};
        QVERIFY(runner.start(job));
        QVERIFY(failed.wait(30000));
        QVERIFY2(failed.first().at(0).toString().contains("does not exist"), qPrintable(failed.first().at(0).toString()));
    }

    void defaultModelNotInstalledIsShown() {
        QTemporaryDir dir;
        ui::CaseSession session;
        ui::ScanPanel panel(&session);
        if (!panel.modelFolder().isEmpty()) QSKIP("the default model is installed");
        QVERIFY(panel.findChild<QLabel*>("modelLabel")->text().contains("not installed"));
        QVERIFY(panel.findChild<QPushButton*>("openModel"));
        QVERIFY(!panel.findChild<QLabel*>("deviceLabel")->text().isEmpty());
        QVERIFY(!panel.findChild<QPushButton*>("run")->isEnabled());
    }
};

RS_REGISTER_TEST(TestScanPanel)
#include "tst_scan_panel.moc"
