#pragma once
// What the results grid shows about a prompt's generations, read with a few set-based queries
// whatever the size of the case (a prompt's 500 generations in milliseconds): the image file,
// memorization score, clique membership and the closest reference match the scan found (a match
// is stored only when it crosses a threshold), and the prompt's pairwise distances as the scan
// computed them.
#include "base/expected.h"
#include "store/case_file.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rs::store {

struct ResultRow {
    std::int64_t generationId = 0;
    std::int64_t promptId = 0;
    std::int64_t runId = 0;
    std::int64_t seed = 0;
    std::filesystem::path imagePath;  // empty when the store has no file for the image (imageProblem says why)
    std::string imageProblem;
    std::optional<double> memorizationScore;
    std::int64_t cliqueId = 0;                // 0: not in a flagged clique
    std::optional<double> bestMatchDistance;  // tiled l2 to the closest flagged reference
    std::int64_t bestReferenceId = 0;
    std::filesystem::path referencePath;  // the reference's thumbnail (or original) file
    std::string referenceLabel;           // "set: source"
};

struct ResultRows {
    std::vector<ResultRow> rows;        // in the order of the ids asked for
    std::vector<std::int64_t> missing;  // ids the case does not hold
};
Expected<ResultRows> loadResultRows(CaseFile& caseFile, const std::vector<std::int64_t>& generationIds);

struct PromptWithGenerations {
    std::int64_t promptId = 0;
    std::string text;
    std::int64_t generations = 0;  // in the newest run that has the prompt
};
// Prompts with generations (all, or only `onlyPrompt`), each with its newest run's count.
Expected<std::vector<PromptWithGenerations>> listPromptsWithGenerations(CaseFile& caseFile,
                                                                        std::optional<std::int64_t> onlyPrompt = {});
// The prompt's generations in the newest run that has it, in seed order.
Expected<std::vector<std::int64_t>> newestGenerationIdsOfPrompt(CaseFile& caseFile, std::int64_t promptId);

// ---- a prompt's pairwise distances, stored by the scan with the prompt's findings
struct PromptDistances {
    std::int64_t promptId = 0;
    std::int64_t runId = 0;
    std::string metric;                       // "tiled_l2"
    std::vector<std::int64_t> generationIds;  // the matrix's order
    std::vector<float> distances;             // upper triangle, row by row: (0,1), (0,2), ..., (n-2,n-1)
};
// Replaces what is stored for (prompt, run). Fails unless there are n(n-1)/2 distances for n ids.
Status putPromptDistances(Connection& db, const PromptDistances& distances);
// The run's distances of the prompt, or nothing.
Expected<std::optional<PromptDistances>> promptDistances(Connection& db, std::int64_t promptId, std::int64_t runId);

}  // namespace rs::store
