#pragma once
// The packed training file the trainer reads: images, CLIP token ids and duplicate counts in
// one flat little-endian file, so training needs neither an image decoder nor a tokenizer
// (the GPU machine has libtorch and nothing else). Written by `replicascope-cli dataset build`.
//
// Layout (version 1; all integers little-endian):
//   offset  size  field
//        0     8  magic "RSTRAIN1"
//        8     4  uint32 format version (1)
//       12     4  uint32 N, the number of distinct images
//       16     4  uint32 height
//       20     4  uint32 width
//       24     4  uint32 channels (3: RGB)
//       28     4  uint32 L, token ids per caption (77)
//       32     8  uint64 payload bytes (everything after this 64-byte header)
//       40     8  uint64 FNV-1a 64-bit hash of the payload (detects truncation / corruption)
//       48    16  zero (reserved)
//   payload:
//       L x int32             the unconditional (empty) prompt's token ids
//       N x H x W x C uint8   images, row-major, RGB, interleaved (HWC)
//       N x L x int32         token ids of each image's caption (padded as the tokenizer pads)
//       N x uint32            duplicate count: how many times the image is in the training stream
//       N x (uint32 n, n bytes id, uint32 m, m bytes caption)   UTF-8 strings
#include "base/expected.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rs::diffusion {

struct PackedTrainingSet {
    uint32_t height = 64;
    uint32_t width = 64;
    uint32_t channels = 3;
    uint32_t tokenLength = 77;
    std::vector<int32_t> emptyPromptTokens;  // tokenLength ids
    std::vector<uint8_t> pixels;             // size() * height * width * channels
    std::vector<int32_t> tokens;             // size() * tokenLength
    std::vector<uint32_t> duplicateCounts;   // size(), each >= 1
    std::vector<std::string> ids;            // size()
    std::vector<std::string> captions;       // size()

    size_t size() const { return duplicateCounts.size(); }
    size_t imageBytes() const { return size_t(height) * width * channels; }
    // Sum of the duplicate counts: the length of one pass over the training stream.
    uint64_t streamLength() const;
    // Sizes agree with each other and with the header fields; names the first problem.
    Status validate() const;
};

inline constexpr char kPackedTrainingMagic[9] = "RSTRAIN1";
inline constexpr uint32_t kPackedTrainingVersion = 1;

// Writes atomically (temporary file + rename). Fails on an invalid set, naming the field.
Status writePackedTrainingSet(const PackedTrainingSet& set, const std::string& path);
// Reads and checks the whole file: magic, version, sizes against the file length (before any
// allocation), payload hash. Errors name the file and what is wrong with it.
Expected<PackedTrainingSet> readPackedTrainingSet(const std::string& path);

// FNV-1a 64 over bytes, continuing from `hash` (start with kFnvOffset).
inline constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ull;
uint64_t fnv1a64(const void* data, size_t size, uint64_t hash = kFnvOffset);

}  // namespace rs::diffusion
