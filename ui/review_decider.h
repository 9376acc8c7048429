#pragma once
// Records review decisions through store::recordReview (review row + candidate status + audit
// row per candidate) and undoes them. The audit log is append-only, so an undo is one more
// review that restores each candidate's previous status, never a deletion. Tags added with a
// decision stay when it is undone; they are removed one by one.
#include "store/records.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace rs::store {
class Connection;
}

namespace rs::ui {

struct DecisionChange {
    std::int64_t candidateId = 0;
    store::CandidateStatus before = store::CandidateStatus::Pending;
    store::CandidateStatus after = store::CandidateStatus::Pending;
};

class ReviewDecider {
    Q_DECLARE_TR_FUNCTIONS(ReviewDecider)
public:
    // Decides every candidate in `candidates` (their current statuses as the queue shows them).
    // Tags are get-or-created and attached to each candidate. Candidates written before a
    // failure stay decided and undoable; the returned message names the failure ("" = done).
    QString decide(store::Connection& db,
                   const std::vector<std::pair<std::int64_t, store::CandidateStatus>>& candidates,
                   store::CandidateStatus decision, const QString& reviewer, const QString& note,
                   const QStringList& tags, QList<DecisionChange>* applied);
    // Removes one tag from a candidate ("" = done). Tag writes record the reviewer, not the
    // login name, as their author and audit actor.
    QString removeTag(store::Connection& db, std::int64_t candidateId, std::int64_t tagId, const QString& reviewer);
    // Undoes the most recent decision (all candidates of a bulk decision together).
    QString undo(store::Connection& db, const QString& reviewer, QList<DecisionChange>* restored);
    bool canUndo() const { return !m_undo.empty(); }
    void clear() { m_undo.clear(); }

private:
    std::vector<QList<DecisionChange>> m_undo;
};

}  // namespace rs::ui
