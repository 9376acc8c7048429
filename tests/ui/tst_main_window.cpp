#include "review_case_fixture.h"
#include "test_registry.h"
#include "test_settings.h"

#include "store/case_repository.h"
#include "ui/app_settings.h"
#include "ui/case_session.h"
#include "ui/main_window.h"
#include "ui/model_check.h"
#include "ui/reference_sets_view.h"
#include "ui/review_queue_model.h"
#include "ui/review_queue_view.h"
#include "ui/scan_panel.h"
#include "ui/settings_dialog.h"
#include "ui/verify_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTabWidget>
#include <QMenuBar>
#include <QMimeData>
#include <QDir>
#include <QImage>
#include <QDropEvent>
#include <QTemporaryDir>
#include <QtTest>

class TestMainWindow : public QObject {
    Q_OBJECT

    // A window whose scan panel has finished checking the default model, if one is installed
    // (the check sets the model's recommended steps and guidance when it completes).
    static void waitForModelCheck(rs::ui::MainWindow& w) {
        if (w.scanPanel()->modelFolder().isEmpty()) return;
        QSignalSpy checked(w.scanPanel(), &rs::ui::ScanPanel::modelChecked);
        QVERIFY(checked.wait(60000));
    }

    // A window on the review fixture case (candidates of sets "portfolio" and "laion"), shown
    // and active so window shortcuts work, on the Review tab.
    static std::unique_ptr<rs::ui::MainWindow> reviewWindow(rs::ui::test::ReviewCase& rc) {
        auto w = std::make_unique<rs::ui::MainWindow>();
        w->setQuiet(true);
        if (!w->openCaseFile(rc.session->casePath()).isEmpty()) return nullptr;
        w->show();
        w->activateWindow();
        if (!QTest::qWaitForWindowActive(w.get())) return nullptr;
        w->showTab(4);
        return w;
    }

    static QString statusOf(rs::ui::MainWindow& w, std::int64_t candidateId) {
        auto st = w.session()->caseFile()->db().prepare("SELECT status FROM candidates WHERE id = ?");
        st.bind(1, candidateId);
        return st.step() ? QString::fromStdString(st.text(0)) : QString();
    }

private slots:
    void initTestCase() { rs::test::useTestSettings(); }
    void init() { QSettings().clear(); }

    void startupCreatesUntitledCaseWhenNoneKnown() {
        rs::ui::MainWindow w;
        w.setQuiet(true);
        QCOMPARE(w.openStartupCase(QString()), QString());
        QVERIFY(w.session()->isOpen());
        QVERIFY(QFile::exists(w.session()->casePath()));
        QVERIFY(w.windowTitle().contains(w.session()->casePath()));
        QCOMPARE(rs::ui::AppSettings::recentCases().value(0), w.session()->casePath());
        auto* title = w.findChild<QLabel*>("titleValue");
        QVERIFY(title);
        QCOMPARE(title->text(), QString("Untitled case"));
    }

    void mainViewsAndMenusArePresent() {
        rs::ui::MainWindow w;
        w.setQuiet(true);
        QCOMPARE(w.openStartupCase(QString()), QString());
        auto* tabs = w.findChild<QTabWidget*>("mainTabs");
        QVERIFY(tabs);
        QStringList titles;
        for (int i = 0; i < tabs->count(); ++i) titles << tabs->tabText(i).remove('&');
        QCOMPARE(titles, QStringList({"Case", "Reference Sets", "Scan", "Results", "Review"}));
        QVERIFY(w.scanPanel() && w.resultsGrid() && w.reviewQueue() && w.referenceSets());
        QStringList menus;
        for (QAction* a : w.menuBar()->actions()) menus << a->text().remove('&');
        QCOMPARE(menus, QStringList({"File", "Edit", "Case", "Evidence", "Tools", "Help"}));
        w.showTab(4);
        QCOMPARE(tabs->currentIndex(), 4);
        w.showTab(99);  // ignored
        QCOMPARE(tabs->currentIndex(), 4);
    }

    // Settings accepted with new seeds, steps, device and reviewer: the open scan panel and
    // review queue show them; a field whose default did not change keeps its value.
    void acceptedSettingsReachOpenViews() {
        rs::ui::MainWindow w;
        w.setQuiet(true);
        QCOMPARE(w.openStartupCase(QString()), QString());
        waitForModelCheck(w);
        auto* guidance = w.scanPanel()->findChild<QDoubleSpinBox*>("guidance");
        guidance->setValue(3.5);  // as a model's recommendation or the user would set it
        auto* reviewer = w.reviewQueue()->findChild<QLineEdit*>("reviewer");

        rs::ui::SettingsDialog dialog(&w);
        dialog.findChild<QSpinBox*>("seeds")->setValue(37);
        dialog.findChild<QSpinBox*>("steps")->setValue(12);
        auto* device = dialog.findChild<QComboBox*>("device");
        device->setCurrentIndex(device->findData("cpu"));
        dialog.findChild<QLineEdit*>("reviewer")->setText("Dr. Settings");
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        w.applySettings();

        QCOMPARE(w.scanPanel()->findChild<QSpinBox*>("seeds")->value(), 37);
        QCOMPARE(w.scanPanel()->findChild<QSpinBox*>("steps")->value(), 12);
        QCOMPARE(guidance->value(), 3.5);
        QCOMPARE(w.scanPanel()->job().seeds, 37);
        QCOMPARE(w.scanPanel()->job().device, QString("cpu"));
        const QString label = w.scanPanel()->findChild<QLabel*>("deviceLabel")->text();
        QVERIFY2(label.startsWith("CPU, "), qPrintable(label));
        QCOMPARE(reviewer->text(), QString("Dr. Settings"));
    }

    // A device the machine lacks is named in the panel's label (the next scan reports it too);
    // a reviewer name cleared in Settings clears the queue's field too.
    void unusableDeviceAndClearedReviewerAreShown() {
        rs::ui::AppSettings::setReviewerName("Someone");
        rs::ui::MainWindow w;
        w.setQuiet(true);
        QCOMPARE(w.openStartupCase(QString()), QString());
        waitForModelCheck(w);
        auto* reviewer = w.reviewQueue()->findChild<QLineEdit*>("reviewer");
        QCOMPARE(reviewer->text(), QString("Someone"));
        rs::ui::GenerationDefaults d = rs::ui::AppSettings::generationDefaults();
        d.device = "cuda";
        rs::ui::AppSettings::setGenerationDefaults(d);
        rs::ui::AppSettings::setReviewerName(QString());
        w.applySettings();

        QCOMPARE(w.scanPanel()->job().device, QString("cuda"));
        const QString label = w.scanPanel()->findChild<QLabel*>("deviceLabel")->text();
        if (rs::ui::resolveDevice("cuda").problem.isEmpty())
            QVERIFY2(label.startsWith("CUDA"), qPrintable(label));
        else
            QVERIFY2(label.contains("cannot be used"), qPrintable(label));
        QVERIFY(reviewer->text().isEmpty());
    }

    // Closing the window keeps its splitter sizes and tab; the next window opens with them.
    void splittersAndTabComeBack() {
        const QStringList names{"referenceSetsSplitter", "resultsSplitter", "reviewSplitter"};
        const QList<int> tabOf{1, 3, 4};
        QList<QList<int>> saved;
        {
            rs::ui::MainWindow w;
            w.setQuiet(true);
            QCOMPARE(w.openStartupCase(QString()), QString());
            w.resize(1900, 1000);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            for (int i = 0; i < names.size(); ++i) {
                w.showTab(tabOf[i]);
                auto* split = w.findChild<QSplitter*>(names[i]);
                QVERIFY2(split, qPrintable(names[i]));
                QTRY_VERIFY(split->isVisible() && split->width() > 400);
                const QList<int> before = split->sizes();
                const int total = before.value(0) + before.value(1);
                split->setSizes({total / 4 + 10 * i, total - total / 4 - 10 * i});
                QVERIFY2(split->sizes() != before, qPrintable(names[i]));
                saved << split->sizes();
            }
            w.showTab(2);
            QVERIFY(w.close());
        }
        rs::ui::MainWindow w;
        w.setQuiet(true);
        QCOMPARE(w.openStartupCase(QString()), QString());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.size(), QSize(1900, 1000));
        QCOMPARE(w.findChild<QTabWidget*>("mainTabs")->currentIndex(), 2);
        for (int i = 0; i < names.size(); ++i) {
            w.showTab(tabOf[i]);
            QCOMPARE(w.findChild<QSplitter*>(names[i])->sizes(), saved[i]);
        }
    }

    // Nothing saved (first start) or a saved tab that no longer exists: the first tab, default sizes.
    void missingOrStaleWindowStateIsIgnored() {
        const QList<int> defaultSizes = rs::ui::MainWindow().findChild<QSplitter*>("reviewSplitter")->sizes();
        QSettings().setValue("window/tab", 42);
        QSettings().setValue("window/splitters/reviewSplitter", QByteArray("not a splitter state"));
        rs::ui::MainWindow w;
        QCOMPARE(w.findChild<QTabWidget*>("mainTabs")->currentIndex(), 0);
        QCOMPARE(w.size(), QSize(1280, 800));
        QCOMPARE(w.findChild<QSplitter*>("reviewSplitter")->sizes(), defaultSizes);
    }

    // Edit › Undo has Ctrl+Z for the whole window: with focus on a filter, in the table or on
    // another tab it undoes the last decision once (and brings the Review tab forward); in a
    // text field Ctrl+Z undoes the typing instead.
    void ctrlZUndoesTheLastDecisionFromAnywhere() {
        rs::ui::AppSettings::setReviewerName("Undo Tester");
        auto rc = rs::ui::test::makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        auto w = reviewWindow(*rc);
        QVERIFY(w);
        rs::ui::ReviewQueueView* queue = w->reviewQueue();
        auto* tabs = w->findChild<QTabWidget*>("mainTabs");
        auto* statusFilter = queue->findChild<QComboBox*>("statusFilter");
        auto* note = queue->findChild<QLineEdit*>("note");
        const std::int64_t first = queue->model()->item(0)->candidate.id;
        auto& db = w->session()->caseFile()->db();
        const QList<QWidget*> focusTargets{statusFilter, queue->table(),
                                           w->scanPanel()->findChild<QWidget*>("openModel")};
        // not selectRow: it would toggle under the Ctrl modifier the last key click leaves behind
        const auto selectFirstRow = [queue] {
            queue->table()->selectionModel()->setCurrentIndex(
                queue->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        };
        for (QWidget* target : focusTargets) {
            selectFirstRow();
            queue->decideSelected(rs::store::CandidateStatus::Confirmed);
            QCOMPARE(statusOf(*w, first), QString("confirmed"));
            const std::int64_t reviews = rs::ui::test::reviewRows(db, first);
            if (target == focusTargets.last()) w->showTab(2);
            target->setFocus();
            QTRY_COMPARE(QApplication::focusWidget(), target);
            QTest::keyClick(target, Qt::Key_Z, Qt::ControlModifier);
            QCOMPARE(statusOf(*w, first), QString("pending"));
            QCOMPARE(rs::ui::test::reviewRows(db, first), reviews + 1);  // one undo, not two
            QCOMPARE(tabs->currentIndex(), 4);
        }

        selectFirstRow();
        queue->decideSelected(rs::store::CandidateStatus::Rejected);
        note->setFocus();
        QTest::keyClicks(note, "typo");
        QTest::keyClick(note, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(note->text().isEmpty());
        QCOMPARE(statusOf(*w, first), QString("rejected"));
        QVERIFY(queue->canUndo());
    }

    // A reference set imported while the Review tab has a filter chosen and a row selected:
    // the new set is offered in the filter; the filter, the queue and the selection stay.
    // A failed import adds nothing.
    void importedSetAppearsInTheQueueFilter() {
        auto rc = rs::ui::test::makeReviewCase();
        QVERIFY2(rc->error.isEmpty(), qPrintable(rc->error));
        auto w = reviewWindow(*rc);
        QVERIFY(w);
        rs::ui::ReviewQueueView* queue = w->reviewQueue();
        auto* filter = queue->findChild<QComboBox*>("referenceSetFilter");
        const int portfolio = filter->findText("portfolio");
        QVERIFY(portfolio > 0);
        filter->setCurrentIndex(portfolio);
        emit filter->activated(portfolio);
        const int rows = queue->model()->rowCount();
        queue->table()->selectRow(1);

        QTemporaryDir dir;
        const QString folder = dir.filePath("new-sketches");
        QVERIFY(QDir().mkpath(folder));
        QImage image(32, 32, QImage::Format_RGB32);
        image.fill(Qt::darkGreen);
        QVERIFY(image.save(folder + "/sketch.png"));
        QSignalSpy finished(w->referenceSets(), &rs::ui::ReferenceSetsView::importFinished);
        w->referenceSets()->importFolder(folder, "new-sketches");
        QVERIFY(finished.wait(60000));
        QVERIFY(filter->findText("new-sketches") > 0);
        QCOMPARE(filter->currentText(), QString("portfolio"));
        QCOMPARE(queue->model()->rowCount(), rows);
        QCOMPARE(queue->table()->currentIndex().row(), 1);

        const QString empty = dir.filePath("empty");
        QVERIFY(QDir().mkpath(empty));
        const int choices = filter->count();
        w->referenceSets()->importFolder(empty, "nothing-here");
        QVERIFY(finished.wait(60000));
        QCOMPARE(filter->count(), choices);
        QCOMPARE(filter->findText("nothing-here"), -1);
    }

    void droppedFolderBecomesAReferenceSet() {
        rs::ui::MainWindow w;
        w.setQuiet(true);
        QCOMPARE(w.openStartupCase(QString()), QString());
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("my-portfolio"));
        const QString folder = dir.filePath("my-portfolio");
        for (int i = 0; i < 3; ++i) {
            QImage image(64, 64, QImage::Format_RGB32);
            image.fill(QColor::fromHsv(i * 100, 200, 200));
            QVERIFY(image.save(folder + QString("/work-%1.png").arg(i)));
        }
        QSignalSpy finished(w.referenceSets(), &rs::ui::ReferenceSetsView::importFinished);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(folder)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.front().front().toString().contains("3"), qPrintable(finished.front().front().toString()));
        QCOMPARE(w.findChild<QTabWidget*>("mainTabs")->currentWidget(), static_cast<QWidget*>(w.referenceSets()));
    }

    void startupReopensMostRecentCase() {
        QTemporaryDir dir;
        const QString path = dir.filePath("recent.rscase");
        {
            rs::ui::CaseSession session;
            rs::store::CaseDetails d;
            d.title = "Recent";
            d.examiner = "E. Xaminer";
            d.caseNumber = "C-2";
            QCOMPARE(session.createCase(path, d), QString());
        }
        rs::ui::AppSettings::addRecentCase(path);
        rs::ui::MainWindow w;
        w.setQuiet(true);
        QCOMPARE(w.openStartupCase(QString()), QString());
        QCOMPARE(w.session()->casePath(), path);
        QCOMPARE(w.findChild<QLabel*>("titleValue")->text(), QString("Recent"));
    }

    void openingCorruptFileShowsMessageAndKeepsCurrentCase() {
        QTemporaryDir dir;
        const QString good = dir.filePath("good.rscase");
        const QString bad = dir.filePath("bad.rscase");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a database at all, just text pretending to be one");
        f.close();
        rs::ui::MainWindow w;
        w.setQuiet(true);
        rs::store::CaseDetails d;
        d.title = "Good";
        d.examiner = "E";
        d.caseNumber = "C-1";
        QCOMPARE(w.session()->createCase(good, d), QString());
        const QString error = w.openCaseFile(bad);
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains("bad.rscase"), qPrintable(error));
        QCOMPARE(w.session()->casePath(), good);
    }

    void editedDetailsAreShownAndAudited() {
        QTemporaryDir dir;
        rs::ui::MainWindow w;
        w.setQuiet(true);
        rs::store::CaseDetails d;
        d.title = "Before";
        d.examiner = "E";
        d.caseNumber = "C-1";
        QCOMPARE(w.session()->createCase(dir.filePath("c.rscase"), d), QString());
        const auto before = w.session()->summary();
        QVERIFY(before);
        d = before->details;
        d.title = "After <b>not html</b>";
        QCOMPARE(w.session()->saveDetails(d), QString());
        QCOMPARE(w.findChild<QLabel*>("titleValue")->text(), QString("After <b>not html</b>"));
        const auto after = w.session()->summary();
        QVERIFY(after);
        QCOMPARE(after->auditRows, before->auditRows + 1);
        QVERIFY(after->auditHeadHash != before->auditHeadHash);
    }

    void verifyDialogReportsIntactCase() {
        QTemporaryDir dir;
        rs::ui::CaseSession session;
        rs::store::CaseDetails d;
        d.title = "V";
        d.examiner = "E";
        d.caseNumber = "C-1";
        QCOMPARE(session.createCase(dir.filePath("v.rscase"), d), QString());
        rs::ui::VerifyDialog dialog(session.casePath());
        QSignalSpy finished(&dialog, &rs::ui::VerifyDialog::verificationFinished);
        dialog.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(dialog.outcome().error.isEmpty());
    }

    void verifyDialogReportsTamperedImage() {
        QTemporaryDir dir;
        rs::ui::CaseSession session;
        rs::store::CaseDetails d;
        d.title = "T";
        d.examiner = "E";
        d.caseNumber = "C-1";
        QCOMPARE(session.createCase(dir.filePath("t.rscase"), d), QString());
        auto stored = session.caseFile()->images().put(std::string("\x89PNG fake image bytes"));
        QVERIFY2(stored.ok(), stored.ok() ? "" : stored.message().c_str());
        const QString file = QString::fromStdString(stored->path.string());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.write("X");
        f.close();
        rs::ui::VerifyDialog dialog(session.casePath());
        QSignalSpy finished(&dialog, &rs::ui::VerifyDialog::verificationFinished);
        dialog.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!dialog.outcome().problems.isEmpty());
    }
};

RS_REGISTER_TEST(TestMainWindow)
#include "tst_main_window.moc"
