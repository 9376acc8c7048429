// The scan panel with the tiny model: the worker thread fills the grid batch by batch, cancel
// stops within a step and leaves a consistent case, an invalid model folder gives a message,
// "Screen prompts" ranks the list by memorization score, and "Load file…" (through the path
// the file dialog would return) fills the list or names the file it could not use.
// libtorch (through audit/scan_session.h) before any Qt header: Qt's `slots` macro breaks it.
#include "audit/scan_session.h"

#include "scan_test_support.h"
#include "test_registry.h"

#include "audit/scan_inputs.h"
#include "store/case_repository.h"
#include "store/run_repository.h"
#include "store/verify.h"
#include "ui/case_session.h"
#include "ui/distance_histogram.h"
#include "ui/results_grid.h"
#include "ui/results_model.h"
#include "ui/scan_panel.h"
#include "ui/scan_runner.h"
#include "ui/scan_worker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QScopeGuard>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QThread>
#include <QtTest>

#include <cmath>

using namespace rs;

// A x50 duplicate in the default model's training set (see tests/audit/tst_default_model.cpp).
static const char* const kDefaultModelCaption = "cake1, desserts clip art by Jarno Vasamaa";

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
            return void(f.error = "model check: " +
                                  (checked.isEmpty() ? QString("timeout") : checked.first().at(1).toString()));
        f.panel->setPrompts({"a red square on a white background", "a blue circle"});
        f.panel->findChild<QSpinBox*>("seeds")->setValue(4);
        f.panel->findChild<QSpinBox*>("steps")->setValue(steps);
        f.panel->findChild<QSpinBox*>("batch")->setValue(batch);
    }

    // A panel on a new case (no model needed) holding two typed prompts.
    struct PromptFixture {
        QTemporaryDir dir;
        ui::CaseSession session;
        std::unique_ptr<ui::ScanPanel> panel;
        const QStringList typed{"a typed prompt", "another typed prompt"};
    };

    static QStringList listed(const ui::ScanPanel& panel) { return panel.job().prompts; }

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
        QCOMPARE(batches.count(), 4);                       // 2 prompts x 4 seeds in batches of 2
        QCOMPARE(rowCounts.mid(0, 2), (QList<int>{2, 4}));  // the first prompt's grid grows per batch
        QVERIFY(!onGuiThread.contains(false));
        QCOMPARE(grid.model()->rowCount(), 4);
        QVERIFY(f.panel->findChild<QLabel*>("progressText")->text().contains("Done"));
        QVERIFY(f.panel->runner()->wait(30000));
        QVERIFY(run->isEnabled());
    }

    // The change bus: a grid subscribed to the case session follows the panel's scan without being
    // wired to the panel, and sees the run's end and each prompt's stored distances.
    void gridFollowsTheSessionNotThePanel() {
        Fixture f;
        setUp(f, 2, 4);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        ui::ResultsGrid grid;
        grid.setCase(f.session.caseFile());
        grid.subscribe(&f.session);
        QSignalSpy stored(&f.session, &ui::CaseSession::generationsStored);
        QSignalSpy analysed(&f.session, &ui::CaseSession::promptAnalysed);
        QSignalSpy ended(&f.session, &ui::CaseSession::runFinished);
        QSignalSpy failed(f.panel.get(), &ui::ScanPanel::scanFailed);
        QTest::mouseClick(f.panel->findChild<QPushButton*>("run"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty() || !failed.isEmpty(), 180000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
        QCOMPARE(stored.count(), 2);    // 2 prompts x 4 seeds in batches of 4
        QCOMPARE(analysed.count(), 2);  // one per prompt
        QCOMPARE(ended.first().at(1).toBool(), false);
        QCOMPARE(grid.model()->rowCount(), 4);
        int pairs = 0;
        for (int c : grid.histogram()->counts()) pairs += c;
        QCOMPARE(pairs, 6);  // the shown prompt's 4 generations, as the scan stored them
        QVERIFY(f.panel->runner()->wait(30000));
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
        QVERIFY2(checked.last().at(1).toString().contains("does not exist"),
                 qPrintable(checked.last().at(1).toString()));

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
        QVERIFY2(failed.first().at(0).toString().contains("does not exist"),
                 qPrintable(failed.first().at(0).toString()));
    }

    void screenPromptsRanksByMemorizationScore() {
        Fixture f;
        setUp(f, 2, 4);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        const QStringList prompts{"a red square on a white background", "a blue circle", "a green triangle", "noise"};
        f.panel->setPrompts(prompts);
        f.panel->findChild<QSpinBox*>("seeds")->setValue(2);
        f.panel->findChild<QCheckBox*>("screenFirst")->setChecked(true);
        f.panel->findChild<QSpinBox*>("screenKeep")->setValue(1);
        QString messageAfterScreen;
        connect(f.panel->runner(), &ui::ScanRunner::screened, this,
                [&] { messageAfterScreen = f.panel->messageText(); });
        QSignalSpy screened(f.panel->runner(), &ui::ScanRunner::screened);
        QSignalSpy done(f.panel.get(), &ui::ScanPanel::promptDone);
        QSignalSpy finished(f.panel.get(), &ui::ScanPanel::scanFinished);
        QSignalSpy failed(f.panel.get(), &ui::ScanPanel::scanFailed);
        f.panel->startScan();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 180000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
        QVERIFY(f.panel->runner()->wait(30000));

        // Every prompt ranked once, highest score first, each score a real number.
        QCOMPARE(screened.count(), 1);
        const QStringList ranked = screened.first().at(0).toStringList();
        const auto scores = screened.first().at(1).value<QList<double>>();
        QCOMPARE(scores.size(), prompts.size());
        QStringList sortedRanked = ranked, sortedPrompts = prompts;
        sortedRanked.sort();
        sortedPrompts.sort();
        QCOMPARE(sortedRanked, sortedPrompts);
        for (int i = 0; i < scores.size(); ++i) {
            QVERIFY2(std::isfinite(scores[i]) && scores[i] >= 0, qPrintable(QString::number(scores[i])));
            if (i > 0) QVERIFY2(scores[i - 1] >= scores[i], qPrintable(QString("rank %1 above %2").arg(i).arg(i - 1)));
        }
        QVERIFY2(
            messageAfterScreen.contains("Highest memorization scores") && messageAfterScreen.contains(ranked.first()),
            qPrintable(messageAfterScreen));
        QCOMPARE(listed(*f.panel), prompts);  // the list itself is left as typed

        // "Keep 1": only the top prompt was scanned, with its two seeds.
        QCOMPARE(done.count(), 1);
        auto caseFile = store::CaseFile::open(f.session.casePath().toStdString());
        QVERIFY2(caseFile.ok(), caseFile.ok() ? "" : caseFile.message().c_str());
        auto runs = store::listRuns(caseFile->db());
        QVERIFY(runs.ok() && runs->size() == 1);
        auto generations = store::listGenerations(caseFile->db(), runs->front().id);
        QVERIFY(generations.ok());
        QCOMPARE(generations->size(), std::size_t(2));
        auto scanned = store::getPrompt(caseFile->db(), generations->front().promptId);
        QVERIFY2(scanned.ok(), scanned.ok() ? "" : scanned.message().c_str());
        QCOMPARE(QString::fromStdString(scanned->text), ranked.first());
    }

    // DDIM's η goes into the job (and so into the run record) when DDIM is the sampler; other
    // samplers ignore η, so the field is disabled and the job carries 0.
    void ddimEtaReachesTheJobOnlyForDdim() {
        PromptFixture f;
        QVERIFY(f.session.openCase(test::newCase(f.dir)).isEmpty());
        f.panel = std::make_unique<ui::ScanPanel>(&f.session);
        auto* sampler = f.panel->findChild<QComboBox*>("sampler");
        auto* eta = f.panel->findChild<QDoubleSpinBox*>("ddimEta");
        QVERIFY(sampler && eta);
        sampler->setCurrentIndex(sampler->findData(QStringLiteral("ddim")));
        QVERIFY(eta->isEnabled());
        eta->setValue(0.35);
        QCOMPARE(f.panel->job().ddimEta, 0.35);
        sampler->setCurrentIndex(sampler->findData(QStringLiteral("euler_a")));
        QVERIFY(!eta->isEnabled());
        QCOMPARE(f.panel->job().ddimEta, 0.0);
        const auto request = ui::ScanWorker::sessionRequest(f.panel->job());
        QCOMPARE(request.scan.sampling.ddimEta, 0.0);
        sampler->setCurrentIndex(sampler->findData(QStringLiteral("ddim")));
        QCOMPARE(ui::ScanWorker::sessionRequest(f.panel->job()).scan.sampling.ddimEta, 0.35);
    }

    void loadFileFillsTheList() {
        PromptFixture f;
        QVERIFY(f.session.openCase(test::newCase(f.dir)).isEmpty());
        f.panel = std::make_unique<ui::ScanPanel>(&f.session);
        QVERIFY(f.panel->findChild<QPushButton*>("loadPrompts"));
        f.panel->setPrompts(f.typed);
        // UTF-8 with a byte-order mark, CRLF line ends, blank lines, a long line: every prompt
        // arrives whole and in order.
        const QString longPrompt = QString("a very detailed prompt ").repeated(400).trimmed();
        const QStringList expected{"café au lait, still life", "  indented prompt", "🙂 emoji and 東京",
                                   longPrompt};
        const QString path = f.dir.filePath("prompts list.txt");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\xEF\xBB\xBF");
        file.write((expected.mid(0, 2).join("\r\n") + "\r\n\r\n   \n" + expected.mid(2).join("\n")).toUtf8());
        file.close();

        QSignalSpy loaded(f.panel.get(), &ui::ScanPanel::promptFileLoaded);
        f.panel->loadPromptFile(path);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.count(), 1);
        QVERIFY2(loaded.first().at(0).toBool(), qPrintable(loaded.first().at(1).toString()));
        QCOMPARE(listed(*f.panel), expected);
        const QString message = f.panel->messageText();
        QVERIFY2(message.contains("4 prompt") && message.contains("prompts list.txt"), qPrintable(message));
    }

    void loadFileRefusesWhatItCannotUse_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");  // part of the message besides the file's path
        QTest::newRow("missing") << "missing"
                                 << "cannot read";
        QTest::newRow("binary") << "binary"
                                << "NUL byte";
        QTest::newRow("too large") << "large"
                                   << "over the limit";
        QTest::newRow("empty") << "empty"
                               << "no prompts";
        QTest::newRow("blank lines only") << "blank"
                                          << "no prompts";
    }
    void loadFileRefusesWhatItCannotUse() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        PromptFixture f;
        QVERIFY(f.session.openCase(test::newCase(f.dir)).isEmpty());
        f.panel = std::make_unique<ui::ScanPanel>(&f.session);
        f.panel->setPrompts(f.typed);
        const QString path = f.dir.filePath(kind + "-prompts.txt");
        if (kind != "missing") {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            if (kind == "binary") {
                const QByteArray header("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x20", 20);
                file.write(header);
            } else if (kind == "large") {
                QVERIFY(file.resize((qint64(64) << 20) + 1));  // sparse: one byte over the limit
            } else if (kind == "blank") {
                file.write("\n   \r\n\t\n");
            }
            file.close();
        }

        QSignalSpy loaded(f.panel.get(), &ui::ScanPanel::promptFileLoaded);
        f.panel->loadPromptFile(path);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.first().at(0).toBool(), false);
        const QString message = loaded.first().at(1).toString();
        QVERIFY2(message.contains(path) && message.contains(expected), qPrintable(message));
        QCOMPARE(f.panel->messageText(), message);
        QCOMPARE(listed(*f.panel), f.typed);  // the typed prompts are kept

        // The panel keeps going: a good file afterwards loads.
        QFile good(f.dir.filePath("good.txt"));
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write("one prompt\n");
        good.close();
        f.panel->loadPromptFile(good.fileName());
        QVERIFY(loaded.wait(30000));
        QVERIFY(loaded.last().at(0).toBool());
        QCOMPARE(listed(*f.panel), QStringList{"one prompt"});
    }

    void defaultModelNotInstalledIsShown() {
        QTemporaryDir resources;  // an empty resource folder: no default model there
        const QByteArray saved = qgetenv("REPLICASCOPE_RESOURCES");
        qputenv("REPLICASCOPE_RESOURCES", resources.path().toUtf8());
        const auto restore = qScopeGuard(
            [&] { saved.isNull() ? qunsetenv("REPLICASCOPE_RESOURCES") : qputenv("REPLICASCOPE_RESOURCES", saved); });
        ui::CaseSession session;
        ui::ScanPanel panel(&session);
        QVERIFY(panel.modelFolder().isEmpty());
        QVERIFY(panel.findChild<QLabel*>("modelLabel")->text().contains("not installed"));
        QVERIFY(panel.findChild<QPushButton*>("openModel"));
        QVERIFY(!panel.findChild<QLabel*>("deviceLabel")->text().isEmpty());
        QVERIFY(!panel.findChild<QPushButton*>("run")->isEnabled());
    }

    // The embedded default model is preselected with the sampling settings its folder
    // recommends, and a run on it imports its training set and fills the grid.
    void defaultModelIsPreselectedAndFillsTheGrid() {
        QTemporaryDir dir;
        const QString path = test::newCase(dir);
        QVERIFY(!path.isEmpty());
        ui::CaseSession session;
        QCOMPARE(session.openCase(path), QString());
        ui::ScanPanel panel(&session);
        QSignalSpy checked(&panel, &ui::ScanPanel::modelChecked);
        QCOMPARE(panel.modelFolder(), QString::fromStdString(audit::defaultModelDir()));
        QVERIFY(!panel.modelFolder().isEmpty());
        QVERIFY(checked.wait(60000));
        QVERIFY2(checked.first().at(0).toBool(), qPrintable(checked.first().at(1).toString()));
        QVERIFY2(checked.first().at(1).toString().contains("Set as the model recommends"),
                 qPrintable(checked.first().at(1).toString()));
        QCOMPARE(panel.findChild<QDoubleSpinBox*>("guidance")->value(), 1.0);
        QCOMPARE(panel.findChild<QSpinBox*>("steps")->value(), 20);
        QCOMPARE(panel.findChild<QComboBox*>("sampler")->currentData().toString(), QStringLiteral("ddim"));

        ui::ResultsGrid grid;
        grid.setCase(session.caseFile());
        connect(&panel, &ui::ScanPanel::batchStored, &grid, &ui::ResultsGrid::appendGenerations);
        connect(&panel, &ui::ScanPanel::promptDone, &grid, &ui::ResultsGrid::refreshPrompt);
        panel.setPrompts({QString::fromUtf8(kDefaultModelCaption)});
        panel.findChild<QSpinBox*>("seeds")->setValue(8);
        panel.findChild<QSpinBox*>("batch")->setValue(8);
        QSignalSpy finished(&panel, &ui::ScanPanel::scanFinished);
        QSignalSpy failed(&panel, &ui::ScanPanel::scanFailed);
        QTest::mouseClick(panel.findChild<QPushButton*>("run"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 300000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
        QCOMPARE(grid.model()->rowCount(), 8);
        QVERIFY(panel.runner()->wait(30000));
        auto sets = store::listReferenceSets(session.caseFile()->db());
        QVERIFY(sets.ok());
        QCOMPARE(int(sets->size()), 1);
        QCOMPARE(QString::fromStdString(sets->front().name), QString(audit::kDefaultReferenceSet));
        QCOMPARE(sets->front().images, std::int64_t(400));
    }
};

RS_REGISTER_TEST(TestScanPanel)
#include "tst_scan_panel.moc"
