#include "store/review_repository.h"

#include "base/sha256.h"
#include "store/internal.h"

#include <algorithm>

namespace rs::store {
namespace {

using detail::guarded;
using detail::guardedStatus;

// Only fixed fragments go into the SQL text; every value is bound by name.
std::string whereClause(const ReviewQueueFilter& f, bool keyset) {
    std::string sql = " WHERE 1";
    if (f.status) sql += " AND status = :status";
    if (f.promptId) sql += " AND prompt_id = :prompt";
    if (f.metric) sql += " AND metric = :metric";
    if (f.referenceSet) sql += " AND reference_image_id IN (SELECT id FROM reference_images WHERE set_name = :set)";
    // Row value: SQLite makes it a range on the (status, score, rowid) index.
    if (keyset) sql += " AND (score, id) < (:score, :id)";
    return sql;
}

void bindFilter(Statement& st, const ReviewQueueFilter& f) {
    if (f.status) st.bindNamed(":status", std::string(toString(*f.status)));
    if (f.promptId) st.bindNamed(":prompt", *f.promptId);
    if (f.metric) st.bindNamed(":metric", *f.metric);
    if (f.referenceSet) st.bindNamed(":set", *f.referenceSet);
}

CandidateStatus checkedStatus(Connection& db, std::int64_t candidateId) {
    auto st = db.prepare("SELECT status FROM candidates WHERE id = ?");
    st.bind(1, candidateId);
    if (!st.step()) throw StoreError("the case has no candidate " + std::to_string(candidateId));
    return candidateStatusFromString(st.text(0)).value_or(CandidateStatus::Pending);
}

void checkTag(Connection& db, std::int64_t tagId, std::string* name) {
    auto st = db.prepare("SELECT name FROM tags WHERE id = ?");
    st.bind(1, tagId);
    if (!st.step()) throw StoreError("the case has no tag " + std::to_string(tagId));
    *name = st.text(0);
}

}  // namespace

namespace {

const char* const kItemColumns =
    "SELECT c.id, c.generation_id, c.reference_image_id, c.other_generation_id, c.prompt_id, c.metric,"
    " c.distances_json, c.thresholds_json, c.clique_id, c.score, c.status, c.match_regions_json,"
    " p.text, g.run_id, g.seed, g.idx, g.image_sha256, g.memorization_score,"
    " r.sha256, r.source, r.set_name, og.image_sha256";
const char* const kItemJoins =
    " JOIN generations g ON g.id = c.generation_id"
    " JOIN prompts p ON p.id = g.prompt_id"
    " LEFT JOIN reference_images r ON r.id = c.reference_image_id"
    " LEFT JOIN generations og ON og.id = c.other_generation_id";

ReviewQueueItem readItem(Statement& st) {
    ReviewQueueItem item;
    item.candidate = detail::readCandidate(st);
    item.promptText = st.text(12);
    item.runId = st.int64(13);
    item.seed = st.int64(14);
    item.generationIndex = static_cast<int>(st.int64(15));
    item.generationSha256 = st.text(16);
    item.memorizationScore = st.optionalReal(17);
    item.referenceSha256 = st.optionalText(18);
    item.referenceSource = st.optionalText(19);
    item.referenceSet = st.optionalText(20);
    item.otherGenerationSha256 = st.optionalText(21);
    return item;
}

// "Any status": every status is one index range in score order, so the page is merged from
// the top rows of each range rather than sorting every candidate (700 ms at 1M rows).
std::vector<ReviewQueueItem> mergedAcrossStatuses(Connection& db, const ReviewQueueFilter& filter, int limit,
                                                  std::int64_t offset, const std::optional<QueueCursor>& after) {
    const std::int64_t wanted = (after ? 0 : offset) + limit;
    std::vector<std::pair<double, std::int64_t>> top;
    for (auto status : {CandidateStatus::Pending, CandidateStatus::Confirmed, CandidateStatus::Rejected,
                        CandidateStatus::Unsure, CandidateStatus::PartialCopy}) {
        ReviewQueueFilter one = filter;
        one.status = status;
        auto st = db.prepare("SELECT score, id FROM candidates" + whereClause(one, after.has_value()) +
                             " ORDER BY score DESC, id DESC LIMIT :limit");
        bindFilter(st, one);
        if (after) st.bindNamed(":score", after->score).bindNamed(":id", after->candidateId);
        st.bindNamed(":limit", wanted);
        while (st.step()) top.emplace_back(st.real(0), st.int64(1));
    }
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a > b; });
    std::vector<ReviewQueueItem> out;
    auto details = db.prepare(std::string(kItemColumns) + " FROM candidates c" + kItemJoins + " WHERE c.id = ?");
    for (std::size_t i = static_cast<std::size_t>(wanted - limit); i < top.size() && out.size() < std::size_t(limit);
         ++i) {
        details.bind(1, top[i].second);
        if (details.step()) out.push_back(readItem(details));
        details.reset();
    }
    return out;
}

}  // namespace

std::string reviewQueueSql(const ReviewQueueFilter& filter, bool keyset) {
    // The inner query walks one index in score order and reads nothing but ids (so OFFSET skips
    // index entries, not joined rows); the outer query joins only the rows of the page.
    return std::string(kItemColumns) + " FROM (SELECT id FROM candidates" + whereClause(filter, keyset) +
           " ORDER BY score DESC, id DESC LIMIT :limit OFFSET :offset) AS page"
           " JOIN candidates c ON c.id = page.id" +
           kItemJoins + " ORDER BY c.score DESC, c.id DESC";
}

Expected<std::vector<ReviewQueueItem>> reviewQueuePage(Connection& db, const ReviewQueueFilter& filter, int limit,
                                                       std::int64_t offset, std::optional<QueueCursor> after) {
    return guarded("reading the review queue", [&] {
        if (limit < 0 || offset < 0) throw StoreError("page limit and offset must not be negative");
        if (!filter.status) return mergedAcrossStatuses(db, filter, limit, offset, after);
        auto st = db.prepare(reviewQueueSql(filter, after.has_value()));
        bindFilter(st, filter);
        if (after) st.bindNamed(":score", after->score).bindNamed(":id", after->candidateId);
        st.bindNamed(":limit", limit).bindNamed(":offset", after ? std::int64_t(0) : offset);
        std::vector<ReviewQueueItem> out;
        out.reserve(static_cast<std::size_t>(limit));
        while (st.step()) out.push_back(readItem(st));
        return out;
    });
}

Expected<std::vector<std::string>> candidateMetrics(Connection& db) {
    return guarded("reading the candidates' metrics", [&] {
        auto st = db.prepare("SELECT DISTINCT metric FROM candidates ORDER BY metric");
        std::vector<std::string> out;
        while (st.step()) out.push_back(st.text(0));
        return out;
    });
}

Expected<std::int64_t> countCandidates(Connection& db, const ReviewQueueFilter& filter) {
    return guarded("counting candidates", [&] {
        auto st = db.prepare("SELECT count(*) FROM candidates" + whereClause(filter, false));
        bindFilter(st, filter);
        st.step();
        return st.int64(0);
    });
}

std::string reviewRowHash(const Review& r) {
    return sha256Hex("review-v1\n" + std::to_string(r.id) + "\n" + std::to_string(r.candidateId) + "\n" +
                     toString(r.decision) + "\n" + r.reviewer + "\n" + r.timeUtc + "\n" + r.note);
}

Expected<Review> recordReview(Connection& db, std::int64_t candidateId, CandidateStatus decision,
                              const std::string& reviewer, const std::string& note) {
    return guarded("recording the review of candidate " + std::to_string(candidateId), [&] {
        if (reviewer.empty()) throw StoreError("a review needs the reviewer's name");
        Transaction tx(db);
        const CandidateStatus previous = checkedStatus(db, candidateId);
        Review r;
        r.candidateId = candidateId;
        r.decision = decision;
        r.reviewer = reviewer;
        r.note = note;
        r.timeUtc = detail::nowUtc();
        auto insert =
            db.prepare("INSERT INTO reviews (candidate_id, decision, reviewer, note, time_utc) VALUES (?, ?, ?, ?, ?)");
        insert.bindAll(candidateId, std::string(toString(decision)), reviewer, note, r.timeUtc).run();
        r.id = db.lastInsertRowId();
        auto update = db.prepare("UPDATE candidates SET status = ? WHERE id = ?");
        update.bindAll(std::string(toString(decision)), candidateId).run();
        detail::appendAuditRow(db, "review.recorded",
                               {{"review_id", r.id},
                                {"candidate_id", candidateId},
                                {"decision", toString(decision)},
                                {"previous_status", toString(previous)},
                                {"reviewer", reviewer},
                                {"note", note},
                                {"review_sha256", reviewRowHash(r)}});
        tx.commit();
        return r;
    });
}

Expected<std::vector<Review>> reviewsForCandidate(Connection& db, std::int64_t candidateId) {
    return guarded("reading the reviews of candidate " + std::to_string(candidateId), [&] {
        auto st = db.prepare(
            "SELECT id, candidate_id, decision, reviewer, note, time_utc FROM reviews WHERE candidate_id = ? ORDER BY "
            "id");
        st.bind(1, candidateId);
        std::vector<Review> out;
        while (st.step())
            out.push_back({st.int64(0), st.int64(1),
                           candidateStatusFromString(st.text(2)).value_or(CandidateStatus::Pending), st.text(3),
                           st.text(4), st.text(5)});
        return out;
    });
}

Expected<std::int64_t> createTag(Connection& db, const std::string& name, const std::string& description) {
    return guarded("creating tag '" + name + "'", [&] {
        if (name.empty()) throw StoreError("a tag needs a name");
        Transaction tx(db);
        auto find = db.prepare("SELECT id FROM tags WHERE name = ?");
        find.bind(1, name);
        if (find.step()) return find.int64(0);
        auto insert = db.prepare("INSERT INTO tags (name, description) VALUES (?, ?)");
        insert.bindAll(name, description).run();
        const std::int64_t id = db.lastInsertRowId();
        detail::appendAuditRow(db, "tag.created", {{"tag_id", id}, {"name", name}, {"description", description}});
        tx.commit();
        return id;
    });
}

Expected<std::vector<Tag>> listTags(Connection& db) {
    return guarded("listing tags", [&] {
        auto st = db.prepare("SELECT id, name, description FROM tags ORDER BY name");
        std::vector<Tag> out;
        while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2)});
        return out;
    });
}

Status tagCandidate(Connection& db, std::int64_t candidateId, std::int64_t tagId, const std::string& comment) {
    return guardedStatus("tagging candidate " + std::to_string(candidateId), [&] {
        Transaction tx(db);
        checkedStatus(db, candidateId);
        std::string name;
        checkTag(db, tagId, &name);
        auto st = db.prepare(
            "INSERT INTO candidate_tags (candidate_id, tag_id, author, comment, tagged_utc) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (candidate_id, tag_id) DO UPDATE SET author = excluded.author, comment = excluded.comment,"
            " tagged_utc = excluded.tagged_utc");
        st.bindAll(candidateId, tagId, db.actor(), comment, detail::nowUtc()).run();
        detail::appendAuditRow(db, "tag.added",
                               {{"candidate_id", candidateId}, {"tag_id", tagId}, {"tag", name}, {"comment", comment}});
        tx.commit();
    });
}

Status untagCandidate(Connection& db, std::int64_t candidateId, std::int64_t tagId) {
    return guardedStatus(
        "removing tag " + std::to_string(tagId) + " from candidate " + std::to_string(candidateId), [&] {
            Transaction tx(db);
            std::string name;
            checkTag(db, tagId, &name);
            auto st = db.prepare("DELETE FROM candidate_tags WHERE candidate_id = ? AND tag_id = ?");
            st.bindAll(candidateId, tagId).run();
            if (db.changes() != 1)
                throw StoreError("candidate " + std::to_string(candidateId) + " has no tag '" + name + "'");
            detail::appendAuditRow(db, "tag.removed",
                                   {{"candidate_id", candidateId}, {"tag_id", tagId}, {"tag", name}});
            tx.commit();
        });
}

Expected<std::vector<CandidateTag>> tagsForCandidate(Connection& db, std::int64_t candidateId) {
    return guarded("reading the tags of candidate " + std::to_string(candidateId), [&] {
        auto st = db.prepare(
            "SELECT ct.candidate_id, t.id, t.name, t.description, ct.author, ct.comment, ct.tagged_utc"
            " FROM candidate_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.candidate_id = ? ORDER BY t.name");
        st.bind(1, candidateId);
        std::vector<CandidateTag> out;
        while (st.step())
            out.push_back({st.int64(0), {st.int64(1), st.text(2), st.text(3)}, st.text(4), st.text(5), st.text(6)});
        return out;
    });
}

Expected<std::vector<std::int64_t>> candidatesWithTag(Connection& db, std::int64_t tagId) {
    return guarded("listing candidates with tag " + std::to_string(tagId), [&] {
        auto st = db.prepare("SELECT candidate_id FROM candidate_tags WHERE tag_id = ? ORDER BY candidate_id");
        st.bind(1, tagId);
        std::vector<std::int64_t> out;
        while (st.step()) out.push_back(st.int64(0));
        return out;
    });
}

}  // namespace rs::store
