// Text cleaning, pre-tokenizing and byte-level BPE of the CLIP tokenizer, step by step as
// openai/CLIP simple_tokenizer.py does it (without ftfy).
#include "diffusion/text/clip_tokenizer_impl.h"
#include "diffusion/text/html_unescape.h"
#include "diffusion/text/unicode_normalize.h"
#include "diffusion/text/unicode_text.h"

#include <limits>

namespace rs::diffusion {
namespace {

using unicode::CharClass;

// The BPE cache of the reference grows without bound; ours is cleared when it gets this big.
constexpr std::size_t kMaxCacheEntries = 200000;

// str.strip() with str.isspace().
std::u32string_view stripPython(std::u32string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && unicode::isPythonSpace(s[b])) ++b;
    while (e > b && unicode::isPythonSpace(s[e - 1])) --e;
    return s.substr(b, e - b);
}

// whitespace_clean: re.sub(r'\s+', ' ', text).strip(); \s is str.isspace() in Python's re and
// Unicode White_Space in the Rust regex of transformers' fast tokenizer.
std::u32string collapseWhitespace(std::u32string_view s, bool pythonSpace) {
    std::u32string out;
    out.reserve(s.size());
    bool inSpace = false;
    for (const char32_t c : s) {
        if (pythonSpace ? unicode::isPythonSpace(c) : unicode::isWhiteSpace(c)) {
            if (!inSpace) out += U' ';
            inSpace = true;
        } else {
            out += c;
            inSpace = false;
        }
    }
    return pythonSpace ? std::u32string(stripPython(out)) : out;
}

// The pattern is case-insensitive: after lower() only U+017F (long s, which folds to 's')
// can still match a letter of the literals differently.
bool matchesFolded(char32_t c, char ascii) { return c == char32_t(ascii) || (ascii == 's' && c == 0x17F); }

std::size_t matchLiteral(const std::u32string& t, std::size_t pos, std::string_view literal) {
    if (pos + literal.size() > t.size()) return 0;
    for (std::size_t k = 0; k < literal.size(); ++k)
        if (!matchesFolded(t[pos + k], literal[k])) return 0;
    return literal.size();
}

}  // namespace

std::vector<std::string> clipSplit(const std::u32string& t) {
    static const std::string_view kAlternatives[] = {
        "<|startoftext|>", "<|endoftext|>", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};
    std::vector<std::string> pieces;
    std::size_t pos = 0;
    while (pos < t.size()) {
        std::size_t len = 0;
        for (const auto& lit : kAlternatives)
            if ((len = matchLiteral(t, pos, lit)) != 0) break;
        if (len == 0) {
            const CharClass cls = unicode::charClass(t[pos]);
            if (cls == CharClass::Letter) {
                len = 1;
                while (pos + len < t.size() && unicode::charClass(t[pos + len]) == CharClass::Letter) ++len;
            } else if (cls == CharClass::Number) {
                len = 1;
            } else if (!unicode::isWhiteSpace(t[pos])) {
                len = 1;
                while (pos + len < t.size() && unicode::charClass(t[pos + len]) == CharClass::Other &&
                       !unicode::isWhiteSpace(t[pos + len]))
                    ++len;
            }
        }
        if (len == 0) {  // whitespace: not part of any piece
            ++pos;
            continue;
        }
        pieces.push_back(unicode::encodeUtf8(std::u32string_view(t).substr(pos, len)));
        pos += len;
    }
    return pieces;
}

std::string ClipTokenizer::cleanText(std::string_view text, TextCleaning cleaning, bool* invalidUtf8) {
    std::u32string s = unicode::decodeUtf8(text, invalidUtf8);
    if (cleaning == TextCleaning::OpenAiClip) {
        // basic_clean (minus ftfy): html.unescape(html.unescape(text)).strip()
        s = html::unescape(html::unescape(s));
        s = std::u32string(stripPython(s));
        s = collapseWhitespace(s, true);
        return unicode::encodeUtf8(unicode::toLowerPython(s));
    }
    // The normalizer of CLIPTokenizerFast: NFC, \s+ -> " ", lowercase character by character
    // (Rust's char::to_lowercase, so no final-sigma rule).
    s = collapseWhitespace(unicode::toNfc(s), false);
    return unicode::encodeUtf8(unicode::toLowerPython(s, false));
}

std::vector<std::string> ClipTokenizer::pieces(std::string_view text) const {
    return clipSplit(unicode::decodeUtf8(cleanText(text, m_cleaning)));
}

std::vector<std::int64_t> ClipTokenizer::Impl::bpeIds(const std::string& token) const {
    {
        std::lock_guard<std::mutex> lock(cacheMutex);
        if (auto it = cache.find(token); it != cache.end()) return it->second;
    }
    std::vector<std::int64_t> ids;
    if (token == "<|startoftext|>" || token == "<|endoftext|>") {
        ids.push_back(encoder.at(token));  // the reference's cache maps these to themselves
    } else {
        // One symbol per byte stand-in (each is one code point = 1-2 UTF-8 bytes); the last
        // one carries the end-of-word mark.
        std::vector<std::string> word;
        for (std::size_t i = 0; i < token.size();) {
            std::size_t n = (static_cast<unsigned char>(token[i]) < 0x80) ? 1 : 2;
            word.push_back(token.substr(i, n));
            i += n;
        }
        word.back() += "</w>";
        while (word.size() > 1) {
            int best = std::numeric_limits<int>::max();
            std::size_t bestAt = 0;
            for (std::size_t i = 0; i + 1 < word.size(); ++i) {
                auto it = ranks.find(word[i] + ' ' + word[i + 1]);
                if (it != ranks.end() && it->second < best) {
                    best = it->second;
                    bestAt = i;
                }
            }
            if (best == std::numeric_limits<int>::max()) break;
            const std::string first = word[bestAt];
            const std::string second = word[bestAt + 1];
            // Merge every non-overlapping occurrence, left to right.
            std::vector<std::string> merged;
            merged.reserve(word.size());
            for (std::size_t i = 0; i < word.size();) {
                if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
                    merged.push_back(first + second);
                    i += 2;
                } else {
                    merged.push_back(word[i]);
                    ++i;
                }
            }
            word.swap(merged);
        }
        ids.reserve(word.size());
        for (const auto& symbol : word) ids.push_back(encoder.at(symbol));  // validate() guarantees presence
    }
    std::lock_guard<std::mutex> lock(cacheMutex);
    if (cache.size() >= kMaxCacheEntries) cache.clear();
    cache.emplace(token, ids);
    return ids;
}

namespace {

std::vector<std::int64_t> encodePieces(const ClipTokenizer::Impl& impl, const std::vector<std::string>& pieces) {
    std::vector<std::int64_t> ids;
    for (const std::string& piece : pieces) {
        std::string encoded;
        for (const char b : piece) encoded += impl.byteEncoder[static_cast<unsigned char>(b)];
        const auto pieceIds = impl.bpeIds(encoded);
        ids.insert(ids.end(), pieceIds.begin(), pieceIds.end());
    }
    return ids;
}

}  // namespace

std::vector<std::int64_t> ClipTokenizer::encode(std::string_view text) const {
    return encodePieces(*m_impl, pieces(text));
}

ClipTokens ClipTokenizer::tokenize(std::string_view prompt) const {
    ClipTokens out;
    bool invalid = false;
    const auto body = encodePieces(*m_impl, clipSplit(unicode::decodeUtf8(cleanText(prompt, m_cleaning, &invalid))));
    out.invalidUtf8 = invalid;
    out.fullLength = body.size() + 2;
    out.ids.reserve(kContextLength);
    out.ids.push_back(m_bos);
    const std::size_t room = std::size_t(kContextLength) - 2;
    out.truncated = body.size() > room;
    out.ids.insert(out.ids.end(), body.begin(), body.begin() + std::ptrdiff_t(out.truncated ? room : body.size()));
    out.ids.push_back(m_eos);
    out.padded = out.ids;
    out.padded.resize(kContextLength, m_pad);
    if (out.truncated)
        out.warning = "prompt is " + std::to_string(out.fullLength) + " tokens long; CLIP reads only the first " +
                      std::to_string(kContextLength) + " (" + std::to_string(room) +
                      " after the start/end markers), the rest is ignored";
    if (invalid) {
        if (!out.warning.empty()) out.warning += "; ";
        out.warning += "prompt is not valid UTF-8: invalid bytes were replaced by U+FFFD";
    }
    return out;
}

Expected<std::string> ClipTokenizer::decode(const std::vector<std::int64_t>& ids) const {
    std::string text;
    for (const auto id : ids) {
        if (id < 0 || std::size_t(id) >= m_impl->decoder.size())
            return makeError("token id " + std::to_string(id) + " is outside the vocabulary (0.." +
                             std::to_string(m_impl->decoder.size() - 1) + ")");
        text += m_impl->decoder[std::size_t(id)];
    }
    // Map each stand-in back to its byte; "</w>" becomes a space (as the reference does after decoding).
    std::string bytes;
    const std::u32string chars = unicode::decodeUtf8(text);
    for (std::size_t i = 0; i < chars.size(); ++i) {
        if (chars.compare(i, 4, U"</w>") == 0) {
            bytes += ' ';
            i += 3;
            continue;
        }
        std::string one;
        unicode::appendUtf8(one, chars[i]);
        auto it = m_impl->byteDecoder.find(one);
        if (it == m_impl->byteDecoder.end())
            return makeError("vocabulary entry with a character outside the byte alphabet");
        bytes += char(it->second);
    }
    return unicode::encodeUtf8(unicode::decodeUtf8(bytes));
}

}  // namespace rs::diffusion
