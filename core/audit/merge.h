#pragma once
// Joins the cases of a sharded scan (scan --shard i/N on N machines) into one case: models,
// prompts, reference sets (rows, descriptors, originals and thumbnails), the shards' runs as one
// run, every generation with its image, every candidate and every review decision. The shards
// must share the model (same file hashes) and every generation parameter; the first difference
// is named. Appends "cases.merged" with each shard's path and audit-log head hash.
#include "base/expected.h"
#include "store/case_file.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace rs::audit {

struct MergeSummary {
    std::int64_t runId = 0;  // the merged run in the target
    std::int64_t shards = 0;
    std::int64_t generations = 0;
    std::int64_t candidates = 0;
    std::int64_t reviews = 0;
    std::int64_t referenceImages = 0;
};

Expected<MergeSummary> mergeShardCases(store::CaseFile& target, const std::vector<std::filesystem::path>& shards);

}  // namespace rs::audit
