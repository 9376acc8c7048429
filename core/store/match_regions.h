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

// A box in the pixels of an image as it is shown (fractional after scaling).
struct ShownBox {
    double x = 0, y = 0, width = 0, height = 0;
};
// The region's box on its image shown at shownWidth x shownHeight: the same pixels when the sizes
// agree, scaled when the shown image has the same shape (aspect ratios within 1 %, e.g. a
// thumbnail or a downscaled copy); nullopt when the shapes differ (the box would land on other
// pixels), the shown size is empty or the region is not valid.
std::optional<ShownBox> boxOnShownImage(const MatchRegion& region, int shownWidth, int shownHeight);

// "x 10, y 20, 40×30 px (image 96×96)": the box for people, in the stored image's pixels.
std::string boxText(const MatchRegion& region);

}  // namespace rs::store
