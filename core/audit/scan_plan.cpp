#include "audit/scan_plan.h"

#include "base/sha256.h"

#include <charconv>

namespace rs::audit {

Expected<Shard> parseShard(const std::string& text) {
    const auto slash = text.find('/');
    Shard s;
    auto number = [](const std::string& part, int& out) {
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc() && end == part.data() + part.size() && !part.empty();
    };
    if (slash == std::string::npos || !number(text.substr(0, slash), s.index) ||
        !number(text.substr(slash + 1), s.count))
        return makeError("shard '" + text + "' is not of the form i/N (e.g. 0/4)");
    if (s.count < 1 || s.count > 100000 || s.index < 0 || s.index >= s.count)
        return makeError("shard '" + text + "' needs 0 <= i < N <= 100000");
    return s;
}

bool inShard(const std::string& promptText, const Shard& shard) {
    if (shard.count <= 1) return true;
    const std::string hex = sha256Hex(promptText);
    const std::uint64_t prefix = std::stoull(hex.substr(0, 16), nullptr, 16);
    return prefix % std::uint64_t(shard.count) == std::uint64_t(shard.index);
}

std::vector<std::vector<std::uint64_t>> seedBatches(const std::vector<std::uint64_t>& seeds, int batchSize) {
    std::vector<std::vector<std::uint64_t>> batches;
    const std::size_t b = std::size_t(batchSize < 1 ? 1 : batchSize);
    for (std::size_t i = 0; i < seeds.size(); i += b)
        batches.emplace_back(seeds.begin() + long(i), seeds.begin() + long(std::min(seeds.size(), i + b)));
    return batches;
}

}  // namespace rs::audit
