#include "ui/results_query.h"

#include "store/results_repository.h"

namespace rs::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

ResultItem itemFrom(const store::ResultRow& row) {
    ResultItem item;
    item.generationId = row.generationId;
    item.promptId = row.promptId;
    item.runId = row.runId;
    item.seed = row.seed;
    item.imagePath = qs(row.imagePath.string());
    item.imageProblem = qs(row.imageProblem);
    item.memorizationScore = row.memorizationScore;
    item.cliqueId = int(row.cliqueId);
    item.bestMatchDistance = row.bestMatchDistance;
    item.bestReferenceId = row.bestReferenceId;
    item.referencePath = qs(row.referencePath.string());
    item.referenceLabel = qs(row.referenceLabel);
    return item;
}

}  // namespace

Expected<ResultItem> loadResultItem(store::CaseFile& caseFile, qint64 generationId) {
    auto loaded = loadResultItems(caseFile, {generationId});
    if (!loaded) return loaded.error();
    if (loaded->items.empty()) return notFound("the case has no generation " + std::to_string(generationId));
    return loaded->items.front();
}

Expected<LoadedItems> loadResultItems(store::CaseFile& caseFile, const std::vector<qint64>& generationIds) {
    auto rows = store::loadResultRows(caseFile, std::vector<std::int64_t>(generationIds.begin(), generationIds.end()));
    if (!rows) return rows.error();
    LoadedItems out;
    out.items.reserve(rows->rows.size());
    for (const auto& row : rows->rows) out.items.push_back(itemFrom(row));
    out.missing.assign(rows->missing.begin(), rows->missing.end());
    return out;
}

Expected<std::vector<PromptEntry>> promptsWithGenerations(store::CaseFile& caseFile, std::optional<qint64> onlyPrompt) {
    auto prompts = store::listPromptsWithGenerations(caseFile, onlyPrompt);
    if (!prompts) return prompts.error();
    std::vector<PromptEntry> out;
    out.reserve(prompts->size());
    for (const auto& p : *prompts) out.push_back({p.promptId, qs(p.text), p.generations});
    return out;
}

Expected<std::vector<qint64>> generationIdsForPrompt(store::CaseFile& caseFile, qint64 promptId) {
    auto ids = store::newestGenerationIdsOfPrompt(caseFile, promptId);
    if (!ids) return ids.error();
    return std::vector<qint64>(ids->begin(), ids->end());
}

}  // namespace rs::ui
