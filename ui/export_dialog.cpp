#include "export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace rs::ui {

ExportDialog::ExportDialog(const QString& casePath, QWidget* parent) : QDialog(parent), m_casePath(casePath) {
    setWindowTitle(tr("Export Report"));
    m_format = new QComboBox;
    m_format->setObjectName("format");
    m_format->addItem(tr("HTML folder (images, heatmaps; opens in any browser)"), "html");
    m_format->addItem(tr("PDF document (A4)"), "pdf");
    m_format->addItem(tr("CSV table (one row per finding)"), "csv");
    m_format->addItem(tr("JSON (everything, for other tools)"), "json");
    m_onlyReplicated = new QCheckBox(tr("Only findings reviewed as replicated"));
    m_onlyReplicated->setObjectName("onlyReplicated");
    m_replace = new QCheckBox(tr("Replace an existing report at this location"));
    m_replace->setObjectName("replace");
    m_output = new QLineEdit;
    m_output->setObjectName("output");
    auto* browseButton = new QPushButton(tr("Browse…"));
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(browseButton);

    auto* form = new QFormLayout;
    form->addRow(tr("Format"), m_format);
    form->addRow(QString(), m_onlyReplicated);
    form->addRow(tr("Save to"), outputRow);
    form->addRow(QString(), m_replace);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_output, &QLineEdit::textChanged, this, [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_output->text().trimmed().isEmpty());
    });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::suggestOutput);
    connect(m_onlyReplicated, &QCheckBox::toggled, this, &ExportDialog::suggestOutput);
    suggestOutput();
}

// "<case>-report.html" (a folder), "<case>-replicated.pdf", ... beside the case file.
void ExportDialog::suggestOutput() {
    const QFileInfo info(m_casePath);
    const QString format = m_format->currentData().toString();
    const QString name = info.completeBaseName() + (m_onlyReplicated->isChecked() ? "-replicated" : "-report") +
                         (format == "html" ? QString() : "." + format);
    m_output->setText(QDir::toNativeSeparators(info.absoluteDir().filePath(name)));
}

void ExportDialog::browse() {
    const bool folder = m_format->currentData().toString() == "html";
    const QString chosen =
        folder ? QFileDialog::getExistingDirectory(this, tr("Folder for the HTML report"), m_output->text())
               : QFileDialog::getSaveFileName(this, tr("Save Report As"), m_output->text());
    if (!chosen.isEmpty()) m_output->setText(QDir::toNativeSeparators(chosen));
}

report::ExportOptions ExportDialog::options() const {
    report::ExportOptions o;
    o.format = report::exportFormatFromString(m_format->currentData().toString().toStdString())
                   .value_or(report::ExportFormat::Html);
    o.out = std::filesystem::path(QDir::fromNativeSeparators(m_output->text().trimmed()).toStdString());
    o.filter = m_onlyReplicated->isChecked() ? report::FindingFilter::Replicated : report::FindingFilter::All;
    o.force = m_replace->isChecked();
    return o;
}

}  // namespace rs::ui
