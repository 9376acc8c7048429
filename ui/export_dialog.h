#pragma once
// Evidence › Export Report: format, which findings, and where the report goes.
#include "report/exporter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace rs::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // casePath: the open case; the suggested output sits beside it.
    explicit ExportDialog(const QString& casePath, QWidget* parent = nullptr);

    report::ExportOptions options() const;

private:
    void suggestOutput();
    void browse();

    QString m_casePath;
    QComboBox* m_format = nullptr;
    QCheckBox* m_onlyReplicated = nullptr;
    QCheckBox* m_replace = nullptr;
    QLineEdit* m_output = nullptr;
};

}  // namespace rs::ui
