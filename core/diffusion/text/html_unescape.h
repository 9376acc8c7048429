#pragma once
// Python's html.unescape() (3.11) for the CLIP tokenizer's basic_clean (internal to rs_diffusion).
//
// API: std::u32string html::unescape(std::u32string_view) - every numeric reference (&#N; &#xH;,
// with or without ';', Windows-1252 replacements, U+FFFD for surrogates/out of range, invalid
// code points dropped) and all 2,231 HTML5 named references, including the legacy names without
// ';' and the longest-prefix rule ("&ampx" -> "&x"). Tables: tools/gen_html_entities.py.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rs::diffusion::html {

std::u32string unescape(std::u32string_view text);

struct Entity {
    const char* name;   // as in html.entities.html5, e.g. "amp;" and "amp"
    const char* value;  // UTF-8
};
struct CharrefReplacement {
    std::uint32_t number, replacement;
};
extern const Entity kEntities[];
extern const std::size_t kEntitiesSize;
extern const CharrefReplacement kInvalidCharrefs[];
extern const std::size_t kInvalidCharrefsSize;
extern const std::uint32_t kInvalidCodepoints[];
extern const std::size_t kInvalidCodepointsSize;

}  // namespace rs::diffusion::html
