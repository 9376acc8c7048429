#include "audit/merge.h"

#include "audit/sampling_record.h"
#include "store/results_repository.h"

#include "store/audit_log.h"
#include "store/case_repository.h"
#include "store/review_repository.h"
#include "store/run_repository.h"

#include <nlohmann/json.hpp>

#include <map>

namespace rs::audit {
namespace {

using IdMap = std::map<std::int64_t, std::int64_t>;

// What every shard's run must agree on (the model by its file hashes, not its row id).
std::string runSignature(const store::RunRecord& r, const store::ModelRecord& m) {
    auto j = generationParameters(r);
    j["model_files"] = m.fileSha256;
    return j.dump();
}

Status copyImage(store::CaseFile& from, store::CaseFile& to, const std::string& sha256) {
    if (sha256.empty() || to.images().contains(sha256)) return {};
    auto bytes = from.images().read(sha256);
    if (!bytes) return bytes.error();
    auto put = to.images().put(*bytes);
    if (!put) return put.error();
    return {};
}

Expected<IdMap> mergeReferences(store::CaseFile& from, store::CaseFile& to, MergeSummary& summary) {
    IdMap ids;
    auto sets = store::listReferenceSets(from.db());
    if (!sets) return sets.error();
    for (const auto& set : *sets) {
        auto rows = store::listReferenceImages(from.db(), set.name, 1000000, 0, true);
        if (!rows) return rows.error();
        for (const auto& row : *rows) {
            if (auto s = copyImage(from, to, row.sha256); !s.ok() && from.images().contains(row.sha256))
                return s.error();
            if (row.thumbnailSha256)
                if (auto s = copyImage(from, to, *row.thumbnailSha256); !s.ok()) return s.error();
        }
        auto imported = store::importReferenceImages(to.db(), *rows, "merge");
        if (!imported) return imported.error();
        std::vector<std::pair<std::int64_t, std::vector<std::uint8_t>>> descriptors;
        for (std::size_t i = 0; i < rows->size(); ++i) {
            const auto& row = (*rows)[i];
            ids[row.id] = imported->ids[i];
            if (row.descriptor) descriptors.emplace_back(imported->ids[i], *row.descriptor);
            if (row.thumbnailSha256)
                if (auto s = store::setReferenceThumbnail(to.db(), imported->ids[i], *row.thumbnailSha256); !s.ok())
                    return s.error();
        }
        if (!descriptors.empty())
            if (auto s = store::setReferenceDescriptors(to.db(), descriptors); !s.ok()) return s.error();
        summary.referenceImages += imported->inserted;
    }
    return ids;
}

// Each prompt's stored distances, with the prompt and generation ids of the merged case.
Status copyPromptDistances(store::Connection& shard, store::Connection& target, std::int64_t shardRun,
                           std::int64_t mergedRun, const IdMap& promptIds, const IdMap& generationIds) {
    for (const auto& [shardPrompt, mergedPrompt] : promptIds) {
        auto stored = store::promptDistances(shard, shardPrompt, shardRun);
        if (!stored) return stored.error();
        if (!*stored) continue;
        store::PromptDistances copy = std::move(**stored);
        copy.promptId = mergedPrompt;
        copy.runId = mergedRun;
        for (auto& id : copy.generationIds) id = generationIds.at(id);
        if (auto s = store::putPromptDistances(target, copy); !s.ok()) return s;
    }
    return {};
}

}  // namespace

Expected<MergeSummary> mergeShardCases(store::CaseFile& target, const std::vector<std::filesystem::path>& shards) {
    MergeSummary summary;
    if (shards.empty()) return makeError("merge needs at least one shard case");
    std::string signature;
    std::int64_t mergedRun = 0;
    bool allFinished = true;
    nlohmann::json sources = nlohmann::json::array();
    try {
        for (const auto& path : shards) {
            auto shard = store::CaseFile::open(path, store::OpenMode::ReadOnly);
            if (!shard) return shard.error();
            auto& db = shard->db();
            auto head = store::auditHeadHash(db);
            if (!head) return head.error();
            sources.push_back({{"path", path.string()}, {"audit_head", *head}});
            auto runs = store::listRuns(db);
            if (!runs) return runs.error();
            if (runs->size() != 1)
                return makeError(path.string() + " holds " + std::to_string(runs->size()) +
                                 " runs; a shard case holds one scan run");
            const auto& run = runs->front();
            auto model = store::getModel(db, run.modelId);
            if (!model) return model.error();
            const std::string sig = runSignature(run, *model);
            if (signature.empty())
                signature = sig;
            else if (sig != signature)
                return makeError(
                    path.string() + " was scanned with another model or other parameters than " +
                    shards.front().string() +
                    " (model files, sampler, steps, guidance, eta, size, negative prompt, seeds, dtype must agree)");
            allFinished = allFinished && run.status == store::RunStatus::Finished;

            auto modelId = store::registerModel(target.db(), *model);
            if (!modelId) return modelId.error();
            if (mergedRun == 0) {
                auto copy = run;
                copy.modelId = *modelId;
                copy.softwareVersion.clear();
                auto id = store::startRun(target.db(), copy);
                if (!id) return id.error();
                mergedRun = *id;
            }
            auto references = mergeReferences(*shard, target, summary);
            if (!references) return references.error();

            auto prompts = store::listPrompts(db);
            if (!prompts) return prompts.error();
            IdMap promptIds;
            if (!prompts->empty()) {
                auto ids = store::addPrompts(target.db(), *prompts);
                if (!ids) return ids.error();
                for (std::size_t i = 0; i < prompts->size(); ++i) promptIds[(*prompts)[i].id] = (*ids)[i];
            }
            auto generations = store::listGenerations(db, run.id);
            if (!generations) return generations.error();
            std::vector<store::Generation> rows;
            for (const auto& g : *generations) {
                if (auto s = copyImage(*shard, target, g.imageSha256); !s.ok()) return s.error();
                auto row = g;
                row.id = 0;
                row.runId = mergedRun;
                row.promptId = promptIds.at(g.promptId);
                rows.push_back(row);
            }
            auto generationIds = store::insertGenerations(target.db(), rows);
            if (!generationIds) return generationIds.error();
            IdMap genIds;
            for (std::size_t i = 0; i < generations->size(); ++i) genIds[(*generations)[i].id] = (*generationIds)[i];
            summary.generations += std::int64_t(rows.size());
            if (auto s = copyPromptDistances(db, target.db(), run.id, mergedRun, promptIds, genIds); !s.ok())
                return s.error();

            for (const auto& g : *generations) {
                auto candidates = store::listCandidatesForGeneration(db, g.id);
                if (!candidates) return candidates.error();
                for (const auto& c : *candidates) {
                    auto copy = c;
                    copy.id = 0;
                    copy.generationId = genIds.at(c.generationId);
                    if (c.otherGenerationId) copy.otherGenerationId = genIds.at(*c.otherGenerationId);
                    if (c.referenceImageId) copy.referenceImageId = references->at(*c.referenceImageId);
                    auto ids = store::insertCandidates(target.db(), {copy});
                    if (!ids) return ids.error();
                    ++summary.candidates;
                    auto reviews = store::reviewsForCandidate(db, c.id);
                    if (!reviews) return reviews.error();
                    for (const auto& r : *reviews) {
                        auto note = r.note + (r.note.empty() ? "" : " ") + "[reviewed " + r.timeUtc + " in " +
                                    path.filename().string() + "]";
                        auto recorded = store::recordReview(target.db(), ids->front(), r.decision, r.reviewer, note);
                        if (!recorded) return recorded.error();
                        ++summary.reviews;
                    }
                }
            }
            ++summary.shards;
        }
        if (auto s = store::finishRun(target.db(), mergedRun,
                                      allFinished ? store::RunStatus::Finished : store::RunStatus::Cancelled);
            !s.ok())
            return s.error();
        nlohmann::json details = {{"run", mergedRun},
                                  {"shards", sources},
                                  {"generations", summary.generations},
                                  {"candidates", summary.candidates},
                                  {"reviews", summary.reviews}};
        if (auto a = store::appendAudit(target.db(), "cases.merged", details.dump()); !a) return a.error();
    } catch (const std::exception& e) {
        return makeError(std::string("merging failed: ") + e.what());
    }
    summary.runId = mergedRun;
    return summary;
}

}  // namespace rs::audit
