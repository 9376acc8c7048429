// Settings: OK writes every field to QSettings, Cancel writes nothing, Restore Defaults resets.
#include "test_registry.h"
#include "test_settings.h"

#include "ui/app_settings.h"
#include "ui/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

class TestSettingsDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { rs::test::useTestSettings(); }
    void init() { QSettings().clear(); }

    void okSavesEveryField() {
        rs::ui::SettingsDialog dialog;
        dialog.findChild<QDoubleSpinBox*>("tiledL2")->setValue(0.1);
        dialog.findChild<QSpinBox*>("minCliqueSize")->setValue(5);
        dialog.findChild<QSpinBox*>("phashHamming")->setValue(6);
        dialog.findChild<QSpinBox*>("seeds")->setValue(64);
        dialog.findChild<QSpinBox*>("steps")->setValue(20);
        auto* sampler = dialog.findChild<QComboBox*>("sampler");
        sampler->setCurrentIndex(sampler->findData("dpm++2m"));
        dialog.findChild<QLineEdit*>("reviewer")->setText("  A. Examiner ");
        auto* language = dialog.findChild<QComboBox*>("language");
        language->setCurrentIndex(language->findData("de"));
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        const auto t = rs::ui::AppSettings::thresholds();
        QCOMPARE(t.tiledL2, 0.1);
        QCOMPARE(t.minCliqueSize, 5);
        QCOMPARE(t.phashHamming, 6);
        const auto d = rs::ui::AppSettings::generationDefaults();
        QCOMPARE(d.seeds, 64);
        QCOMPARE(d.steps, 20);
        QCOMPARE(d.sampler, QString("dpm++2m"));
        QCOMPARE(rs::ui::AppSettings::reviewerName(), QString("A. Examiner"));
        QCOMPARE(rs::ui::AppSettings::language(), QString("de"));
    }

    void cancelSavesNothing() {
        rs::ui::SettingsDialog dialog;
        dialog.findChild<QDoubleSpinBox*>("tiledL2")->setValue(0.3);
        dialog.findChild<QLineEdit*>("reviewer")->setText("someone");
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel)->click();
        QCOMPARE(rs::ui::AppSettings::thresholds().tiledL2, rs::ui::Thresholds{}.tiledL2);
        QVERIFY(rs::ui::AppSettings::reviewerName().isEmpty());
    }

    void restoreDefaultsResetsThresholds() {
        rs::ui::Thresholds changed;
        changed.tiledL2 = 0.4;
        changed.minCliqueSize = 3;
        rs::ui::AppSettings::setThresholds(changed);
        rs::ui::SettingsDialog dialog;
        QCOMPARE(dialog.findChild<QDoubleSpinBox*>("tiledL2")->value(), 0.4);
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::RestoreDefaults)->click();
        dialog.save();
        QCOMPARE(rs::ui::AppSettings::thresholds().tiledL2, 0.15);
        QCOMPARE(rs::ui::AppSettings::thresholds().minCliqueSize, 10);
    }

    void everyThresholdIsExplained() {
        rs::ui::SettingsDialog dialog;
        const auto notes = dialog.findChildren<QLabel*>("explanation");
        QVERIFY(notes.size() >= 5);
        for (const auto* note : notes) QVERIFY(!note->text().isEmpty());
    }
};

RS_REGISTER_TEST(TestSettingsDialog)
#include "tst_settings_dialog.moc"
