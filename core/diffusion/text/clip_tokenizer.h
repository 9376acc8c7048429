#pragma once
// CLIP byte-level BPE tokenizer, faithful to openai/CLIP simple_tokenizer.py (GUIDE §2).
//
// API:
//   auto tok = ClipTokenizer::fromBpeFile("bpe_simple_vocab_16e6.txt.gz");   // or the plain .txt
//   auto tok = ClipTokenizer::fromModelFolder(dir);      // dir/tokenizer/{vocab.json,merges.txt,...}
//   auto tok = ClipTokenizer::fromTokenizerFolder(dir);  // a folder holding vocab.json + merges.txt
//   ClipTokens t = tok->tokenize("a photo of a cat");
//     t.ids    = {49406, 320, 1125, 539, 320, 2368, 49407}   (BOS..EOS, unpadded, <= 77)
//     t.padded = t.ids + padId() up to 77 (SD1 pads with EOS 49407, SD2 with "!" = 0)
//     t.truncated / t.warning: over-long prompts keep the first 75 tokens and end with EOS.
//   encode(text) -> ids without BOS/EOS; decode(ids); tokenId("<|endoftext|>"); setPadToken("!").
//   saveTokenizerFolder(dir) writes a diffusers-style tokenizer/ folder (vocab.json, merges.txt,
//   tokenizer_config.json, special_tokens_map.json).
// Text cleaning (cleanText), two modes (TextCleaning):
//   Transformers (default): as transformers' CLIPTokenizerFast, which diffusers pipelines use:
//     NFC, Unicode whitespace collapse, per-character lowercase; no HTML unescaping.
//   OpenAiClip: openai/CLIP simple_tokenizer.py: html.unescape twice, Python str.isspace()
//     whitespace collapse and strip, Python str.lower(). ftfy.fix_text is NOT applied.
// Thread-safe: a tokenizer may be shared between threads (the BPE cache is locked).
#include "base/expected.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rs::diffusion {

struct ClipTokens {
    std::vector<std::int64_t> ids;     // BOS, tokens..., EOS after truncation; no padding
    std::vector<std::int64_t> padded;  // ids padded with the pad id to contextLength()
    bool truncated = false;
    std::size_t fullLength = 0;  // length of ids before truncation (BOS and EOS included)
    bool invalidUtf8 = false;    // the prompt had invalid UTF-8 (replaced by U+FFFD)
    std::string warning;         // empty when there is nothing to tell the user
};

enum class TextCleaning { Transformers, OpenAiClip };

class ClipTokenizer {
public:
    static constexpr int kContextLength = 77;
    static constexpr std::int64_t kBosId = 49406;  // <|startoftext|> in the CLIP vocabulary
    static constexpr std::int64_t kEosId = 49407;  // <|endoftext|>

    // openai/CLIP's bpe_simple_vocab_16e6.txt, gzip-compressed (.gz) or plain.
    static Expected<ClipTokenizer> fromBpeFile(const std::string& path);
    // Hugging Face files: vocab.json (token -> id) and merges.txt ("#version" line, then "a b").
    static Expected<ClipTokenizer> fromVocabAndMerges(const std::string& vocabJsonPath, const std::string& mergesPath);
    // A tokenizer folder: vocab.json + merges.txt; pad/bos/eos tokens from special_tokens_map.json
    // or tokenizer_config.json when present (default pad: <|endoftext|>, as transformers).
    static Expected<ClipTokenizer> fromTokenizerFolder(const std::string& dir);
    // A diffusers model folder: <dir>/tokenizer/.
    static Expected<ClipTokenizer> fromModelFolder(const std::string& modelDir);

    ClipTokens tokenize(std::string_view prompt) const;
    std::vector<std::int64_t> encode(std::string_view text) const;
    // Pieces of the pre-tokenizer after cleaning (UTF-8), for diagnostics and tests.
    std::vector<std::string> pieces(std::string_view text) const;
    // The normalization applied before splitting (see TextCleaning).
    static std::string cleanText(std::string_view text, TextCleaning cleaning, bool* invalidUtf8 = nullptr);
    TextCleaning textCleaning() const { return m_cleaning; }
    void setTextCleaning(TextCleaning cleaning) { m_cleaning = cleaning; }
    Expected<std::string> decode(const std::vector<std::int64_t>& ids) const;

    std::int64_t bosId() const;
    std::int64_t eosId() const;
    std::int64_t padId() const;
    const std::string& padToken() const;
    Status setPadToken(const std::string& token);
    std::optional<std::int64_t> tokenId(std::string_view token) const;
    std::string token(std::int64_t id) const;  // empty for ids outside the vocabulary
    std::size_t vocabSize() const;
    std::size_t mergeCount() const;
    int contextLength() const { return kContextLength; }
    // What was loaded ("…/bpe_simple_vocab_16e6.txt.gz"), for messages and sidecars.
    const std::string& source() const;

    Status saveTokenizerFolder(const std::string& dir) const;

    struct Impl;  // the vocabulary, merge ranks and BPE cache (clip_tokenizer_impl.h)

private:
    explicit ClipTokenizer(std::shared_ptr<Impl> impl);
    static Expected<ClipTokenizer> finish(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m_impl;  // shared by copies; immutable but for the locked cache
    std::int64_t m_bos = kBosId;
    std::int64_t m_eos = kEosId;
    std::int64_t m_pad = kEosId;
    std::string m_padToken = "<|endoftext|>";
    TextCleaning m_cleaning = TextCleaning::Transformers;
};

}  // namespace rs::diffusion
