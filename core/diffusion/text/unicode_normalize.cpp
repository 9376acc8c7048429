// NFC: full canonical decomposition, canonical ordering, canonical composition (UAX #15 §1.3),
// with Hangul syllables handled algorithmically (Unicode §3.12).
#include "diffusion/text/unicode_normalize.h"

#include <algorithm>
#include <unordered_map>

namespace rs::diffusion::unicode {
namespace {

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr int kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

const nfc_tables::Decomposition* findDecomposition(char32_t c) {
    const auto* begin = nfc_tables::kDecompositions;
    const auto* end = begin + nfc_tables::kDecompositionsSize;
    const auto* it = std::lower_bound(begin, end, c, [](const auto& d, char32_t v) { return d.cp < v; });
    return it != end && it->cp == c ? it : nullptr;
}

void decompose(char32_t c, std::u32string& out) {
    if (c >= kSBase && c < kSBase + kSCount) {
        const int s = int(c - kSBase);
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount) out.push_back(kTBase + s % kTCount);
        return;
    }
    const auto* d = findDecomposition(c);
    if (!d) {
        out.push_back(c);
        return;
    }
    decompose(d->first, out);
    if (d->second) decompose(d->second, out);
}

std::uint64_t pairKey(char32_t a, char32_t b) { return (std::uint64_t(a) << 32) | b; }

const std::unordered_map<std::uint64_t, char32_t>& compositions() {
    static const auto map = [] {
        std::unordered_map<std::uint64_t, char32_t> m;
        for (std::size_t i = 0; i < nfc_tables::kDecompositionsSize; ++i) {
            const auto& d = nfc_tables::kDecompositions[i];
            if (d.composes) m.emplace(pairKey(d.first, d.second), d.cp);
        }
        return m;
    }();
    return map;
}

char32_t compose(char32_t a, char32_t b) {
    if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
        return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
    if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
        return a + (b - kTBase);
    const auto& map = compositions();
    const auto it = map.find(pairKey(a, b));
    return it == map.end() ? 0 : it->second;
}

}  // namespace

std::uint8_t combiningClass(char32_t c) {
    const auto* begin = nfc_tables::kCombiningClasses;
    const auto* end = begin + nfc_tables::kCombiningClassesSize;
    const auto* it = std::lower_bound(begin, end, c, [](const auto& r, char32_t v) { return r.last < v; });
    return it != end && it->first <= c ? it->ccc : 0;
}

std::u32string toNfc(std::u32string_view text) {
    // Below U+0300 nothing decomposes into something that would compose differently.
    if (std::all_of(text.begin(), text.end(), [](char32_t c) { return c < 0x300; })) return std::u32string(text);
    std::u32string d;
    d.reserve(text.size() + 8);
    for (char32_t c : text) decompose(c, d);
    // Canonical ordering: stable sort of each run of non-starters by combining class.
    for (std::size_t i = 0; i < d.size();) {
        if (!combiningClass(d[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < d.size() && combiningClass(d[j])) ++j;
        std::stable_sort(d.begin() + std::ptrdiff_t(i), d.begin() + std::ptrdiff_t(j),
                         [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
        i = j;
    }
    // Canonical composition: each character joins the last starter unless blocked.
    std::u32string out;
    out.reserve(d.size());
    std::size_t starter = std::u32string::npos;
    int lastClass = -1;
    for (char32_t c : d) {
        const int cc = combiningClass(c);
        if (starter != std::u32string::npos) {
            const bool blocked = lastClass != -1 && (lastClass == 0 || lastClass >= cc);
            if (!blocked) {
                if (const char32_t composed = compose(out[starter], c)) {
                    out[starter] = composed;
                    continue;
                }
            }
        }
        if (cc == 0) {
            starter = out.size();
            lastClass = -1;
        } else {
            lastClass = cc;
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace rs::diffusion::unicode
