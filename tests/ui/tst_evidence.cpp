// Evidence jobs from the GUI: the export dialog's choices become export options; a report
// exported off the GUI thread is written and audited; failures come back as messages; the
// regeneration of a generation that does not exist says so. In the main window, a right-click
// on a generation in the results grid or a candidate in the review queue regenerates it from a
// real scan with the tiny model and reports the match, or the altered image.
#include "scan_test_support.h"
#include "test_registry.h"
#include "test_settings.h"

#include "store/audit_log.h"
#include "store/case_file.h"
#include "store/run_repository.h"
#include "ui/case_session.h"
#include "ui/evidence_task.h"
#include "ui/export_dialog.h"
#include "ui/main_window.h"
#include "ui/results_grid.h"
#include "ui/results_model.h"
#include "ui/review_queue_model.h"
#include "ui/review_queue_view.h"
#include "ui/scan_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QFile>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

class TestEvidence : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_case;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_case = m_dir.filePath("evidence.rscase");
        rs::store::CaseDetails details;
        details.caseNumber = "EV-1";
        details.title = "Evidence test";
        details.examiner = "Examiner";
        auto created = rs::store::CaseFile::create(m_case.toStdString(), details, "tester");
        QVERIFY2(created.ok(), created.ok() ? "" : created.message().c_str());
    }

    void dialogTurnsChoicesIntoOptions() {
        rs::ui::ExportDialog dialog(m_case);
        auto* output = dialog.findChild<QLineEdit*>("output");
        QVERIFY(output->text().endsWith("evidence-report"));  // HTML: a folder beside the case
        auto* format = dialog.findChild<QComboBox*>("format");
        format->setCurrentIndex(format->findData("csv"));
        dialog.findChild<QCheckBox*>("onlyReplicated")->setChecked(true);
        QVERIFY(output->text().endsWith("evidence-replicated.csv"));
        const auto o = dialog.options();
        QCOMPARE(int(o.format), int(rs::report::ExportFormat::Csv));
        QCOMPARE(int(o.filter), int(rs::report::FindingFilter::Replicated));
        QVERIFY(!o.force);
    }

    void exportIsWrittenAndAudited() {
        rs::ui::EvidenceTask task;
        QSignalSpy finished(&task, &rs::ui::EvidenceTask::finished);
        rs::report::ExportOptions o;
        o.format = rs::report::ExportFormat::Json;
        o.out = m_dir.filePath("report.json").toStdString();
        QVERIFY(task.startExport(m_case, o, "Reviewer One"));
        QVERIFY(task.isRunning());
        QVERIFY(!task.startExport(m_case, o, "Reviewer One"));  // one job at a time
        QVERIFY(finished.wait(60000));
        QVERIFY(!task.isRunning());
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(finished.at(0).at(2).toString().contains("SHA-256"));
        QVERIFY(QFile::exists(m_dir.filePath("report.json")));

        auto opened = rs::store::CaseFile::open(m_case.toStdString(), rs::store::OpenMode::ReadOnly);
        QVERIFY(opened.ok());
        auto rows = rs::store::listAudit(opened->db());
        QVERIFY(rows.ok());
        QCOMPARE(QString::fromStdString(rows->back().action), QString("report.exported"));
        QCOMPARE(QString::fromStdString(rows->back().actor), QString("Reviewer One"));
    }

    void exportFailureIsAMessage() {
        rs::ui::EvidenceTask task;
        QSignalSpy finished(&task, &rs::ui::EvidenceTask::finished);
        rs::report::ExportOptions o;
        o.format = rs::report::ExportFormat::Json;
        o.out = m_dir.filePath("report.json").toStdString();  // exists already, no "replace"
        QVERIFY(task.startExport(m_case, o, "Reviewer One"));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!finished.at(0).at(2).toString().isEmpty());
    }

    void regeneratingAMissingGenerationSaysSo() {
        rs::ui::EvidenceTask task;
        QSignalSpy finished(&task, &rs::ui::EvidenceTask::finished);
        QVERIFY(task.startRegeneration(m_case, 4242));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY2(finished.at(0).at(2).toString().contains("4242"), qPrintable(finished.at(0).at(2).toString()));
    }
};

RS_REGISTER_TEST(TestEvidence)

class TestRegenerateFromViews : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<rs::ui::MainWindow> m_window;
    QList<qint64> m_generations;  // of the scan, in the grid's order

    // Right-clicks `view` at `pos` (viewport coordinates); the menu it opened, if any.
    static QMenu* contextMenuAt(QAbstractItemView* view, const QPoint& pos) {
        const QList<QMenu*> before = view->findChildren<QMenu*>("generationMenu");  // closed ones await deletion
        QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view->viewport()->mapToGlobal(pos));
        QCoreApplication::sendEvent(view->viewport(), &event);
        for (QMenu* menu : view->findChildren<QMenu*>("generationMenu"))
            if (!before.contains(menu)) return menu;
        return nullptr;
    }

    // Triggers the menu's one action and waits for the regeneration's outcome.
    QList<QVariant> regenerateFrom(QMenu* menu) {
        QSignalSpy finished(m_window->evidenceTask(), &rs::ui::EvidenceTask::finished);
        const QList<QAction*> actions = menu->actions();
        if (actions.size() != 1 || !actions.front()->isEnabled()) return {};
        actions.front()->trigger();
        menu->close();
        if (!finished.wait(180000)) return {};
        return finished.front();
    }

private slots:
    void initTestCase() {
        rs::test::useTestSettings();
        QSettings().clear();
        const QString path = rs::test::newCase(m_dir);
        QVERIFY(!path.isEmpty());
        m_window = std::make_unique<rs::ui::MainWindow>();
        m_window->setQuiet(true);
        QCOMPARE(m_window->openCaseFile(path), QString());
        rs::ui::ScanPanel* panel = m_window->scanPanel();
        QSignalSpy checked(panel, &rs::ui::ScanPanel::modelChecked);
        panel->setModelFolder(rs::test::tinyModelDir());
        QVERIFY(checked.wait(60000));
        QVERIFY2(checked.last().at(0).toBool(), qPrintable(checked.last().at(1).toString()));
        panel->setPrompts({"a windmill at dusk"});
        panel->findChild<QSpinBox*>("seeds")->setValue(2);
        panel->findChild<QSpinBox*>("steps")->setValue(2);
        panel->findChild<QSpinBox*>("batch")->setValue(2);
        QSignalSpy finished(panel, &rs::ui::ScanPanel::scanFinished);
        panel->startScan();
        QVERIFY(finished.wait(180000));
        m_window->resize(1000, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        const rs::ui::ResultsModel* model = m_window->resultsGrid()->model();
        QCOMPARE(model->rowCount(), 2);
        for (int row = 0; row < 2; ++row) m_generations << model->item(row)->generationId;
    }

    void cleanupTestCase() { m_window.reset(); }

    void gridMenuRegeneratesTheGenerationUnderTheCursor() {
        m_window->showTab(3);
        QListView* view = m_window->resultsGrid()->view();
        const QModelIndex second = view->model()->index(1, 0);
        QTRY_VERIFY(view->visualRect(second).isValid());
        QMenu* menu = contextMenuAt(view, view->visualRect(second).center());
        QVERIFY(menu);
        QVERIFY2(menu->actions().value(0)->text().contains(QString::number(m_generations[1])),
                 qPrintable(menu->actions().value(0)->text()));
        const QList<QVariant> outcome = regenerateFrom(menu);
        QCOMPARE(outcome.size(), 3);
        QVERIFY2(outcome[0].toBool(), qPrintable(outcome[2].toString()));
        QCOMPARE(outcome[1].toString(), QString("Generation Reproduced"));
        QVERIFY2(outcome[2].toString().startsWith(QString("Generation %1,").arg(m_generations[1])),
                 qPrintable(outcome[2].toString()));
    }

    void noMenuBesideTheItems() {
        QListView* view = m_window->resultsGrid()->view();
        const QPoint empty(view->viewport()->width() - 2, view->viewport()->height() - 2);
        QVERIFY(!view->indexAt(empty).isValid());
        QVERIFY(!contextMenuAt(view, empty));
    }

    // A candidate's generation, from the review queue; while that runs a second menu offers
    // the action disabled (one evidence job at a time).
    void queueMenuRegeneratesTheCandidatesGeneration() {
        rs::store::Candidate candidate;
        candidate.generationId = m_generations[0];
        candidate.otherGenerationId = m_generations[1];
        candidate.metric = "tiled_l2";
        candidate.distances = {{"tiled_l2", 0.1}};
        candidate.thresholdsCrossed = {"tiled_l2"};
        candidate.score = 0.5;
        auto inserted = rs::store::insertCandidates(m_window->session()->caseFile()->db(), {candidate});
        QVERIFY2(inserted.ok(), inserted.ok() ? "" : inserted.message().c_str());
        m_window->showTab(4);
        m_window->reviewQueue()->refresh();
        QTableView* table = m_window->reviewQueue()->table();
        QCOMPARE(table->model()->rowCount(), 1);
        const QPoint cell = table->visualRect(table->model()->index(0, 0)).center();
        QMenu* menu = contextMenuAt(table, cell);
        QVERIFY(menu);
        QVERIFY(menu->actions().value(0)->text().contains(QString::number(m_generations[0])));

        QSignalSpy finished(m_window->evidenceTask(), &rs::ui::EvidenceTask::finished);
        menu->actions().front()->trigger();
        menu->close();
        QVERIFY(m_window->evidenceTask()->isRunning());
        QMenu* second = contextMenuAt(table, cell);
        QVERIFY(second);
        QVERIFY(!second->actions().value(0)->isEnabled());
        second->close();
        QVERIFY(finished.wait(180000));
        QVERIFY2(finished.front().at(0).toBool(), qPrintable(finished.front().at(2).toString()));
        QVERIFY(finished.front().at(2).toString().startsWith(QString("Generation %1,").arg(m_generations[0])));
    }

    // The stored image altered on disk: the regeneration from the grid fails and says why.
    void alteredImageIsReportedFromTheGrid() {
        auto generation = rs::store::getGeneration(m_window->session()->caseFile()->db(), m_generations[0]);
        QVERIFY(generation.ok());
        auto file = m_window->session()->caseFile()->images().pathOf(generation->imageSha256);
        QVERIFY(file.ok());
        QFile image(QString::fromStdString(file->string()));
        QVERIFY(image.setPermissions(image.permissions() | QFileDevice::WriteOwner));
        QVERIFY(image.open(QIODevice::ReadWrite | QIODevice::Append));
        image.write("x");
        image.close();
        m_window->showTab(3);
        QListView* view = m_window->resultsGrid()->view();
        QMenu* menu = contextMenuAt(view, view->visualRect(view->model()->index(0, 0)).center());
        QVERIFY(menu);
        const QList<QVariant> outcome = regenerateFrom(menu);
        QCOMPARE(outcome.size(), 3);
        QVERIFY(!outcome[0].toBool());
        QCOMPARE(outcome[1].toString(), QString("Regeneration Failed"));
        QVERIFY2(m_window->lastError().contains("altered"), qPrintable(m_window->lastError()));
    }
};

RS_REGISTER_TEST(TestRegenerateFromViews)
#include "tst_evidence.moc"
