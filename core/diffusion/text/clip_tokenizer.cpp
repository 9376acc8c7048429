// Loading and saving the CLIP vocabulary: openai's bpe_simple_vocab_16e6.txt(.gz) and Hugging
// Face's vocab.json + merges.txt (+ tokenizer_config.json / special_tokens_map.json).
#include "diffusion/text/clip_tokenizer_impl.h"
#include "base/file_io.h"
#include "diffusion/io/json.h"
#include "diffusion/text/unicode_text.h"

#include <filesystem>
#include <system_error>

#if RS_HAVE_ZLIB
#include <zlib.h>
#endif

namespace rs::diffusion {
namespace {

// The reference keeps lines [1, 49152-256-2+1) of the BPE file: 48,894 merges, which with the
// 512 byte symbols and the 2 special tokens make the 49,408-entry vocabulary.
constexpr std::size_t kMergeCount = 49152 - 256 - 2;
constexpr std::uint64_t kMaxFileBytes = 64ull << 20;
const char* const kBos = "<|startoftext|>";
const char* const kEos = "<|endoftext|>";

Expected<std::string> gunzip(const std::string& data, const std::string& path) {
#if RS_HAVE_ZLIB
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return makeError(path + ": cannot initialise zlib");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    std::vector<char> buf(1 << 16);
    int ret = Z_OK;
    while (ret != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf.data());
        zs.avail_out = static_cast<uInt>(buf.size());
        ret = inflate(&zs, Z_NO_FLUSH);
        if (ret != Z_OK && ret != Z_STREAM_END) {
            inflateEnd(&zs);
            return makeError(path + ": corrupt or truncated gzip data");
        }
        out.append(buf.data(), buf.size() - zs.avail_out);
        if (out.size() > kMaxFileBytes) {
            inflateEnd(&zs);
            return makeError(path + ": decompresses to more than " + std::to_string(kMaxFileBytes) + " bytes");
        }
    }
    inflateEnd(&zs);
    return out;
#else
    (void)data;
    return makeError(path +
                     ": this build has no zlib, so it cannot read .gz files; "
                     "pass the uncompressed bpe_simple_vocab_16e6.txt or a model folder's tokenizer/");
#endif
}

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (;;) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            lines.push_back(text.substr(start));
            return lines;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
}

// Python's str.split() for a merge line ("a b"); ASCII whitespace is all that occurs.
std::vector<std::string> splitWords(std::string_view line) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() &&
               (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\v' || line[i] == '\f'))
            ++i;
        const std::size_t b = i;
        while (i < line.size() &&
               !(line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\v' || line[i] == '\f'))
            ++i;
        if (i > b) words.emplace_back(line.substr(b, i - b));
    }
    return words;
}

Status addMerges(ClipTokenizer::Impl& impl, const std::vector<std::string_view>& lines, std::size_t first,
                 std::size_t count, const std::string& path) {
    for (std::size_t i = first; i < first + count && i < lines.size(); ++i) {
        auto words = splitWords(lines[i]);
        if (words.empty() && i + 1 >= lines.size()) break;  // final newline
        if (words.size() != 2)
            return makeError(path + ": line " + std::to_string(i + 1) + " is not a merge of two symbols (\"" +
                             std::string(lines[i].substr(0, 60)) + "\")");
        const std::string key = words[0] + ' ' + words[1];
        if (!impl.ranks.emplace(key, int(impl.merges.size())).second)
            return makeError(path + ": line " + std::to_string(i + 1) + " repeats the merge \"" + key + "\"");
        impl.merges.emplace_back(std::move(words[0]), std::move(words[1]));
    }
    return Status::success();
}

Status addToken(ClipTokenizer::Impl& impl, std::string token, const std::string& path) {
    const auto id = std::int64_t(impl.decoder.size());
    if (!impl.encoder.emplace(token, id).second)
        return makeError(path + ": the vocabulary lists \"" + token + "\" twice");
    impl.decoder.push_back(std::move(token));
    return Status::success();
}

// A special token in tokenizer_config.json / special_tokens_map.json: "text" or {"content": "text", ...}.
std::optional<std::string> specialToken(const Json& config, const char* key) {
    const Json* v = config.find(key);
    if (!v) return std::nullopt;
    if (v->isString()) return v->asString();
    if (v->isObject()) {
        if (const Json* c = v->find("content"); c && c->isString()) return c->asString();
    }
    return std::nullopt;
}

}  // namespace

std::vector<std::string> ClipTokenizer::Impl::initByteTables() {
    // bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the others get U+0100 onwards.
    std::vector<int> order;
    for (int b = '!'; b <= '~'; ++b) order.push_back(b);
    for (int b = 0xA1; b <= 0xAC; ++b) order.push_back(b);
    for (int b = 0xAE; b <= 0xFF; ++b) order.push_back(b);
    std::vector<bool> printable(256, false);
    for (int b : order) printable[std::size_t(b)] = true;
    std::vector<char32_t> stand(256);
    for (int b : order) stand[std::size_t(b)] = char32_t(b);
    int n = 0;
    for (int b = 0; b < 256; ++b) {
        if (printable[std::size_t(b)]) continue;
        order.push_back(b);
        stand[std::size_t(b)] = char32_t(256 + n++);
    }
    std::vector<std::string> symbols;
    for (int b : order) {
        std::string s;
        unicode::appendUtf8(s, stand[std::size_t(b)]);
        byteEncoder[std::size_t(b)] = s;
        byteDecoder[s] = std::uint8_t(b);
        symbols.push_back(s);
    }
    return symbols;
}

Status ClipTokenizer::Impl::validate() const {
    for (const auto& s : byteEncoder) {
        if (!encoder.count(s) || !encoder.count(s + "</w>"))
            return makeError(source + ": the vocabulary lacks the byte symbol \"" + s + "\" (not a CLIP vocabulary?)");
    }
    for (const auto& [a, b] : merges) {
        if (!encoder.count(a + b))
            return makeError(source + ": the merge \"" + a + " " + b + "\" makes \"" + a + b +
                             "\", which is not in the vocabulary");
    }
    for (const char* special : {kBos, kEos})
        if (!encoder.count(special)) return makeError(source + ": the vocabulary lacks " + std::string(special));
    return Status::success();
}

ClipTokenizer::ClipTokenizer(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Expected<ClipTokenizer> ClipTokenizer::finish(std::shared_ptr<Impl> impl) {
    if (auto s = impl->validate(); !s) return s.error();
    ClipTokenizer tok(std::move(impl));
    tok.m_bos = tok.m_impl->encoder.at(kBos);
    tok.m_eos = tok.m_impl->encoder.at(kEos);
    tok.m_pad = tok.m_eos;
    tok.m_padToken = kEos;
    return tok;
}

Expected<ClipTokenizer> ClipTokenizer::fromBpeFile(const std::string& path) {
    auto raw = readFileLimited(path, kMaxFileBytes);
    if (!raw) return raw.error();
    std::string text = std::move(*raw);
    if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1F &&
        static_cast<unsigned char>(text[1]) == 0x8B) {
        auto plain = gunzip(text, path);
        if (!plain) return plain.error();
        text = std::move(*plain);
    }
    bool invalid = false;
    unicode::decodeUtf8(text, &invalid);
    if (invalid) return makeError(path + ": not UTF-8 text (is it a CLIP bpe_simple_vocab file?)");
    const auto lines = splitLines(text);
    if (lines.size() < kMergeCount + 1)
        return makeError(path + ": has " + std::to_string(lines.size()) +
                         " lines; a CLIP BPE file has a header line and at least " + std::to_string(kMergeCount) +
                         " merges");
    auto impl = std::make_shared<Impl>();
    impl->source = path;
    impl->ranks.reserve(kMergeCount);
    impl->encoder.reserve(512 + kMergeCount + 2);
    impl->decoder.reserve(512 + kMergeCount + 2);
    if (auto s = addMerges(*impl, lines, 1, kMergeCount, path); !s) return s.error();
    // vocab = byte symbols, the same with "</w>", one token per merge, then the two specials.
    const auto symbols = impl->initByteTables();
    for (const auto& s : symbols)
        if (auto st = addToken(*impl, s, path); !st) return st.error();
    for (const auto& s : symbols)
        if (auto st = addToken(*impl, s + "</w>", path); !st) return st.error();
    for (const auto& [a, b] : impl->merges)
        if (auto st = addToken(*impl, a + b, path); !st) return st.error();
    for (const char* special : {kBos, kEos})
        if (auto st = addToken(*impl, special, path); !st) return st.error();
    return finish(std::move(impl));
}

Expected<ClipTokenizer> ClipTokenizer::fromVocabAndMerges(const std::string& vocabJsonPath,
                                                          const std::string& mergesPath) {
    JsonLimits limits;
    limits.maxBytes = kMaxFileBytes;
    auto vocab = readJsonFile(vocabJsonPath, limits);
    if (!vocab) return vocab.error();
    if (!vocab->isObject()) return makeError(vocabJsonPath + ": expected a JSON object mapping tokens to ids");
    auto impl = std::make_shared<Impl>();
    impl->source = vocabJsonPath;
    impl->initByteTables();
    const std::size_t n = vocab->size();
    impl->decoder.assign(n, std::string());
    impl->encoder.reserve(n);
    impl->ranks.reserve(kMergeCount);
    std::vector<bool> seen(n, false);
    for (const auto& [token, id] : vocab->members()) {
        if (!id.isInteger() || id.asInt() < 0 || std::uint64_t(id.asInt()) >= n)
            return makeError(vocabJsonPath + ": the id of \"" + token + "\" must be an integer from 0 to " +
                             std::to_string(n - 1));
        const auto i = std::size_t(id.asInt());
        if (seen[i]) return makeError(vocabJsonPath + ": id " + std::to_string(i) + " is given to two tokens");
        seen[i] = true;
        impl->decoder[i] = token;
        impl->encoder.emplace(token, std::int64_t(i));
    }
    auto mergesText = readFileLimited(mergesPath, kMaxFileBytes);
    if (!mergesText) return mergesText.error();
    const auto lines = splitLines(*mergesText);
    // Like transformers' CLIPTokenizer: skip the "#version" header, keep at most 48,894 merges.
    const std::size_t first = (!lines.empty() && lines[0].substr(0, 8) == "#version") ? 1 : 0;
    if (auto s = addMerges(*impl, lines, first, kMergeCount, mergesPath); !s) return s.error();
    if (impl->merges.empty()) return makeError(mergesPath + ": no merges found");
    return finish(std::move(impl));
}

Expected<ClipTokenizer> ClipTokenizer::fromTokenizerFolder(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path folder(dir);
    if (!fs::is_directory(folder, ec)) return makeError(dir + ": not a folder");
    for (const char* required : {"vocab.json", "merges.txt"})
        if (!fs::exists(folder / required, ec)) return makeError("tokenizer folder " + dir + " lacks " + required);
    auto tok = fromVocabAndMerges((folder / "vocab.json").string(), (folder / "merges.txt").string());
    if (!tok) return tok;
    // special_tokens_map.json wins over tokenizer_config.json, as in transformers.
    std::optional<std::string> pad, bos, eos;
    for (const char* name : {"special_tokens_map.json", "tokenizer_config.json"}) {
        const fs::path file = folder / name;
        if (!fs::exists(file, ec)) continue;
        auto config = readJsonFile(file.string());
        if (!config) return config.error();
        if (!config->isObject()) return makeError(file.string() + ": expected a JSON object");
        if (!pad) pad = specialToken(*config, "pad_token");
        if (!bos) bos = specialToken(*config, "bos_token");
        if (!eos) eos = specialToken(*config, "eos_token");
    }
    auto idOf = [&](const std::optional<std::string>& token, const char* what, std::int64_t& out) -> Status {
        if (!token) return Status::success();
        const auto id = tok->tokenId(*token);
        if (!id) return makeError(dir + ": the " + what + " token \"" + *token + "\" is not in vocab.json");
        out = *id;
        return Status::success();
    };
    if (auto s = idOf(bos, "bos", tok->m_bos); !s) return s.error();
    if (auto s = idOf(eos, "eos", tok->m_eos); !s) return s.error();
    if (auto s = tok->setPadToken(pad.value_or(kEos)); !s) return makeError(dir + ": " + s.message());
    tok->m_impl->source = (folder / "vocab.json").string();
    return tok;
}

Expected<ClipTokenizer> ClipTokenizer::fromModelFolder(const std::string& modelDir) {
    std::error_code ec;
    const auto dir = std::filesystem::path(modelDir) / "tokenizer";
    if (!std::filesystem::is_directory(dir, ec)) return makeError("model folder " + modelDir + " lacks tokenizer/");
    return fromTokenizerFolder(dir.string());
}

std::int64_t ClipTokenizer::bosId() const { return m_bos; }
std::int64_t ClipTokenizer::eosId() const { return m_eos; }
std::int64_t ClipTokenizer::padId() const { return m_pad; }
const std::string& ClipTokenizer::padToken() const { return m_padToken; }
std::size_t ClipTokenizer::vocabSize() const { return m_impl->decoder.size(); }
std::size_t ClipTokenizer::mergeCount() const { return m_impl->merges.size(); }
const std::string& ClipTokenizer::source() const { return m_impl->source; }

Status ClipTokenizer::setPadToken(const std::string& token) {
    const auto id = tokenId(token);
    if (!id) return makeError("the pad token \"" + token + "\" is not in the vocabulary");
    m_pad = *id;
    m_padToken = token;
    return Status::success();
}

std::optional<std::int64_t> ClipTokenizer::tokenId(std::string_view token) const {
    auto it = m_impl->encoder.find(std::string(token));
    if (it == m_impl->encoder.end()) return std::nullopt;
    return it->second;
}

std::string ClipTokenizer::token(std::int64_t id) const {
    if (id < 0 || std::size_t(id) >= m_impl->decoder.size()) return {};
    return m_impl->decoder[std::size_t(id)];
}

Status ClipTokenizer::saveTokenizerFolder(const std::string& dir) const {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return makeError(dir + ": cannot create the folder (" + ec.message() + ")");
    Json vocab = Json::object();
    for (std::size_t i = 0; i < m_impl->decoder.size(); ++i)
        vocab.appendMember(m_impl->decoder[i], Json::integer(std::int64_t(i)));
    std::string merges = "#version: 0.2\n";
    for (const auto& [a, b] : m_impl->merges) merges += a + ' ' + b + '\n';
    Json special = Json::object();
    special.set("bos_token", token(m_bos));
    special.set("eos_token", token(m_eos));
    special.set("pad_token", m_padToken);
    special.set("unk_token", std::string(kEos));
    Json config = special;
    config.set("model_max_length", kContextLength);
    config.set("do_lower_case", true);
    config.set("tokenizer_class", "CLIPTokenizer");
    const std::string base = dir + "/";
    if (auto s = writeFileAtomically(base + "vocab.json", vocab.dump()); !s) return s;
    if (auto s = writeFileAtomically(base + "merges.txt", merges); !s) return s;
    if (auto s = writeFileAtomically(base + "special_tokens_map.json", special.dump(2) + "\n"); !s) return s;
    return writeFileAtomically(base + "tokenizer_config.json", config.dump(2) + "\n");
}

}  // namespace rs::diffusion
