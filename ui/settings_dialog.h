#pragma once
// Settings (QSettings through AppSettings): the detection thresholds, each with one line on what
// it means, the generation defaults, the reviewer's name and the interface language.
#include "ui/app_settings.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace rs::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);

    // Writes the dialog's values to AppSettings (also done on OK).
    void save() const;

private:
    QWidget* thresholdsPage();
    QWidget* generationPage();
    QWidget* reviewPage();

    QDoubleSpinBox* m_tiledL2 = nullptr;
    QSpinBox* m_minClique = nullptr;
    QDoubleSpinBox* m_sscd = nullptr;
    QDoubleSpinBox* m_sscdHigh = nullptr;
    QSpinBox* m_phash = nullptr;
    QSpinBox* m_seeds = nullptr;
    QSpinBox* m_steps = nullptr;
    QDoubleSpinBox* m_guidance = nullptr;
    QComboBox* m_sampler = nullptr;
    QComboBox* m_device = nullptr;
    QLineEdit* m_reviewer = nullptr;
    QComboBox* m_language = nullptr;
};

}  // namespace rs::ui
