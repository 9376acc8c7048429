#include "diffusion/text/unicode_text.h"

#include <algorithm>

namespace rs::diffusion::unicode {
namespace {

using namespace tables;

template <class Range>
const Range* findRange(const Range* table, std::size_t size, char32_t c) {
    const Range* end = table + size;
    const Range* it =
        std::upper_bound(table, end, std::uint32_t(c), [](std::uint32_t v, const Range& r) { return v < r.first; });
    if (it == table) return nullptr;
    --it;
    return std::uint32_t(c) <= it->last ? it : nullptr;
}

bool inRanges(const CodeRange* table, std::size_t size, char32_t c) { return findRange(table, size, c) != nullptr; }

// Simple lowercase (UnicodeData field 13) through the run table.
char32_t simpleLower(char32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    const LowerRun* end = kLowerRuns + kLowerRunsSize;
    const LowerRun* it = std::upper_bound(kLowerRuns, end, std::uint32_t(c),
                                          [](std::uint32_t v, const LowerRun& r) { return v < r.first; });
    if (it == kLowerRuns) return c;
    --it;
    const std::uint32_t offset = std::uint32_t(c) - it->first;
    if (offset % it->stride != 0 || offset / it->stride >= it->count) return c;
    return char32_t(std::int64_t(c) + it->delta);
}

}  // namespace

std::string encodeUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char32_t c : text) appendUtf8(out, c);
    return out;
}

std::u32string decodeUtf8(std::string_view s, bool* replaced) {
    std::u32string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) {
            out += char32_t(b0);
            ++i;
            continue;
        }
        std::size_t n = 0;
        char32_t cp = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            cp = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            cp = b0 & 0x07;
        }
        bool ok = n != 0 && i + n <= s.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80)
                ok = false;
            else
                cp = (cp << 6) | (b & 0x3F);
        }
        if (ok &&
            ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)))
            ok = false;
        if (!ok) {
            out += char32_t(0xFFFD);
            if (replaced) *replaced = true;
            ++i;
            continue;
        }
        out += cp;
        i += n;
    }
    return out;
}

CharClass charClass(char32_t c) {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::Letter;
        if (c >= '0' && c <= '9') return CharClass::Number;
        return CharClass::Other;
    }
    const ClassRange* r = findRange(kCharClasses, kCharClassesSize, c);
    return r ? CharClass(r->cls) : CharClass::Other;
}

bool isPythonSpace(char32_t c) { return inRanges(kPythonSpace, kPythonSpaceSize, c); }

bool isWhiteSpace(char32_t c) {
    // PropList.txt White_Space (what the regex module's \s matches); a subset of isPythonSpace.
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool isCased(char32_t c) { return inRanges(kCased, kCasedSize, c); }
bool isCaseIgnorable(char32_t c) { return inRanges(kCaseIgnorable, kCaseIgnorableSize, c); }

std::u32string toLowerPython(std::u32string_view text, bool finalSigma) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c == 0x3A3 && finalSigma) {
            // CPython's handle_capital_sigma: final form when preceded by a cased letter (skipping
            // case-ignorables) and not followed by one.
            std::size_t j = i;
            while (j > 0 && isCaseIgnorable(text[j - 1])) --j;
            bool isFinal = j > 0 && isCased(text[j - 1]);
            if (isFinal) {
                std::size_t k = i + 1;
                while (k < text.size() && isCaseIgnorable(text[k])) ++k;
                isFinal = k == text.size() || !isCased(text[k]);
            }
            out += isFinal ? char32_t(0x3C2) : char32_t(0x3C3);
            continue;
        }
        bool special = false;
        for (std::size_t s = 0; s < kSpecialLowerSize; ++s) {
            if (kSpecialLower[s].cp == std::uint32_t(c)) {
                for (std::uint8_t k = 0; k < kSpecialLower[s].length; ++k) out += char32_t(kSpecialLower[s].lower[k]);
                special = true;
                break;
            }
        }
        if (!special) out += simpleLower(c);
    }
    return out;
}

const char* unicodeVersion() { return kUnicodeVersion; }

}  // namespace rs::diffusion::unicode
