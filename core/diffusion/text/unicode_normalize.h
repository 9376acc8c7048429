#pragma once
// Unicode Normalization Form C (UAX #15), as transformers' CLIPTokenizerFast applies it before
// tokenizing. Tables: unicode_nfc_tables.cpp (tools/gen_nfc_tables.py). Internal to rs_diffusion.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rs::diffusion::unicode {

std::u32string toNfc(std::u32string_view text);
std::uint8_t combiningClass(char32_t c);

namespace nfc_tables {
struct Decomposition {
    std::uint32_t cp, first, second;  // second == 0: a singleton mapping
    std::uint8_t composes;            // 1: a primary composite (first + second compose to cp)
};
struct CombiningRange {
    std::uint32_t first, last;
    std::uint8_t ccc;
};
extern const char* const kNfcUnicodeVersion;
extern const Decomposition kDecompositions[];
extern const std::size_t kDecompositionsSize;
extern const CombiningRange kCombiningClasses[];
extern const std::size_t kCombiningClassesSize;
}  // namespace nfc_tables

}  // namespace rs::diffusion::unicode
