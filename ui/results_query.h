#pragma once
// What the results grid shows about generations, in Qt's types: store/results_repository.h reads
// it (on the GUI thread's case connection) and this converts it for the views.
#include "store/case_file.h"

#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace rs::ui {

struct ResultItem {
    qint64 generationId = 0;
    qint64 promptId = 0;
    qint64 runId = 0;
    qint64 seed = 0;
    QString imagePath;  // empty when the store has no file for the image (imageProblem says why)
    QString imageProblem;
    std::optional<double> memorizationScore;
    int cliqueId = 0;                         // 0: not in a flagged clique
    std::optional<double> bestMatchDistance;  // tiled l2 to the closest flagged reference
    qint64 bestReferenceId = 0;
    QString referencePath;   // the reference's thumbnail (or original) file
    QString referenceLabel;  // "set: source"
};

struct PromptEntry {
    qint64 promptId = 0;
    QString text;
    qint64 generations = 0;  // in the newest run that has the prompt
};

// Errors are messages to show; nothing throws.
Expected<ResultItem> loadResultItem(store::CaseFile& caseFile, qint64 generationId);

struct LoadedItems {
    std::vector<ResultItem> items;  // in the order of the ids asked for
    std::vector<qint64> missing;    // ids the case does not hold
};
// Many generations with a few set-based queries (a prompt's 500 in milliseconds, whatever the
// size of the case): the grid calls this on the GUI thread.
Expected<LoadedItems> loadResultItems(store::CaseFile& caseFile, const std::vector<qint64>& generationIds);
// Prompts with generations (all, or only `onlyPrompt`), each with its newest run's count.
Expected<std::vector<PromptEntry>> promptsWithGenerations(store::CaseFile& caseFile,
                                                          std::optional<qint64> onlyPrompt = {});
// The prompt's generations in the newest run that has it, in seed order.
Expected<std::vector<qint64>> generationIdsForPrompt(store::CaseFile& caseFile, qint64 promptId);

}  // namespace rs::ui

Q_DECLARE_METATYPE(rs::ui::ResultItem)
