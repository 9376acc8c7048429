#pragma once
// Analysis of the extraction experiment (Carlini et al. 2023, §4.2): per caption, the maximum
// clique of its generations at the edge threshold; a caption is flagged when that clique has at
// least minCliqueSize generations, and extracted when it is flagged and the clique's medoid lies
// within the threshold of a training image. Grouped by the image's duplicate count, with how
// well the Wen et al. score (mean over the caption's generations) predicts extraction.
#include "base/expected.h"
#include "detection/experiment_dump.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace rs::detection {

struct ExperimentOptions {
    double threshold = 0.15;  // tiled l2: edge between generations, and extraction (GUIDE §2)
    int minCliqueSize = 10;
};

struct CaptionOutcome {
    std::size_t clique = 0;  // size of the maximum clique
    bool flagged = false;
    bool extractedAny = false;     // flagged, medoid within the threshold of some training image
    bool extractedOwn = false;     // … and that nearest image is the caption's own
    bool closestWithin = false;    // some generation within the threshold of the own image
    double bestOwnDistance = 0.0;  // closest generation to the own image
    double wen = 0.0;              // mean Wen score over the generations
    bool exact = true;             // false when the clique search budget was hit
};

struct GroupOutcome {
    std::size_t captions = 0, flagged = 0, extractedOwn = 0, extractedAny = 0, closestWithin = 0;
    double meanBestOwnDistance = 0.0, meanWen = 0.0;
};

struct ExperimentResult {
    ExperimentOptions options;
    std::size_t generations = 0;
    std::vector<CaptionOutcome> captions;          // in dump order
    std::map<std::uint32_t, GroupOutcome> groups;  // by duplicate count
    GroupOutcome total;
    std::optional<double> wenAuc;  // extracted (any) vs not; none if a class is empty
    std::size_t inexactSearches = 0;
};

Expected<ExperimentResult> analyzeExperiment(const ExperimentDump& dump, const ExperimentOptions& options = {});

// Area under the ROC curve of `scores` separating positives from negatives: the Mann–Whitney U
// statistic with ties counted 1/2, divided by (positives · negatives). None if a class is empty.
std::optional<double> rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive);

}  // namespace rs::detection
