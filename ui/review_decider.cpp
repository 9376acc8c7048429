#include "ui/review_decider.h"

#include "store/review_repository.h"

namespace rs::ui {
namespace {

QString reviewerMissing() { return ReviewDecider::tr("Enter your name as reviewer before recording decisions."); }

// The store records db.actor() as a tag's author (and as the actor of its audit row): the reviewer
// for the tag writes in this scope. Review rows keep the login name as actor; they name the
// reviewer themselves.
class ActorScope {
public:
    ActorScope(store::Connection& db, const QString& actor) : m_db(db), m_previous(db.actor()) {
        db.setActor(actor.trimmed().toStdString());
    }
    ~ActorScope() { m_db.setActor(m_previous); }
    ActorScope(const ActorScope&) = delete;
    ActorScope& operator=(const ActorScope&) = delete;

private:
    store::Connection& m_db;
    std::string m_previous;
};

}  // namespace

QString ReviewDecider::decide(store::Connection& db,
                              const std::vector<std::pair<std::int64_t, store::CandidateStatus>>& candidates,
                              store::CandidateStatus decision, const QString& reviewer, const QString& note,
                              const QStringList& tags, QList<DecisionChange>* applied) {
    if (reviewer.trimmed().isEmpty()) return reviewerMissing();
    std::vector<std::int64_t> tagIds;
    for (const QString& tag : tags) {
        if (tag.trimmed().isEmpty()) continue;
        const ActorScope author(db, reviewer);
        auto id = store::createTag(db, tag.trimmed().toStdString());
        if (!id) return QString::fromStdString(id.message());
        tagIds.push_back(*id);
    }
    QList<DecisionChange> done;
    QString error;
    for (const auto& [id, before] : candidates) {
        auto review = store::recordReview(db, id, decision, reviewer.trimmed().toStdString(), note.toStdString());
        if (!review) {
            error = QString::fromStdString(review.message());
            break;
        }
        done.append({id, before, decision});
        for (std::int64_t tagId : tagIds) {
            const ActorScope author(db, reviewer);
            auto tagged = store::tagCandidate(db, id, tagId);
            if (!tagged.ok()) error = QString::fromStdString(tagged.message());
        }
        if (!error.isEmpty()) break;
    }
    if (!done.isEmpty()) m_undo.push_back(done);
    if (applied) *applied = done;
    return error;
}

QString ReviewDecider::removeTag(store::Connection& db, std::int64_t candidateId, std::int64_t tagId,
                                 const QString& reviewer) {
    if (reviewer.trimmed().isEmpty()) return reviewerMissing();
    const ActorScope author(db, reviewer);
    const Status removed = store::untagCandidate(db, candidateId, tagId);
    return removed.ok() ? QString() : QString::fromStdString(removed.message());
}

QString ReviewDecider::undo(store::Connection& db, const QString& reviewer, QList<DecisionChange>* restored) {
    if (m_undo.empty()) return tr("Nothing to undo.");
    QList<DecisionChange> last = m_undo.back();
    m_undo.pop_back();
    QList<DecisionChange> done;
    QString error;
    for (const DecisionChange& change : last) {
        const QString note = tr("undo: back to %1").arg(QString::fromLatin1(store::toString(change.before)));
        auto review = store::recordReview(db, change.candidateId, change.before, reviewer.trimmed().toStdString(),
                                          note.toStdString());
        if (!review) {
            error = QString::fromStdString(review.message());
            break;
        }
        done.append({change.candidateId, change.after, change.before});
    }
    if (restored) *restored = done;
    return error;
}

}  // namespace rs::ui
