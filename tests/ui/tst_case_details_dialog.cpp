#include "test_registry.h"

#include "ui/case_details_dialog.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

class TestCaseDetailsDialog : public QObject {
    Q_OBJECT
private slots:
    void validation_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("examiner");
        QTest::addColumn<QString>("expectedProblem");  // substring; empty = valid
        QTest::newRow("valid") << "new.rscase"
                               << "Title"
                               << "Examiner"
                               << "";
        QTest::newRow("no path") << ""
                                 << "Title"
                                 << "Examiner"
                                 << "Choose where";
        QTest::newRow("no title") << "new.rscase"
                                  << "  "
                                  << "Examiner"
                                  << "title";
        QTest::newRow("no examiner") << "new.rscase"
                                     << "Title"
                                     << ""
                                     << "examiner";
        QTest::newRow("existing file") << "exists.rscase"
                                       << "Title"
                                       << "Examiner"
                                       << "already exists";
        QTest::newRow("missing folder") << "no/such/dir/x.rscase"
                                        << "Title"
                                        << "Examiner"
                                        << "does not exist";
    }
    void validation() {
        QFETCH(QString, path);
        QFETCH(QString, title);
        QFETCH(QString, examiner);
        QFETCH(QString, expectedProblem);
        QTemporaryDir dir;
        QFile existing(dir.filePath("exists.rscase"));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.close();

        rs::ui::CaseDetailsDialog dialog(rs::ui::CaseDetailsDialog::Mode::NewCase, {});
        dialog.setCasePath(path.isEmpty() ? QString() : dir.filePath(path));
        dialog.findChild<QLineEdit*>("caseNumber")->setText("2026-001");
        dialog.findChild<QLineEdit*>("title")->setText(title);
        dialog.findChild<QLineEdit*>("examiner")->setText(examiner);
        const QString problem = dialog.validationMessage();
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        if (expectedProblem.isEmpty()) {
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QVERIFY(ok->isEnabled());
        } else {
            QVERIFY2(problem.contains(expectedProblem, Qt::CaseInsensitive), qPrintable(problem));
            QVERIFY(!ok->isEnabled());
        }
    }

    void detailsAreTrimmedAndNotesKeptVerbatim() {
        rs::store::CaseDetails in;
        in.notes = "line 1\n  '; DROP TABLE cases; --";
        rs::ui::CaseDetailsDialog dialog(rs::ui::CaseDetailsDialog::Mode::EditCase, in);
        dialog.findChild<QLineEdit*>("title")->setText("  Padded title  ");
        dialog.findChild<QLineEdit*>("examiner")->setText("Ann");
        const auto out = dialog.details();
        QCOMPARE(QString::fromStdString(out.title), QString("Padded title"));
        QCOMPARE(out.notes, in.notes);
    }
};

RS_REGISTER_TEST(TestCaseDetailsDialog)
#include "tst_case_details_dialog.moc"
