#pragma once
// The case open in the GUI: the GUI thread's own connection to it (workers open their own),
// plus cheap read helpers for views. Emits caseChanged when a case is opened, closed or edited.
#include "store/case_file.h"
#include "store/records.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace rs::ui {

struct CaseSummary {
    store::CaseDetails details;
    QString databasePath;
    QString imagesPath;
    int schemaVersion = 0;
    bool readOnly = false;
    QString auditHeadHash;
    qint64 auditRows = 0;
    QList<QPair<QString, qint64>> tableCounts;
};

class CaseSession : public QObject {
    Q_OBJECT
public:
    explicit CaseSession(QObject* parent = nullptr);
    ~CaseSession() override;

    // Each returns an empty string on success, else the message to show.
    QString createCase(const QString& path, const store::CaseDetails& details);
    QString openCase(const QString& path);
    QString saveDetails(const store::CaseDetails& details);
    void closeCase();

    bool isOpen() const { return m_case != nullptr; }
    QString casePath() const;
    store::CaseFile* caseFile() { return m_case.get(); }
    // Reads the summary fresh from the database; an error message instead when it cannot.
    std::optional<CaseSummary> summary(QString* error = nullptr);

signals:
    void caseChanged();

private:
    std::unique_ptr<store::CaseFile> m_case;
};

}  // namespace rs::ui
