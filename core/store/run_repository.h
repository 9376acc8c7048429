#pragma once
// Runs, their generations and the candidates found among them. Batch inserts run in one
// transaction per call (a savepoint inside a caller's transaction), so a batch is stored
// completely or not at all; callers choose the batch size (10k–50k rows is a good trade-off).
#include "base/expected.h"
#include "store/connection.h"
#include "store/records.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace rs::store {

// ---- runs
// Stores the run with status Running and startedUtc = now (softwareVersion defaults to this
// build). Audited as "run.started" with every parameter.
Expected<std::int64_t> startRun(Connection& db, const RunRecord& run);
// Sets status, finishedUtc and warnings. Audited as "run.finished" together with the count and
// a digest of the run's generations (verifyCase recomputes it, so later edits are caught).
Status finishRun(Connection& db, std::int64_t runId, RunStatus status, const std::vector<std::string>& warnings = {});
// Reopens a cancelled or failed run so a resumed scan can add its missing generations: status
// back to Running, finishedUtc cleared, audited as "run.resumed" (a later finishRun seals it again).
Status resumeRun(Connection& db, std::int64_t runId);
Expected<RunRecord> getRun(Connection& db, std::int64_t id);
Expected<std::vector<RunRecord>> listRuns(Connection& db);

// SHA-256 over "prompt_id seed idx image_sha256\n" of the run's generations in (prompt, seed) order.
Expected<std::string> generationsDigest(Connection& db, std::int64_t runId);

// ---- generations
// Idempotent on (run, prompt, seed): a generation already stored with the same image keeps its
// row (its id is returned); the same key with a different image is an error that stores
// nothing from the batch. Returns ids in input order. Not audited row by row (see finishRun).
Expected<std::vector<std::int64_t>> insertGenerations(Connection& db, const std::vector<Generation>& generations);
Status setMemorizationScores(Connection& db, const std::vector<std::pair<std::int64_t, double>>& generationScores);
Expected<Generation> getGeneration(Connection& db, std::int64_t id);
Expected<std::vector<Generation>> listGenerations(Connection& db, std::int64_t runId,
                                                  std::optional<std::int64_t> promptId = std::nullopt);
// Mean memorization score per prompt over the run's scored generations, highest first.
Expected<std::vector<PromptScore>> promptMemorizationScores(Connection& db, std::int64_t runId);

// ---- candidates
// Stored as Pending whatever candidate.status says (only recordReview changes a status, so
// verifyCase can check each status against the last review); promptId comes from the generation.
// Returns ids in input order.
Expected<std::vector<std::int64_t>> insertCandidates(Connection& db, const std::vector<Candidate>& candidates);
Expected<Candidate> getCandidate(Connection& db, std::int64_t id);
Expected<std::vector<Candidate>> listCandidatesForGeneration(Connection& db, std::int64_t generationId);

}  // namespace rs::store
