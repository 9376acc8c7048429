#pragma once
// The case at a glance: details, where it lives on disk, schema version, what it holds, and
// the audit log's head hash (the value to quote when referring to this state of the case).
#include <QWidget>

class QFormLayout;
class QLabel;
class QTableWidget;

namespace rs::ui {

struct CaseSummary;

class CaseOverview : public QWidget {
    Q_OBJECT
public:
    explicit CaseOverview(QWidget* parent = nullptr);
    void showSummary(const CaseSummary& summary);
    void showMessage(const QString& message);  // no case, or the error reading it

signals:
    void editDetailsRequested();

private:
    QLabel* m_message = nullptr;
    QWidget* m_body = nullptr;
    QLabel* m_caseNumber = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_examiner = nullptr;
    QLabel* m_organisation = nullptr;
    QLabel* m_created = nullptr;
    QLabel* m_notes = nullptr;
    QLabel* m_path = nullptr;
    QLabel* m_images = nullptr;
    QLabel* m_schema = nullptr;
    QLabel* m_audit = nullptr;
    QTableWidget* m_counts = nullptr;
};

}  // namespace rs::ui
