#pragma once
// What an audit scan does, decided before any image is made: which prompts this shard owns and
// how each prompt's seeds are cut into network batches. Both are pure functions of the request,
// so an interrupted scan resumed later, or the same scan split over N machines, makes exactly
// the same batches and therefore exactly the same images.
#include "base/expected.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs::audit {

struct Shard {
    int index = 0;  // 0-based
    int count = 1;
};

// "i/N" with 0 <= i < N <= 100000.
Expected<Shard> parseShard(const std::string& text);

// Whether a prompt belongs to a shard: the first 8 bytes of SHA-256(prompt text) modulo N. It
// depends on the text alone, not on its position in a file, so shards agree however the
// prompt list is ordered or deduplicated.
bool inShard(const std::string& promptText, const Shard& shard);

// Seeds cut into consecutive batches of batchSize (the last may be shorter).
std::vector<std::vector<std::uint64_t>> seedBatches(const std::vector<std::uint64_t>& seeds, int batchSize);

}  // namespace rs::audit
