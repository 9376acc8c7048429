#pragma once
// What the results grid shows about generations, read from the GUI thread's case connection:
// the image file, memorization score, clique membership and the closest reference match found
// by the scan (a match is stored only when it crosses a threshold).
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
    QString imagePath;   // empty when the store has no file for the image (imageProblem says why)
    QString imageProblem;
    std::optional<double> memorizationScore;
    int cliqueId = 0;    // 0: not in a flagged clique
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
Expected<std::vector<PromptEntry>> promptsWithGenerations(store::CaseFile& caseFile);
// The prompt's generations in the newest run that has it, in seed order.
Expected<std::vector<qint64>> generationIdsForPrompt(store::CaseFile& caseFile, qint64 promptId);

}  // namespace rs::ui

Q_DECLARE_METATYPE(rs::ui::ResultItem)
