#pragma once
// Form for a case's details (case number, title, examiner, organisation, notes). For a new
// case it also asks where to save the case file.
#include "store/records.h"

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;
class QDialogButtonBox;
class QLabel;

namespace rs::ui {

class CaseDetailsDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { NewCase, EditCase };
    CaseDetailsDialog(Mode mode, const store::CaseDetails& details, QWidget* parent = nullptr);

    store::CaseDetails details() const;
    QString casePath() const;  // NewCase only
    void setCasePath(const QString& path);

    // Empty when the form can be accepted, else what is missing.
    QString validationMessage() const;

    void accept() override;

private:
    void chooseCasePath();
    void updateState();

    Mode m_mode;
    store::CaseDetails m_original;
    QLineEdit* m_path = nullptr;
    QLineEdit* m_caseNumber = nullptr;
    QLineEdit* m_title = nullptr;
    QLineEdit* m_examiner = nullptr;
    QLineEdit* m_organisation = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace rs::ui
