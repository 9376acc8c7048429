#include "ui/results_query.h"

#include "store/case_repository.h"
#include "store/run_repository.h"

namespace rs::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString pathString(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

}  // namespace

Expected<ResultItem> loadResultItem(store::CaseFile& caseFile, qint64 generationId) {
    auto generation = store::getGeneration(caseFile.db(), generationId);
    if (!generation) return generation.error();
    ResultItem item;
    item.generationId = generation->id;
    item.promptId = generation->promptId;
    item.runId = generation->runId;
    item.seed = generation->seed;
    item.memorizationScore = generation->memorizationScore;
    if (auto path = caseFile.images().pathOf(generation->imageSha256)) item.imagePath = pathString(*path);
    else item.imageProblem = qs(path.message());

    auto candidates = store::listCandidatesForGeneration(caseFile.db(), generationId);
    if (!candidates) return candidates.error();
    std::optional<store::Candidate> best;
    for (const auto& c : *candidates) {
        if (c.cliqueId && c.otherGenerationId) item.cliqueId = int(*c.cliqueId);
        if (!c.referenceImageId) continue;
        const auto d = c.distances.find("tiled_l2");
        if (d == c.distances.end()) continue;
        if (!best || d->second < best->distances.at("tiled_l2")) best = c;
    }
    if (item.cliqueId == 0) {
        // A clique's medoid has no candidate of its own: the other members point at it.
        try {
            auto st = caseFile.db().prepare(
                "SELECT clique_id FROM candidates WHERE other_generation_id = ?1 AND clique_id IS NOT NULL LIMIT 1");
            st.bind(1, std::int64_t(generationId));
            if (st.step()) item.cliqueId = int(st.int64(0));
        } catch (const store::StoreError& e) {
            return makeError(e.what());
        }
    }
    if (best) {
        item.bestMatchDistance = best->distances.at("tiled_l2");
        item.bestReferenceId = *best->referenceImageId;
        if (auto ref = store::getReferenceImage(caseFile.db(), item.bestReferenceId)) {
            item.referenceLabel = qs(ref->setName + ": " + ref->source);
            if (ref->thumbnailSha256)
                if (auto p = caseFile.images().pathOf(*ref->thumbnailSha256)) item.referencePath = pathString(*p);
            if (item.referencePath.isEmpty()) {
                if (auto p = caseFile.images().pathOf(ref->sha256)) item.referencePath = pathString(*p);
            }
        }
    }
    return item;
}

Expected<std::vector<PromptEntry>> promptsWithGenerations(store::CaseFile& caseFile) {
    try {
        auto st = caseFile.db().prepare(
            "SELECT p.id, p.text, COUNT(g.id) FROM prompts p JOIN generations g ON g.prompt_id = p.id "
            "WHERE g.run_id = (SELECT MAX(run_id) FROM generations g2 WHERE g2.prompt_id = p.id) "
            "GROUP BY p.id ORDER BY p.id");
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
