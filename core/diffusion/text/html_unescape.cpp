#include "diffusion/text/html_unescape.h"

#include "diffusion/text/unicode_text.h"

#include <algorithm>
#include <cstring>

namespace rs::diffusion::html {
namespace {

const Entity* findEntity(const std::string& name) {
    const Entity* end = kEntities + kEntitiesSize;
    const Entity* it = std::lower_bound(
        kEntities, end, name, [](const Entity& e, const std::string& n) { return std::strcmp(e.name, n.c_str()) < 0; });
    return (it != end && name == it->name) ? it : nullptr;
}

bool isAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char32_t c) { return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
std::uint32_t hexValue(char32_t c) {
    if (isAsciiDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}
// The characters a named reference cannot contain: [^\t\n\f <&#;].
bool isNameChar(char32_t c) {
    return c != '\t' && c != '\n' && c != '\f' && c != ' ' && c != '<' && c != '&' && c != '#' && c != ';';
}

// Python's _replace_charref for "&#..." (digits parsed with saturation: anything over
// U+10FFFF is treated alike).
void appendNumeric(std::u32string& out, std::uint64_t num) {
    for (std::size_t i = 0; i < kInvalidCharrefsSize; ++i) {
        if (kInvalidCharrefs[i].number == num) {
            out += char32_t(kInvalidCharrefs[i].replacement);
            return;
        }
    }
    if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
        out += char32_t(0xFFFD);
        return;
    }
    if (std::binary_search(kInvalidCodepoints, kInvalidCodepoints + kInvalidCodepointsSize, std::uint32_t(num))) return;
    out += char32_t(num);
}

// Tries to match the reference starting at text[i] == '&'; returns the length consumed
// (0 when nothing matches, then the '&' is kept as is).
std::size_t replaceAt(std::u32string_view text, std::size_t i, std::u32string& out) {
    const std::size_t n = text.size();
    std::size_t j = i + 1;
    if (j < n && text[j] == '#') {
        ++j;
        const bool hex = j < n && (text[j] == 'x' || text[j] == 'X');
        if (hex) ++j;
        const std::size_t digitsStart = j;
        std::uint64_t num = 0;
        while (j < n && (hex ? isHexDigit(text[j]) : isAsciiDigit(text[j]))) {
            num = num * (hex ? 16 : 10) + (hex ? hexValue(text[j]) : std::uint32_t(text[j] - '0'));
            if (num > 0x10FFFF) num = 0x110000;  // saturate: all such values give U+FFFD
            ++j;
        }
        if (j == digitsStart) return 0;  // "&#" or "&#x" without digits: no match
        if (j < n && text[j] == ';') ++j;
        appendNumeric(out, num);
        return j - i;
    }
    // Named: [^\t\n\f <&#;]{1,32};?
    while (j < n && j - (i + 1) < 32 && isNameChar(text[j])) ++j;
    if (j == i + 1) return 0;
    if (j < n && text[j] == ';') ++j;
    const std::u32string_view s = text.substr(i + 1, j - (i + 1));
    const std::string name = unicode::encodeUtf8(s);
    if (const Entity* e = findEntity(name)) {
        out += unicode::decodeUtf8(e->value);
        return j - i;
    }
    // The longest prefix (at least two characters) that is a known name.
    for (std::size_t x = s.size() - 1; x >= 2 && x < s.size(); --x) {
        if (const Entity* e = findEntity(unicode::encodeUtf8(s.substr(0, x)))) {
            out += unicode::decodeUtf8(e->value);
            out += s.substr(x);
            return j - i;
        }
    }
    out += U'&';
    out += s;
    return j - i;
}

}  // namespace

std::u32string unescape(std::u32string_view text) {
    if (text.find(U'&') == std::u32string_view::npos) return std::u32string(text);
    std::u32string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == U'&') {
            const std::size_t used = replaceAt(text, i, out);
            if (used > 0) {
                i += used;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

}  // namespace rs::diffusion::html
