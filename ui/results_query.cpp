#include "ui/results_query.h"

#include "store/case_repository.h"
#include "store/run_repository.h"

#include <algorithm>
#include <map>
#include <utility>

namespace rs::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString pathString(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

constexpr std::size_t kIdsPerQuery = 500;

// Runs `sqlBeforeList` + "(?, ?, ...)" over the ids, a chunk at a time, calling onRow per row.
template <class OnRow>
void forEachChunk(store::Connection& db, const std::string& sqlBeforeList, const std::vector<qint64>& ids, OnRow&& onRow) {
    for (std::size_t start = 0; start < ids.size(); start += kIdsPerQuery) {
        const std::size_t n = std::min(kIdsPerQuery, ids.size() - start);
        std::string list = "(?";
        for (std::size_t i = 1; i < n; ++i) list += ",?";
        list += ')';
        auto st = db.prepare(sqlBeforeList + list);
        for (std::size_t i = 0; i < n; ++i) st.bind(int(i) + 1, std::int64_t(ids[start + i]));
        while (st.step()) onRow(st);
    }
}

// The label and shown file (its thumbnail, else the original) of each item's closest reference.
void resolveReferences(store::CaseFile& caseFile, std::map<qint64, ResultItem>& items) {
    auto st = caseFile.db().prepare(
        "SELECT r.set_name, r.source, t.sha256, t.extension, o.sha256, o.extension FROM reference_images r"
        " LEFT JOIN stored_files t ON t.sha256 = r.thumbnail_sha256 LEFT JOIN stored_files o ON o.sha256 = r.sha256"
        " WHERE r.id = ?1");
    std::map<qint64, std::pair<QString, QString>> resolved;  // reference -> (label, path)
    for (auto& [id, item] : items) {
        if (!item.bestMatchDistance) continue;
        auto known = resolved.find(item.bestReferenceId);
        if (known == resolved.end()) {
            std::pair<QString, QString> labelPath;
            st.reset();
            st.bind(1, std::int64_t(item.bestReferenceId));
            if (st.step()) {
                labelPath.first = qs(st.text(0) + ": " + st.text(1));
                if (auto sha = st.optionalText(2)) labelPath.second = pathString(caseFile.images().layoutPath(*sha, st.text(3)));
                else if (auto original = st.optionalText(4))
                    labelPath.second = pathString(caseFile.images().layoutPath(*original, st.text(5)));
            }
            known = resolved.emplace(item.bestReferenceId, labelPath).first;
        }
        item.referenceLabel = known->second.first;
        item.referencePath = known->second.second;
    }
}

}  // namespace

Expected<ResultItem> loadResultItem(store::CaseFile& caseFile, qint64 generationId) {
    auto loaded = loadResultItems(caseFile, {generationId});
    if (!loaded) return loaded.error();
    if (loaded->items.empty()) return makeError("the case has no generation " + std::to_string(generationId));
    return loaded->items.front();
}

Expected<LoadedItems> loadResultItems(store::CaseFile& caseFile, const std::vector<qint64>& generationIds) {
    try {
        store::Connection& db = caseFile.db();
        std::map<qint64, ResultItem> byId;
        std::map<qint64, qint64> medoidClique;            // generation -> clique it is the medoid of
        std::map<std::pair<qint64, qint64>, qint64> shownPerPromptRun;
        forEachChunk(db,
                     "SELECT g.id, g.prompt_id, g.run_id, g.seed, g.memorization_score, g.image_sha256, f.extension"
                     " FROM generations g LEFT JOIN stored_files f ON f.sha256 = g.image_sha256 WHERE g.id IN ",
                     generationIds, [&](store::Statement& st) {
                         ResultItem item;
                         item.generationId = st.int64(0);
                         item.promptId = st.int64(1);
                         item.runId = st.int64(2);
                         item.seed = st.int64(3);
                         item.memorizationScore = st.optionalReal(4);
                         const std::string sha = st.text(5);
                         if (const auto extension = st.optionalText(6))
                             item.imagePath = pathString(caseFile.images().layoutPath(sha, *extension));
                         else
                             item.imageProblem = qs("the case " + db.path().string() + " holds no image " + sha);
                         byId.emplace(item.generationId, std::move(item));
                     });
        for (const auto& [id, item] : byId) ++shownPerPromptRun[{item.promptId, item.runId}];
        // Each generation's candidates: the closest reference by tiled l2, and its clique (a
        // member's candidate points at the clique's medoid, which has none of its own).
        forEachChunk(db,
                     "SELECT generation_id, reference_image_id, other_generation_id, clique_id,"
                     " CASE WHEN json_valid(distances_json) AND json_type(distances_json, '$.tiled_l2') IN ('real', 'integer')"
                     " THEN json_extract(distances_json, '$.tiled_l2') END FROM candidates WHERE generation_id IN ",
                     generationIds, [&](store::Statement& st) {
                         const auto found = byId.find(st.int64(0));
                         if (found == byId.end()) return;
                         ResultItem& item = found->second;
                         const auto reference = st.optionalInt64(1), other = st.optionalInt64(2), clique = st.optionalInt64(3);
                         if (clique && other) {
                             item.cliqueId = int(*clique);
                             medoidClique[*other] = *clique;
                         }
                         const auto distance = st.optionalReal(4);
                         if (!reference || !distance) return;
                         if (item.bestMatchDistance && *item.bestMatchDistance <= *distance) return;
                         item.bestMatchDistance = *distance;
                         item.bestReferenceId = *reference;
                     });
        // A medoid whose members were not among the ids: look at its prompt's other generations.
        auto count = db.prepare("SELECT COUNT(*) FROM generations WHERE prompt_id = ?1 AND run_id = ?2");
        auto cliques = db.prepare(
            "SELECT c.other_generation_id, c.clique_id FROM generations g JOIN candidates c ON c.generation_id = g.id"
            " WHERE g.prompt_id = ?1 AND g.run_id = ?2 AND c.other_generation_id IS NOT NULL AND c.clique_id IS NOT NULL");
        for (const auto& [promptRun, shown] : shownPerPromptRun) {
            count.reset();
            count.bind(1, std::int64_t(promptRun.first)).bind(2, std::int64_t(promptRun.second));
            if (count.step() && count.int64(0) == shown) continue;
            cliques.reset();
            cliques.bind(1, std::int64_t(promptRun.first)).bind(2, std::int64_t(promptRun.second));
            while (cliques.step()) medoidClique[cliques.int64(0)] = cliques.int64(1);
        }
        for (auto& [id, item] : byId)
            if (item.cliqueId == 0)
                if (const auto m = medoidClique.find(id); m != medoidClique.end()) item.cliqueId = int(m->second);
        resolveReferences(caseFile, byId);

        LoadedItems out;
        for (qint64 id : generationIds) {
            const auto it = byId.find(id);
            if (it == byId.end()) out.missing.push_back(id);
            else out.items.push_back(it->second);
        }
        return out;
    } catch (const store::StoreError& e) {
        return makeError(e.what());
    }
}

Expected<std::vector<PromptEntry>> promptsWithGenerations(store::CaseFile& caseFile, std::optional<qint64> onlyPrompt) {
    try {
        // Each prompt's newest run, found once per prompt; then its generations by the
        // (run_id, prompt_id, seed) key. Cost grows with the generations, not their square.
        const std::string latest = onlyPrompt ? "SELECT prompt_id, MAX(run_id) AS run_id FROM generations WHERE prompt_id = ?1"
                                              : "SELECT prompt_id, MAX(run_id) AS run_id FROM generations GROUP BY prompt_id";
        auto st = caseFile.db().prepare(
            "WITH latest AS (" + latest + ") SELECT p.id, p.text,"
            " (SELECT COUNT(*) FROM generations g WHERE g.run_id = l.run_id AND g.prompt_id = l.prompt_id)"
            " FROM latest l JOIN prompts p ON p.id = l.prompt_id ORDER BY p.id");
        if (onlyPrompt) st.bind(1, std::int64_t(*onlyPrompt));
        std::vector<PromptEntry> out;
        while (st.step()) out.push_back({st.int64(0), qs(st.text(1)), st.int64(2)});
        return out;
    } catch (const store::StoreError& e) {
        return makeError(e.what());
    }
}

Expected<std::vector<qint64>> generationIdsForPrompt(store::CaseFile& caseFile, qint64 promptId) {
    try {
        auto st = caseFile.db().prepare(
            "SELECT id FROM generations WHERE prompt_id = ?1 AND "
            "run_id = (SELECT MAX(run_id) FROM generations WHERE prompt_id = ?1) ORDER BY idx, seed");
        st.bind(1, std::int64_t(promptId));
        std::vector<qint64> out;
        while (st.step()) out.push_back(st.int64(0));
        return out;
    } catch (const store::StoreError& e) {
        return makeError(e.what());
    }
}

}  // namespace rs::ui
