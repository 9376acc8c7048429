// Evidence jobs from the GUI: the export dialog's choices become export options; a report
// exported off the GUI thread is written and audited; failures come back as messages; the
// regeneration of a generation that does not exist says so.
#include "test_registry.h"

#include "store/audit_log.h"
#include "store/case_file.h"
#include "ui/evidence_task.h"
#include "ui/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
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
#include "tst_evidence.moc"
