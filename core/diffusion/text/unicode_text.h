#pragma once
// Unicode helpers for the CLIP tokenizer (internal to rs_diffusion).
//
// API: decodeUtf8 / encodeUtf8; charClass (Letter/Number/Other by general category);
// isPythonSpace (str.isspace); isWhiteSpace (Unicode White_Space, the regex module's \s);
// toLowerPython (str.lower(): full mapping incl. U+0130 and the final-sigma rule).
// The tables come from core/diffusion/text/generated/gen_unicode_tables.py (unicode_tables.cpp).
#include "diffusion/io/utf8.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rs::diffusion::unicode {

enum class CharClass : std::uint8_t { Other = 0, Letter = 1, Number = 2 };

// Decodes UTF-8; each invalid byte becomes U+FFFD and *replaced (if given) is set.
std::u32string decodeUtf8(std::string_view text, bool* replaced = nullptr);
std::string encodeUtf8(std::u32string_view text);
using diffusion::appendUtf8;  // io/utf8.h

CharClass charClass(char32_t c);
bool isPythonSpace(char32_t c);
bool isWhiteSpace(char32_t c);
bool isCased(char32_t c);
bool isCaseIgnorable(char32_t c);
// finalSigma = false: character by character, as Rust's char::to_lowercase.
std::u32string toLowerPython(std::u32string_view text, bool finalSigma = true);
// Version of the Unicode Character Database the tables were generated from.
const char* unicodeVersion();

namespace tables {
struct CodeRange {
    std::uint32_t first, last;
};
struct ClassRange {
    std::uint32_t first, last;
    std::uint8_t cls;
};
struct LowerRun {
    std::uint32_t first;
    std::uint16_t count;
    std::uint8_t stride;
    std::int32_t delta;
};
struct SpecialLower {
    std::uint32_t cp;
    std::uint32_t lower[3];
    std::uint8_t length;
};
extern const char* const kUnicodeVersion;
extern const ClassRange kCharClasses[];
extern const std::size_t kCharClassesSize;
extern const CodeRange kPythonSpace[];
extern const std::size_t kPythonSpaceSize;
extern const CodeRange kCased[];
extern const std::size_t kCasedSize;
extern const CodeRange kCaseIgnorable[];
extern const std::size_t kCaseIgnorableSize;
extern const LowerRun kLowerRuns[];
extern const std::size_t kLowerRunsSize;
extern const SpecialLower kSpecialLower[];
extern const std::size_t kSpecialLowerSize;
}  // namespace tables

}  // namespace rs::diffusion::unicode
