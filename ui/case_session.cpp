#include "case_session.h"

#include "store/audit_log.h"
#include "store/case_repository.h"

namespace rs::ui {

CaseSession::CaseSession(QObject* parent) : QObject(parent) {}
CaseSession::~CaseSession() = default;

QString CaseSession::createCase(const QString& path, const store::CaseDetails& details) {
    auto created = store::CaseFile::create(path.toStdString(), details);
    if (!created.ok()) return QString::fromStdString(created.message());
    m_case = std::make_unique<store::CaseFile>(std::move(created).value());
    emit caseChanged();
    return {};
}

QString CaseSession::openCase(const QString& path) {
    auto opened = store::CaseFile::open(path.toStdString());
    if (!opened.ok()) return QString::fromStdString(opened.message());
    m_case = std::make_unique<store::CaseFile>(std::move(opened).value());
    emit caseChanged();
    return {};
}

QString CaseSession::saveDetails(const store::CaseDetails& details) {
    if (!m_case) return tr("No case is open.");
    const Status s = store::updateCaseDetails(m_case->db(), details);
    if (!s.ok()) return QString::fromStdString(s.message());
    emit caseChanged();
    return {};
}

void CaseSession::closeCase() {
    if (!m_case) return;
    m_case.reset();
    emit caseChanged();
}

QString CaseSession::casePath() const {
    return m_case ? QString::fromStdString(m_case->paths().database.string()) : QString();
}

std::optional<CaseSummary> CaseSession::summary(QString* error) {
    auto fail = [error](const std::string& message) -> std::optional<CaseSummary> {
        if (error) *error = QString::fromStdString(message);
        return std::nullopt;
    };
    if (!m_case) return fail(tr("No case is open.").toStdString());
    auto details = store::getCaseDetails(m_case->db());
    if (!details.ok()) return fail(details.message());
    auto head = store::auditHeadHash(m_case->db());
    if (!head.ok()) return fail(head.message());
    auto rows = store::auditRowCount(m_case->db());
    if (!rows.ok()) return fail(rows.message());
    auto counts = store::tableCounts(m_case->db());
    if (!counts.ok()) return fail(counts.message());

    CaseSummary s;
    s.details = *details;
    s.databasePath = QString::fromStdString(m_case->paths().database.string());
    s.imagesPath = QString::fromStdString(m_case->paths().imagesDir.string());
    s.schemaVersion = m_case->schemaVersion();
    s.readOnly = m_case->readOnly();
    s.auditHeadHash = QString::fromStdString(*head);
    s.auditRows = *rows;
    for (const auto& [table, count] : *counts) s.tableCounts.append({QString::fromStdString(table), count});
    return s;
}

void CaseSession::announceGenerationsStored(const QList<qint64>& generationIds, qint64 promptId) {
    emit generationsStored(generationIds, promptId);
}

void CaseSession::announcePromptAnalysed(qint64 promptId, bool flagged, qint64 candidates) {
    emit promptAnalysed(promptId, flagged, candidates);
}

void CaseSession::announceRunFinished(const QString& summary, bool cancelled) { emit runFinished(summary, cancelled); }

void CaseSession::announceCandidatesDecided(const QList<qint64>& candidateIds) { emit candidatesDecided(candidateIds); }

void CaseSession::announceReferencesImported() { emit referencesImported(); }

}  // namespace rs::ui
