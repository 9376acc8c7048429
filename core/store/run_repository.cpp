#include "store/run_repository.h"

#include "base/sha256.h"
#include "rs_version.h"
#include "store/internal.h"
#include "store/match_regions.h"

#include <cmath>
#include <set>

namespace rs::store {
namespace {

using detail::guarded;
using detail::guardedStatus;
using nlohmann::json;

const char* const kRunColumns =
    "SELECT id, model_id, sampler, steps, guidance, width, height, negative_prompt, seeds_json, device, dtype,"
    " software_version, started_utc, finished_utc, status, warnings_json, sampling_json FROM runs";

RunRecord readRun(Statement& st) {
    RunRecord r;
    r.id = st.int64(0);
    r.modelId = st.int64(1);
    r.sampler = st.text(2);
    r.steps = static_cast<int>(st.int64(3));
    r.guidance = st.real(4);
    r.width = static_cast<int>(st.int64(5));
    r.height = static_cast<int>(st.int64(6));
    r.negativePrompt = st.text(7);
    r.seeds = detail::intListFromJson(st.text(8));
    r.device = st.text(9);
    r.dtype = st.text(10);
    r.softwareVersion = st.text(11);
    r.startedUtc = st.text(12);
    r.finishedUtc = st.optionalText(13);
    r.status = runStatusFromString(st.text(14)).value_or(RunStatus::Failed);
    r.warnings = detail::stringListFromJson(st.text(15));
    r.samplingJson = st.text(16);
    return r;
}

const char* const kGenerationColumns =
    "SELECT id, run_id, prompt_id, seed, idx, image_sha256, memorization_score FROM generations";

Generation readGeneration(Statement& st) {
    return {st.int64(0), st.int64(1),       st.int64(2), st.int64(3), static_cast<int>(st.int64(4)),
            st.text(5),  st.optionalReal(6)};
}

const char* const kCandidateColumns =
    "SELECT id, generation_id, reference_image_id, other_generation_id, prompt_id, metric, distances_json,"
    " thresholds_json, clique_id, score, status, match_regions_json FROM candidates";


std::string digestOf(Connection& db, std::int64_t runId, std::int64_t* count) {
    auto st = db.prepare(
        "SELECT prompt_id, seed, idx, image_sha256 FROM generations WHERE run_id = ? ORDER BY prompt_id, seed");
    st.bind(1, runId);
    Sha256 digest;
    std::int64_t n = 0;
    while (st.step()) {
        digest.update(std::to_string(st.int64(0)) + " " + std::to_string(st.int64(1)) + " " +
                      std::to_string(st.int64(2)) + " " + st.text(3) + "\n");
        ++n;
    }
    if (count) *count = n;
    return digest.hexDigest();
}

RunStatus currentRunStatus(Connection& db, std::int64_t runId) {
    auto st = db.prepare("SELECT status FROM runs WHERE id = ?");
    st.bind(1, runId);
    if (!st.step()) throw StoreError("the case has no run " + std::to_string(runId));
    return runStatusFromString(st.text(0)).value_or(RunStatus::Failed);
}

}  // namespace

Expected<std::int64_t> startRun(Connection& db, const RunRecord& run) {
    return guarded("starting a run", [&] {
        if (run.sampler.empty()) throw StoreError("a run needs a sampler name");
        if (run.steps <= 0 || run.width <= 0 || run.height <= 0)
            throw StoreError("a run needs positive steps, width and height");
        RunRecord r = run;
        r.startedUtc = detail::nowUtc();
        if (r.softwareVersion.empty()) r.softwareVersion = kVersion;
        Transaction tx(db);
        auto st = db.prepare(
            "INSERT INTO runs (model_id, sampler, steps, guidance, width, height, negative_prompt, seeds_json, device, "
            "dtype,"
            " software_version, started_utc, status, warnings_json, sampling_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)");
        st.bindAll(r.modelId, r.sampler, r.steps, r.guidance, r.width, r.height, r.negativePrompt,
                   detail::toJson(r.seeds), r.device, r.dtype, r.softwareVersion, r.startedUtc,
                   detail::toJson(r.warnings), r.samplingJson);
        try {
            st.run();
        } catch (const StoreError& e) {
            throw StoreError("model " + std::to_string(r.modelId) + " (is it registered?): " + e.what());
        }
        const std::int64_t id = db.lastInsertRowId();
        json details = {{"run_id", id},
                        {"model_id", r.modelId},
                        {"sampler", r.sampler},
                        {"steps", r.steps},
                        {"guidance", r.guidance},
                        {"width", r.width},
                        {"height", r.height},
                        {"negative_prompt", r.negativePrompt},
                        {"seeds", r.seeds},
                        {"device", r.device},
                        {"dtype", r.dtype},
                        {"software_version", r.softwareVersion},
                        {"started_utc", r.startedUtc}};
        if (!r.samplingJson.empty()) details["sampling_json"] = r.samplingJson;
        detail::appendAuditRow(db, "run.started", details);
        tx.commit();
        return id;
    });
}

Status finishRun(Connection& db, std::int64_t runId, RunStatus status, const std::vector<std::string>& warnings) {
    return guardedStatus("finishing run " + std::to_string(runId), [&] {
        if (status == RunStatus::Running) throw StoreError("a run cannot finish with status 'running'");
        Transaction tx(db);
        if (currentRunStatus(db, runId) != RunStatus::Running)
            throw StoreError("run " + std::to_string(runId) + " has already finished");
        const std::string now = detail::nowUtc();
        auto st = db.prepare("UPDATE runs SET status = ?, finished_utc = ?, warnings_json = ? WHERE id = ?");
        st.bindAll(toString(status), now, detail::toJson(warnings), runId).run();
        std::int64_t count = 0;
        const std::string digest = digestOf(db, runId, &count);
        detail::appendAuditRow(db, "run.finished",
                               {{"run_id", runId},
                                {"status", toString(status)},
                                {"finished_utc", now},
                                {"warnings", warnings},
                                {"generations", count},
                                {"generations_sha256", digest}});
        tx.commit();
    });
}

Status resumeRun(Connection& db, std::int64_t runId) {
    return guardedStatus("resuming run " + std::to_string(runId), [&] {
        Transaction tx(db);
        const RunStatus status = currentRunStatus(db, runId);
        if (status != RunStatus::Cancelled && status != RunStatus::Failed)
            throw StoreError("run " + std::to_string(runId) + " is " + toString(status) +
                             "; only a cancelled or failed run can be resumed");
        db.prepare("UPDATE runs SET status = 'running', finished_utc = NULL WHERE id = ?").bindAll(runId).run();
        detail::appendAuditRow(db, "run.resumed", {{"run_id", runId}, {"previous_status", toString(status)}});
        tx.commit();
    });
}

Expected<RunRecord> getRun(Connection& db, std::int64_t id) {
    return guarded("reading run " + std::to_string(id), [&] {
        auto st = db.prepare(std::string(kRunColumns) + " WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) throw StoreError("the case has no run " + std::to_string(id));
        return readRun(st);
    });
}

Expected<std::vector<RunRecord>> listRuns(Connection& db) {
    return guarded("listing runs", [&] {
        auto st = db.prepare(std::string(kRunColumns) + " ORDER BY id");
        std::vector<RunRecord> out;
        while (st.step()) out.push_back(readRun(st));
        return out;
    });
}

Expected<std::string> generationsDigest(Connection& db, std::int64_t runId) {
    return guarded("hashing the generations of run " + std::to_string(runId),
                   [&] { return digestOf(db, runId, nullptr); });
}

Expected<std::vector<std::int64_t>> insertGenerations(Connection& db, const std::vector<Generation>& generations) {
    return guarded("storing " + std::to_string(generations.size()) + " generations", [&] {
        std::set<std::int64_t> runs;
        for (std::size_t i = 0; i < generations.size(); ++i) {
            if (!isSha256Hex(generations[i].imageSha256))
                throw StoreError("generation " + std::to_string(i) + " has no valid image SHA-256");
            runs.insert(generations[i].runId);
        }
        Transaction tx(db);
        for (const std::int64_t runId : runs)
            if (currentRunStatus(db, runId) != RunStatus::Running)
                throw StoreError("run " + std::to_string(runId) + " has finished; start a new run to add generations");
        auto insert = db.prepare(
            "INSERT INTO generations (run_id, prompt_id, seed, idx, image_sha256, memorization_score) VALUES (?, ?, ?, "
            "?, ?, ?)"
            " ON CONFLICT (run_id, prompt_id, seed) DO NOTHING");
        auto existing =
            db.prepare("SELECT id, image_sha256 FROM generations WHERE run_id = ? AND prompt_id = ? AND seed = ?");
        std::vector<std::int64_t> ids;
        ids.reserve(generations.size());
        for (const Generation& g : generations) {
            try {
                insert.bindAll(g.runId, g.promptId, g.seed, g.index, g.imageSha256, g.memorizationScore).run();
            } catch (const StoreError& e) {
                throw StoreError("generation (run " + std::to_string(g.runId) + ", prompt " +
                                 std::to_string(g.promptId) + ", seed " + std::to_string(g.seed) + "): " + e.what());
            }
            if (db.changes() == 1) {
                ids.push_back(db.lastInsertRowId());
                continue;
            }
            existing.bindAll(g.runId, g.promptId, g.seed);
            existing.step();
            if (existing.text(1) != g.imageSha256)
                throw StoreError("generation (run " + std::to_string(g.runId) + ", prompt " +
                                 std::to_string(g.promptId) + ", seed " + std::to_string(g.seed) +
                                 ") is already stored with image " + existing.text(1) + "; the new image " +
                                 g.imageSha256 + " differs (is generation deterministic?)");
            ids.push_back(existing.int64(0));
            existing.reset();
        }
        tx.commit();
        return ids;
    });
}

Status setMemorizationScores(Connection& db, const std::vector<std::pair<std::int64_t, double>>& generationScores) {
    return guardedStatus("storing " + std::to_string(generationScores.size()) + " memorization scores", [&] {
        Transaction tx(db);
        auto st = db.prepare("UPDATE generations SET memorization_score = ? WHERE id = ?");
        for (const auto& [id, score] : generationScores) {
            if (!std::isfinite(score)) throw StoreError("generation " + std::to_string(id) + " has a non-finite score");
            st.bindAll(score, id).run();
            if (db.changes() != 1) throw StoreError("the case has no generation " + std::to_string(id));
        }
        tx.commit();
    });
}

Expected<Generation> getGeneration(Connection& db, std::int64_t id) {
    return guarded("reading generation " + std::to_string(id), [&] {
        auto st = db.prepare(std::string(kGenerationColumns) + " WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) throw StoreError("the case has no generation " + std::to_string(id));
        return readGeneration(st);
    });
}

Expected<std::vector<Generation>> listGenerations(Connection& db, std::int64_t runId,
                                                  std::optional<std::int64_t> promptId) {
    return guarded("listing generations of run " + std::to_string(runId), [&] {
        auto st = db.prepare(std::string(kGenerationColumns) +
                             " WHERE run_id = ?1 AND (?2 IS NULL OR prompt_id = ?2) ORDER BY prompt_id, idx, seed");
        st.bind(1, runId).bind(2, promptId);
        std::vector<Generation> out;
        while (st.step()) out.push_back(readGeneration(st));
        return out;
    });
}

Expected<std::vector<PromptScore>> promptMemorizationScores(Connection& db, std::int64_t runId) {
    return guarded("reading memorization scores of run " + std::to_string(runId), [&] {
        auto st = db.prepare(
            "SELECT prompt_id, avg(memorization_score), count(memorization_score) FROM generations"
            " WHERE run_id = ? AND memorization_score IS NOT NULL GROUP BY prompt_id ORDER BY 2 DESC, 1");
        st.bind(1, runId);
        std::vector<PromptScore> out;
        while (st.step()) out.push_back({st.int64(0), st.real(1), st.int64(2)});
        return out;
    });
}

Expected<std::vector<std::int64_t>> insertCandidates(Connection& db, const std::vector<Candidate>& candidates) {
    return guarded("storing " + std::to_string(candidates.size()) + " candidates", [&] {
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const Candidate& c = candidates[i];
            if (c.referenceImageId.has_value() == c.otherGenerationId.has_value())
                throw StoreError("candidate " + std::to_string(i) + " (generation " + std::to_string(c.generationId) +
                                 ") needs exactly one of a reference image and another generation");
            if (c.metric.empty()) throw StoreError("candidate " + std::to_string(i) + " names no metric");
            if (!std::isfinite(c.score)) throw StoreError("candidate " + std::to_string(i) + " has a non-finite score");
        }
        Transaction tx(db);
        auto promptOf = db.prepare("SELECT prompt_id FROM generations WHERE id = ?");
        auto insert = db.prepare(
            "INSERT INTO candidates (generation_id, reference_image_id, other_generation_id, metric, distances_json,"
            " thresholds_json, clique_id, score, status, prompt_id, match_regions_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)");
        std::vector<std::int64_t> ids;
        ids.reserve(candidates.size());
        std::int64_t lastGeneration = 0, lastPrompt = 0;  // detection emits candidates generation by generation
        for (const Candidate& c : candidates) {
            if (c.generationId != lastGeneration) {
                promptOf.bind(1, c.generationId);
                if (!promptOf.step())
                    throw StoreError("candidate for generation " + std::to_string(c.generationId) +
                                     ": the case has no such generation");
                lastPrompt = promptOf.int64(0);
                lastGeneration = c.generationId;
                promptOf.reset();
            }
            insert.bindAll(
                c.generationId, c.referenceImageId, c.otherGenerationId, c.metric, detail::toJson(c.distances),
                detail::toJson(c.thresholdsCrossed), c.cliqueId, c.score, lastPrompt,
                c.matchRegions ? std::optional<std::string>(matchRegionsToJson(*c.matchRegions)) : std::nullopt);
            try {
                insert.run();
            } catch (const StoreError& e) {
                throw StoreError("candidate for generation " + std::to_string(c.generationId) +
                                 " (do the generation and the reference image exist?): " + e.what());
            }
            ids.push_back(db.lastInsertRowId());
        }
        tx.commit();
        return ids;
    });
}

Expected<Candidate> getCandidate(Connection& db, std::int64_t id) {
    return guarded("reading candidate " + std::to_string(id), [&] {
        auto st = db.prepare(std::string(kCandidateColumns) + " WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) throw StoreError("the case has no candidate " + std::to_string(id));
        return detail::readCandidate(st);
    });
}

Expected<std::vector<Candidate>> listCandidatesForGeneration(Connection& db, std::int64_t generationId) {
    return guarded("listing candidates of generation " + std::to_string(generationId), [&] {
        auto st = db.prepare(std::string(kCandidateColumns) + " WHERE generation_id = ? ORDER BY score DESC, id");
        st.bind(1, generationId);
        std::vector<Candidate> out;
        while (st.step()) out.push_back(detail::readCandidate(st));
        return out;
    });
}

namespace detail {

Candidate readCandidate(Statement& st) {
    Candidate c;
    c.id = st.int64(0);
    c.generationId = st.int64(1);
    c.referenceImageId = st.optionalInt64(2);
    c.otherGenerationId = st.optionalInt64(3);
    c.promptId = st.optionalInt64(4).value_or(0);
    c.metric = st.text(5);
    c.distances = detail::doubleMapFromJson(st.text(6));
    c.thresholdsCrossed = detail::stringListFromJson(st.text(7));
    c.cliqueId = st.optionalInt64(8);
    c.score = st.real(9);
    c.status = candidateStatusFromString(st.text(10)).value_or(CandidateStatus::Pending);
    if (const auto regions = st.optionalText(11)) c.matchRegions = matchRegionsFromJson(*regions);
    return c;
}

}  // namespace detail

}  // namespace rs::store
