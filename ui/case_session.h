#pragma once
// The case open in the GUI: the GUI thread's own connection to it (workers open their own),
// plus cheap read helpers for views. It is also the case's change bus (digiKam's CoreDbWatch
// pattern): whoever changes the case announces what changed here, and every view that shows it
// subscribes to these signals instead of being wired to the producer. caseChanged: a case was
// opened, closed or its details edited (views reload everything).
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

    // ---- announcements (producers call these; each emits the matching signal)
    void announceGenerationsStored(const QList<qint64>& generationIds, qint64 promptId);
    void announcePromptAnalysed(qint64 promptId, bool flagged, qint64 candidates);
    void announceRunFinished(const QString& summary, bool cancelled);
    void announceCandidatesDecided(const QList<qint64>& candidateIds);
    void announceReferencesImported();

signals:
    void caseChanged();
    // A scan stored a batch of a prompt's generations.
    void generationsStored(const QList<qint64>& generationIds, qint64 promptId);
    // A prompt's findings (cliques, matches, distances) were stored.
    void promptAnalysed(qint64 promptId, bool flagged, qint64 candidates);
    // A scan ended (finished or cancelled); summary in the user's words.
    void runFinished(const QString& summary, bool cancelled);
    // Review decisions were recorded (or undone) for these candidates.
    void candidatesDecided(const QList<qint64>& candidateIds);
    // A reference import finished (sets, images or descriptors changed).
    void referencesImported();

private:
    std::unique_ptr<store::CaseFile> m_case;
};

}  // namespace rs::ui
