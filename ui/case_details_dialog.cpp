#include "case_details_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace rs::ui {

CaseDetailsDialog::CaseDetailsDialog(Mode mode, const store::CaseDetails& details, QWidget* parent)
    : QDialog(parent), m_mode(mode), m_original(details) {
    setWindowTitle(mode == Mode::NewCase ? tr("New Case") : tr("Case Details"));
    auto* form = new QFormLayout;

    if (mode == Mode::NewCase) {
        m_path = new QLineEdit(this);
        m_path->setObjectName("casePath");
        m_path->setPlaceholderText(tr("Where the case file is saved"));
        auto* browse = new QPushButton(tr("Browse…"), this);
        connect(browse, &QPushButton::clicked, this, &CaseDetailsDialog::chooseCasePath);
        auto* row = new QHBoxLayout;
        row->addWidget(m_path, 1);
        row->addWidget(browse);
        form->addRow(tr("Case &file:"), row);
        connect(m_path, &QLineEdit::textChanged, this, &CaseDetailsDialog::updateState);
    }

    auto makeLine = [this](const char* name, const std::string& text) {
        auto* edit = new QLineEdit(QString::fromStdString(text), this);
        edit->setObjectName(QString::fromLatin1(name));
        edit->setMaxLength(500);
        connect(edit, &QLineEdit::textChanged, this, &CaseDetailsDialog::updateState);
        return edit;
    };
    m_caseNumber = makeLine("caseNumber", details.caseNumber);
    m_title = makeLine("title", details.title);
    m_examiner = makeLine("examiner", details.examiner);
    m_organisation = makeLine("organisation", details.organisation);
    m_notes = new QPlainTextEdit(QString::fromStdString(details.notes), this);
    m_notes->setObjectName("notes");

    form->addRow(tr("Case &number:"), m_caseNumber);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Examiner:"), m_examiner);
    form->addRow(tr("&Organisation:"), m_organisation);
    form->addRow(tr("N&otes:"), m_notes);
    if (!details.createdUtc.empty())
        form->addRow(tr("Created (UTC):"), new QLabel(QString::fromStdString(details.createdUtc), this));

    m_problem = new QLabel(this);
    m_problem->setObjectName("problem");
    m_problem->setStyleSheet("color: #b00020;");
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CaseDetailsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(560, 420);
    updateState();
}

store::CaseDetails CaseDetailsDialog::details() const {
    store::CaseDetails d = m_original;
    d.caseNumber = m_caseNumber->text().trimmed().toStdString();
    d.title = m_title->text().trimmed().toStdString();
    d.examiner = m_examiner->text().trimmed().toStdString();
    d.organisation = m_organisation->text().trimmed().toStdString();
    d.notes = m_notes->toPlainText().toStdString();
    return d;
}

QString CaseDetailsDialog::casePath() const { return m_path ? m_path->text().trimmed() : QString(); }

void CaseDetailsDialog::setCasePath(const QString& path) {
    if (m_path) m_path->setText(path);
}

QString CaseDetailsDialog::validationMessage() const {
    if (m_mode == Mode::NewCase) {
        const QString path = casePath();
        if (path.isEmpty()) return tr("Choose where to save the case file.");
        QFileInfo info(path.endsWith(".rscase") ? path : path + ".rscase");
        if (info.exists()) return tr("%1 already exists; choose another name.").arg(info.fileName());
        if (!info.absoluteDir().exists()) return tr("The folder %1 does not exist.").arg(info.absolutePath());
    }
    if (m_caseNumber->text().trimmed().isEmpty()) return tr("Enter the case number.");
    if (m_title->text().trimmed().isEmpty()) return tr("Give the case a title.");
    if (m_examiner->text().trimmed().isEmpty()) return tr("Name the examiner responsible for the case.");
    return {};
}

void CaseDetailsDialog::accept() {
    if (!validationMessage().isEmpty()) return;
    QDialog::accept();
}

void CaseDetailsDialog::chooseCasePath() {
    const QString start = casePath().isEmpty() ? QDir::homePath() : casePath();
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Case As"), start, tr("ReplicaScope cases (*.rscase)"));
    if (!path.isEmpty()) m_path->setText(path.endsWith(".rscase") ? path : path + ".rscase");
}

void CaseDetailsDialog::updateState() {
    const QString problem = validationMessage();
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

}  // namespace rs::ui
