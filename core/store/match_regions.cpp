#include "store/match_regions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace rs::store {
namespace {

constexpr std::size_t kMaxTextBytes = 4096;  // the real text is under 200 bytes
constexpr std::int64_t kMaxImageSide = 1 << 20;

nlohmann::json regionJson(const MatchRegion& r) {
    return {{"box", {r.box.x, r.box.y, r.box.width, r.box.height}}, {"image", {r.imageWidth, r.imageHeight}}};
}

// Integers of a JSON array of exactly `n` integer numbers (no fractions, no strings).
bool readInts(const nlohmann::json& array, std::size_t n, std::int64_t* out) {
    if (!array.is_array() || array.size() != n) return false;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& v = array[i];
        if (v.is_number_unsigned()) {
            const auto u = v.get<std::uint64_t>();
            if (u > std::uint64_t(kMaxImageSide)) return false;
            out[i] = std::int64_t(u);
        } else if (v.is_number_integer()) {
            out[i] = v.get<std::int64_t>();
            if (out[i] < -kMaxImageSide || out[i] > kMaxImageSide) return false;
        } else {
            return false;
        }
    }
    return true;
}

std::optional<MatchRegion> readRegion(const nlohmann::json& parent, const char* key) {
    const auto it = parent.find(key);
    if (it == parent.end() || !it->is_object()) return std::nullopt;
    const auto box = it->find("box");
    const auto image = it->find("image");
    if (box == it->end() || image == it->end()) return std::nullopt;
    std::int64_t b[4], s[2];
    if (!readInts(*box, 4, b) || !readInts(*image, 2, s)) return std::nullopt;
    MatchRegion r;
    r.box = {int(b[0]), int(b[1]), int(b[2]), int(b[3])};
    r.imageWidth = int(s[0]);
    r.imageHeight = int(s[1]);
    if (!isValid(r)) return std::nullopt;
    return r;
}

}  // namespace

bool isValid(const MatchRegion& r) {
    const std::int64_t x = r.box.x, y = r.box.y, w = r.box.width, h = r.box.height;
    return r.imageWidth > 0 && r.imageHeight > 0 && r.imageWidth <= kMaxImageSide && r.imageHeight <= kMaxImageSide &&
           x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= r.imageWidth && y + h <= r.imageHeight;
}

std::optional<ShownBox> boxOnShownImage(const MatchRegion& r, int shownWidth, int shownHeight) {
    if (!isValid(r) || shownWidth <= 0 || shownHeight <= 0) return std::nullopt;
    const double sx = double(shownWidth) / r.imageWidth, sy = double(shownHeight) / r.imageHeight;
    if (std::abs(sx - sy) > 0.01 * std::max(sx, sy)) return std::nullopt;
    return ShownBox{r.box.x * sx, r.box.y * sy, r.box.width * sx, r.box.height * sy};
}

std::string boxText(const MatchRegion& r) {
    return "x " + std::to_string(r.box.x) + ", y " + std::to_string(r.box.y) + ", " + std::to_string(r.box.width) +
           "×" + std::to_string(r.box.height) + " px (image " + std::to_string(r.imageWidth) + "×" +
           std::to_string(r.imageHeight) + ")";
}

std::string matchRegionsToJson(const MatchRegions& regions) {
    return nlohmann::json{{"generation", regionJson(regions.generation)}, {"other", regionJson(regions.other)}}.dump();
}

std::optional<MatchRegions> matchRegionsFromJson(const std::string& text) {
    if (text.empty() || text.size() > kMaxTextBytes) return std::nullopt;
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return std::nullopt;  // also the parse failure ("discarded")
    auto generation = readRegion(json, "generation");
    auto other = readRegion(json, "other");
    if (!generation || !other) return std::nullopt;
    return MatchRegions{*generation, *other};
}

}  // namespace rs::store
