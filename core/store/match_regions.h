#pragma once
// The text of candidates.match_regions_json (schema v5):
//   {"generation": {"box": [x, y, width, height], "image": [width, height]},
//    "other":      {"box": [...], "image": [...]}}
// Reading treats the column as untrusted (a case file may come from anyone): anything but
// exactly this shape with integer boxes inside their images gives no regions, never an error
// or a crash, so the candidate is still shown, without boxes.
#include "store/records.h"

#include <optional>
#include <string>

namespace rs::store {

std::string matchRegionsToJson(const MatchRegions& regions);
std::optional<MatchRegions> matchRegionsFromJson(const std::string& text);
// Whether a region is usable: an image of sane size and a non-empty box inside it.
bool isValid(const MatchRegion& region);

}  // namespace rs::store
