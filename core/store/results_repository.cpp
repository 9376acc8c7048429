#include "store/results_repository.h"

#include "store/internal.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

namespace rs::store {

namespace {

using detail::guarded;
using detail::guardedStatus;

constexpr std::size_t kIdsPerQuery = 500;

// Runs `sqlBeforeList` + "(?, ?, ...)" over the ids, a chunk at a time, calling onRow per row.
template <class OnRow>
void forEachChunk(Connection& db, const std::string& sqlBeforeList, const std::vector<std::int64_t>& ids,
                  OnRow&& onRow) {
    for (std::size_t start = 0; start < ids.size(); start += kIdsPerQuery) {
        const std::size_t n = std::min(kIdsPerQuery, ids.size() - start);
        std::string list = "(?";
        for (std::size_t i = 1; i < n; ++i) list += ",?";
        list += ')';
        auto st = db.prepare(sqlBeforeList + list);
        for (std::size_t i = 0; i < n; ++i) st.bind(int(i) + 1, ids[start + i]);
        while (st.step()) onRow(st);
    }
}

// The label and shown file (its thumbnail, else the original) of each row's closest reference.
void resolveReferences(CaseFile& caseFile, std::map<std::int64_t, ResultRow>& rows) {
    auto st = caseFile.db().prepare(
        "SELECT r.set_name, r.source, t.sha256, t.extension, o.sha256, o.extension FROM reference_images r"
        " LEFT JOIN stored_files t ON t.sha256 = r.thumbnail_sha256 LEFT JOIN stored_files o ON o.sha256 = r.sha256"
        " WHERE r.id = ?1");
    std::map<std::int64_t, std::pair<std::string, std::filesystem::path>> resolved;  // reference -> (label, path)
    for (auto& [id, row] : rows) {
        if (!row.bestMatchDistance) continue;
        auto known = resolved.find(row.bestReferenceId);
        if (known == resolved.end()) {
            std::pair<std::string, std::filesystem::path> labelPath;
            st.reset();
            st.bind(1, row.bestReferenceId);
            if (st.step()) {
                labelPath.first = st.text(0) + ": " + st.text(1);
                if (auto sha = st.optionalText(2))
                    labelPath.second = caseFile.images().layoutPath(*sha, st.text(3));
                else if (auto original = st.optionalText(4))
                    labelPath.second = caseFile.images().layoutPath(*original, st.text(5));
            }
            known = resolved.emplace(row.bestReferenceId, labelPath).first;
        }
        row.referenceLabel = known->second.first;
        row.referencePath = known->second.second;
    }
}

std::vector<std::uint8_t> floatBytes(const std::vector<float>& values) {
    static_assert(sizeof(float) == 4, "distances are stored as 4-byte IEEE floats");
    std::vector<std::uint8_t> bytes(values.size() * 4);
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, &values[i], 4);
        for (int b = 0; b < 4; ++b) bytes[4 * i + std::size_t(b)] = std::uint8_t(bits >> (8 * b));  // little-endian
    }
    return bytes;
}

std::vector<float> floatsFrom(const std::vector<std::uint8_t>& bytes) {
    std::vector<float> values(bytes.size() / 4);
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::uint32_t bits = 0;
        for (int b = 0; b < 4; ++b) bits |= std::uint32_t(bytes[4 * i + std::size_t(b)]) << (8 * b);
        std::memcpy(&values[i], &bits, 4);
    }
    return values;
}

std::optional<PromptDistances> readDistances(Statement& st) {
    if (!st.step()) return std::nullopt;
    PromptDistances d;
    d.promptId = st.int64(0);
    d.runId = st.int64(1);
    d.metric = st.text(2);
    d.generationIds = detail::intListFromJson(st.text(3));
    const auto bytes = st.blob(4);
    const std::size_t n = d.generationIds.size();
    if (bytes.size() % 4 != 0 || bytes.size() / 4 != n * (n < 2 ? 0 : n - 1) / 2)
        throw StoreError("the stored distances of prompt " + std::to_string(d.promptId) + " in run " +
                         std::to_string(d.runId) + " do not match its " + std::to_string(n) + " generations");
    d.distances = floatsFrom(bytes);
    return d;
}

const char* const kDistanceColumns =
    "SELECT prompt_id, run_id, metric, generation_ids_json, distances FROM prompt_distances";

}  // namespace

Expected<ResultRows> loadResultRows(CaseFile& caseFile, const std::vector<std::int64_t>& generationIds) {
    return guarded("reading the results", [&] {
        Connection& db = caseFile.db();
        std::map<std::int64_t, ResultRow> byId;
        std::map<std::int64_t, std::int64_t> medoidClique;  // generation -> clique it is the medoid of
        std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> shownPerPromptRun;
        forEachChunk(db,
                     "SELECT g.id, g.prompt_id, g.run_id, g.seed, g.memorization_score, g.image_sha256, f.extension"
                     " FROM generations g LEFT JOIN stored_files f ON f.sha256 = g.image_sha256 WHERE g.id IN ",
                     generationIds, [&](Statement& st) {
                         ResultRow row;
                         row.generationId = st.int64(0);
                         row.promptId = st.int64(1);
                         row.runId = st.int64(2);
                         row.seed = st.int64(3);
                         row.memorizationScore = st.optionalReal(4);
                         const std::string sha = st.text(5);
                         if (const auto extension = st.optionalText(6))
                             row.imagePath = caseFile.images().layoutPath(sha, *extension);
                         else
                             row.imageProblem = "the case " + db.path().string() + " holds no image " + sha;
                         byId.emplace(row.generationId, std::move(row));
                     });
        for (const auto& [id, row] : byId) ++shownPerPromptRun[{row.promptId, row.runId}];
        // Each generation's candidates: the closest reference by tiled l2, and its clique (a
        // member's candidate points at the clique's medoid, which has none of its own).
        forEachChunk(
            db,
            "SELECT generation_id, reference_image_id, other_generation_id, clique_id,"
            " CASE WHEN json_valid(distances_json) AND json_type(distances_json, '$.tiled_l2') IN ('real', 'integer')"
            " THEN json_extract(distances_json, '$.tiled_l2') END FROM candidates WHERE generation_id IN ",
            generationIds, [&](Statement& st) {
                const auto found = byId.find(st.int64(0));
                if (found == byId.end()) return;
                ResultRow& row = found->second;
                const auto reference = st.optionalInt64(1), other = st.optionalInt64(2), clique = st.optionalInt64(3);
                if (clique && other) {
                    row.cliqueId = *clique;
                    medoidClique[*other] = *clique;
                }
                const auto distance = st.optionalReal(4);
                if (!reference || !distance) return;
                if (row.bestMatchDistance && *row.bestMatchDistance <= *distance) return;
                row.bestMatchDistance = *distance;
                row.bestReferenceId = *reference;
            });
        // A medoid whose members were not among the ids: look at its prompt's other generations.
        auto count = db.prepare("SELECT COUNT(*) FROM generations WHERE prompt_id = ?1 AND run_id = ?2");
        auto cliques = db.prepare(
            "SELECT c.other_generation_id, c.clique_id FROM generations g JOIN candidates c ON c.generation_id = g.id"
            " WHERE g.prompt_id = ?1 AND g.run_id = ?2 AND c.other_generation_id IS NOT NULL AND c.clique_id IS NOT "
            "NULL");
        for (const auto& [promptRun, shown] : shownPerPromptRun) {
            count.reset();
            count.bind(1, promptRun.first).bind(2, promptRun.second);
            if (count.step() && count.int64(0) == shown) continue;
            cliques.reset();
            cliques.bind(1, promptRun.first).bind(2, promptRun.second);
            while (cliques.step()) medoidClique[cliques.int64(0)] = cliques.int64(1);
        }
        for (auto& [id, row] : byId)
            if (row.cliqueId == 0)
                if (const auto m = medoidClique.find(id); m != medoidClique.end()) row.cliqueId = m->second;
        resolveReferences(caseFile, byId);

        ResultRows out;
        for (std::int64_t id : generationIds) {
            const auto it = byId.find(id);
            if (it == byId.end())
                out.missing.push_back(id);
            else
                out.rows.push_back(it->second);
        }
        return out;
    });
}

Expected<std::vector<PromptWithGenerations>> listPromptsWithGenerations(CaseFile& caseFile,
                                                                        std::optional<std::int64_t> onlyPrompt) {
    return guarded("listing the prompts with generations", [&] {
        // Each prompt's newest run, found once per prompt; then its generations by the
        // (run_id, prompt_id, seed) key. Cost grows with the generations, not their square.
        const std::string latest = onlyPrompt
                                       ? "SELECT prompt_id, MAX(run_id) AS run_id FROM generations WHERE prompt_id = ?1"
                                       : "SELECT prompt_id, MAX(run_id) AS run_id FROM generations GROUP BY prompt_id";
        auto st = caseFile.db().prepare(
            "WITH latest AS (" + latest +
            ") SELECT p.id, p.text,"
            " (SELECT COUNT(*) FROM generations g WHERE g.run_id = l.run_id AND g.prompt_id = l.prompt_id)"
            " FROM latest l JOIN prompts p ON p.id = l.prompt_id ORDER BY p.id");
        if (onlyPrompt) st.bind(1, *onlyPrompt);
        std::vector<PromptWithGenerations> out;
        while (st.step()) out.push_back({st.int64(0), st.text(1), st.int64(2)});
        return out;
    });
}

Expected<std::vector<std::int64_t>> newestGenerationIdsOfPrompt(CaseFile& caseFile, std::int64_t promptId) {
    return guarded("listing the prompt's generations", [&] {
        auto st = caseFile.db().prepare(
            "SELECT id FROM generations WHERE prompt_id = ?1 AND "
            "run_id = (SELECT MAX(run_id) FROM generations WHERE prompt_id = ?1) ORDER BY idx, seed");
        st.bind(1, promptId);
        std::vector<std::int64_t> out;
        while (st.step()) out.push_back(st.int64(0));
        return out;
    });
}

Status putPromptDistances(Connection& db, const PromptDistances& d) {
    return guardedStatus("storing the distances of prompt " + std::to_string(d.promptId), [&] {
        const std::size_t n = d.generationIds.size();
        if (d.distances.size() != n * (n < 2 ? 0 : n - 1) / 2)
            throw StoreError(std::to_string(d.distances.size()) + " distances for " + std::to_string(n) +
                             " generations (expected n(n-1)/2)");
        const auto bytes = floatBytes(d.distances);
        auto st = db.prepare(
            "INSERT OR REPLACE INTO prompt_distances (prompt_id, run_id, metric, generation_ids_json, distances)"
            " VALUES (?, ?, ?, ?, ?)");
        st.bindAll(d.promptId, d.runId, d.metric, detail::toJson(d.generationIds));
        st.bindBlob(5, bytes.data(), bytes.size());
        st.run();
    });
}

Expected<std::optional<PromptDistances>> promptDistances(Connection& db, std::int64_t promptId, std::int64_t runId) {
    return guarded("reading the distances of prompt " + std::to_string(promptId), [&] {
        auto st = db.prepare(std::string(kDistanceColumns) + " WHERE prompt_id = ? AND run_id = ?");
        st.bindAll(promptId, runId);
        return readDistances(st);
    });
}

}  // namespace rs::store
