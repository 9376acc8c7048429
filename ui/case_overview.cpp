#include "case_overview.h"

#include "case_session.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rs::ui {
namespace {

QLabel* valueLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText);  // case text is user input: never interpreted as HTML
    label->setWordWrap(true);
    return label;
}

}  // namespace

CaseOverview::CaseOverview(QWidget* parent) : QWidget(parent) {
    m_message = new QLabel(this);
    m_message->setObjectName("overviewMessage");
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);

    m_body = new QWidget(this);
    auto* details = new QGroupBox(tr("Case"), m_body);
    auto* form = new QFormLayout(details);
    m_caseNumber = valueLabel(details, "caseNumberValue");
    m_title = valueLabel(details, "titleValue");
    m_examiner = valueLabel(details, "examinerValue");
    m_organisation = valueLabel(details, "organisationValue");
    m_created = valueLabel(details, "createdValue");
    m_notes = valueLabel(details, "notesValue");
    form->addRow(tr("Case number:"), m_caseNumber);
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Examiner:"), m_examiner);
    form->addRow(tr("Organisation:"), m_organisation);
    form->addRow(tr("Created (UTC):"), m_created);
    form->addRow(tr("Notes:"), m_notes);
    auto* edit = new QPushButton(tr("Edit Details…"), details);
    connect(edit, &QPushButton::clicked, this, &CaseOverview::editDetailsRequested);
    auto* editRow = new QHBoxLayout;
    editRow->addWidget(edit);
    editRow->addStretch(1);
    form->addRow(QString(), editRow);

    auto* storage = new QGroupBox(tr("Evidence store"), m_body);
    auto* storageForm = new QFormLayout(storage);
    m_path = valueLabel(storage, "pathValue");
    m_images = valueLabel(storage, "imagesValue");
    m_schema = valueLabel(storage, "schemaValue");
    m_audit = valueLabel(storage, "auditValue");
    m_audit->setToolTip(
        tr("SHA-256 at the head of the append-only audit log. Any later change to the "
           "case changes it; quote it to refer to exactly this state."));
    storageForm->addRow(tr("Case file:"), m_path);
    storageForm->addRow(tr("Image folder:"), m_images);
    storageForm->addRow(tr("Schema version:"), m_schema);
    storageForm->addRow(tr("Audit log head:"), m_audit);

    m_counts = new QTableWidget(0, 2, m_body);
    m_counts->setObjectName("tableCounts");
    m_counts->setHorizontalHeaderLabels({tr("Table"), tr("Rows")});
    m_counts->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_counts->horizontalHeader()->setStretchLastSection(true);
    m_counts->verticalHeader()->hide();
    m_counts->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* bodyLayout = new QVBoxLayout(m_body);
    bodyLayout->addWidget(details);
    bodyLayout->addWidget(storage);
    bodyLayout->addWidget(m_counts, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_body, 1);
    showMessage(tr("No case is open."));
}

void CaseOverview::showSummary(const CaseSummary& s) {
    m_message->hide();
    m_body->show();
    m_caseNumber->setText(QString::fromStdString(s.details.caseNumber));
    m_title->setText(QString::fromStdString(s.details.title));
    m_examiner->setText(QString::fromStdString(s.details.examiner));
    m_organisation->setText(QString::fromStdString(s.details.organisation));
    m_created->setText(QString::fromStdString(s.details.createdUtc));
    m_notes->setText(QString::fromStdString(s.details.notes));
    m_path->setText(s.databasePath + (s.readOnly ? tr(" (read-only)") : QString()));
    m_images->setText(s.imagesPath);
    m_schema->setText(QString::number(s.schemaVersion));
    m_audit->setText(tr("%1 (%n entries)", nullptr, int(s.auditRows)).arg(s.auditHeadHash));
    m_counts->setRowCount(s.tableCounts.size());
    for (int i = 0; i < s.tableCounts.size(); ++i) {
        m_counts->setItem(i, 0, new QTableWidgetItem(s.tableCounts[i].first));
        auto* count = new QTableWidgetItem(QString::number(s.tableCounts[i].second));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_counts->setItem(i, 1, count);
    }
}

void CaseOverview::showMessage(const QString& message) {
    m_body->hide();
    m_message->setText(message);
    m_message->show();
}

}  // namespace rs::ui
