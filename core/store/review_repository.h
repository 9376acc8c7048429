#pragma once
// The review queue (candidates to verify by hand, most suspicious first), review decisions
// and tags. recordReview and the tag functions write their row, the candidate change and the
// audit row in one transaction.
#include "base/expected.h"
#include "store/connection.h"
#include "store/records.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rs::store {

struct ReviewQueueFilter {
    std::optional<CandidateStatus> status = CandidateStatus::Pending;  // nullopt: every status
    std::optional<std::int64_t> promptId;
    std::optional<std::string> metric;
    std::optional<std::string> referenceSet;  // only candidates against this reference set
};

// Keyset position: the (score, id) of the last row of the previous page. Pages are ordered by
// score descending, then id descending, so the cursor is stable while reviews change statuses.
struct QueueCursor {
    double score = 0.0;
    std::int64_t candidateId = 0;
};

struct ReviewQueueItem {
    Candidate candidate;
    std::string promptText;
    std::int64_t runId = 0;
    std::int64_t seed = 0;
    int generationIndex = 0;
    std::string generationSha256;
    std::optional<double> memorizationScore;
    // The other side: a reference image or another generation.
    std::optional<std::string> referenceSha256;
    std::optional<std::string> referenceSource;
    std::optional<std::string> referenceSet;
    std::optional<std::string> otherGenerationSha256;
};

// One page of the queue, at most `limit` rows. With `after`, the page starts after that
// cursor (keyset, constant time at any depth); otherwise `offset` rows are skipped (index-only,
// so a deep offset stays cheap, but rows can shift between pages as statuses change).
// With a status: one query along the queue indexes of schema v2 (EXPLAIN QUERY PLAN checked in
// tst_store). Without one: the top rows of each status's range are merged (no full sort).
Expected<std::vector<ReviewQueueItem>> reviewQueuePage(Connection& db, const ReviewQueueFilter& filter, int limit,
                                                       std::int64_t offset = 0,
                                                       std::optional<QueueCursor> after = std::nullopt);
Expected<std::int64_t> countCandidates(Connection& db, const ReviewQueueFilter& filter);
// The distinct metrics candidates were ranked by, for the queue's metric filter.
Expected<std::vector<std::string>> candidateMetrics(Connection& db);
// The SQL reviewQueuePage runs for a filter with a status, for EXPLAIN QUERY PLAN.
std::string reviewQueueSql(const ReviewQueueFilter& filter, bool keyset);

// Writes the review, sets the candidate's status to the decision and appends "review.recorded"
// (with the previous status and a hash of the review row), all in one transaction.
Expected<Review> recordReview(Connection& db, std::int64_t candidateId, CandidateStatus decision,
                              const std::string& reviewer, const std::string& note = {});
Expected<std::vector<Review>> reviewsForCandidate(Connection& db, std::int64_t candidateId);
// SHA-256 of a review row as recorded in its audit entry (verifyCase compares them).
std::string reviewRowHash(const Review& review);

// ---- tags (Autopsy-style: a tag on an item with author and comment)
Expected<std::int64_t> createTag(Connection& db, const std::string& name,
                                 const std::string& description = {});  // get-or-create
Expected<std::vector<Tag>> listTags(Connection& db);
Status tagCandidate(Connection& db, std::int64_t candidateId, std::int64_t tagId, const std::string& comment = {});
Status untagCandidate(Connection& db, std::int64_t candidateId, std::int64_t tagId);
Expected<std::vector<CandidateTag>> tagsForCandidate(Connection& db, std::int64_t candidateId);
Expected<std::vector<std::int64_t>> candidatesWithTag(Connection& db, std::int64_t tagId);

}  // namespace rs::store
