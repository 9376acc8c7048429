#pragma once
// Internal state of ClipTokenizer, shared by clip_tokenizer.cpp (loading) and clip_bpe.cpp
// (cleaning, splitting, BPE).
#include "diffusion/text/clip_tokenizer.h"

#include <array>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rs::diffusion {

struct ClipTokenizer::Impl {
    std::string source;
    std::unordered_map<std::string, std::int64_t> encoder;  // token -> id
    std::vector<std::string> decoder;                       // id -> token
    std::vector<std::pair<std::string, std::string>> merges;
    std::unordered_map<std::string, int> ranks;  // "first second" -> merge rank
    std::array<std::string, 256> byteEncoder;    // byte -> its printable stand-in (UTF-8)
    std::unordered_map<std::string, std::uint8_t> byteDecoder;

    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<std::int64_t>> cache;  // byte-encoded piece -> ids

    // Fills byteEncoder/byteDecoder with bytes_to_unicode() and returns the stand-ins in the
    // reference's order (the first 256 vocabulary entries).
    std::vector<std::string> initByteTables();
    // Checks that every base symbol, merge result and special token is in the vocabulary
    // (so encoding can never meet an unknown symbol).
    Status validate() const;
    std::vector<std::int64_t> bpeIds(const std::string& byteEncodedPiece) const;
};

// Pre-tokenizer of the reference: the regex
//   <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// (IGNORECASE) over cleaned text; returns the pieces as UTF-8.
std::vector<std::string> clipSplit(const std::u32string& cleaned);

}  // namespace rs::diffusion
