#pragma once
// Reproducibility proof for one stored generation: load the model the run recorded (its files
// must still have the recorded SHA-256), generate the recorded prompt, seed and parameters
// again, and compare with the stored image. Same device and dtype: expected bit-identical when
// the batch is the same; alone instead of in its original batch the networks' float arithmetic
// may move a value by one 8-bit level (README, "Command line"), which the tolerance allows.
#include "base/expected.h"
#include "store/case_file.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs::audit {

struct RegenerationReport {
    std::int64_t generationId = 0;
    std::string storedSha256, regeneratedSha256;
    bool identical = false;
    int maxDifference = 0;           // largest per-value difference in 8-bit levels
    double differingShare = 0;       // share of values that differ
    bool withinTolerance = false;    // identical, or <= 1 level on < 1 % of the values
    std::string device, dtype;       // where it was regenerated
    std::vector<std::string> notes;  // e.g. device or dtype differ from the run's
};

struct RegenerationOptions {
    std::string device = "auto";  // default: the run's device if available, else auto
    int maxLevelDifference = 1;
    double maxDifferingShare = 0.01;
};

Expected<RegenerationReport> regenerateGeneration(store::CaseFile& caseFile, std::int64_t generationId,
                                                  const RegenerationOptions& options = {});

}  // namespace rs::audit
