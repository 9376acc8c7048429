#pragma once
// The extraction experiment's raw data (Carlini et al. 2023, generate-and-filter), as the
// trainer writes it to experiment.jsonl (core/training/training_probe.cpp): one JSON object per
// training caption with G generations each. Reading validates everything an analysis relies on;
// an error names the file and line.
#include "base/expected.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rs::detection {

struct ExperimentCaption {
    std::size_t line = 0;    // 1-based line in the dump
    std::int64_t image = 0;  // the caption's own training image
    std::string id, caption;
    std::uint32_t duplicates = 1;     // copies of the image in the training set
    std::vector<double> wen;          // per generation: Wen et al. score
    std::vector<double> ownDistance;  // per generation: tiled l2 to the own training image
    std::vector<std::int64_t> nearestImage;
    std::vector<double> nearestDistance;
    std::vector<double> pairwise;  // G·(G−1)/2: (0,1),(0,2)…(0,G−1),(1,2)…
};

struct ExperimentDump {
    std::size_t generations = 0;  // G, the same for every caption
    std::vector<ExperimentCaption> captions;
};

constexpr std::uint64_t kMaxExperimentDumpBytes = 64ull << 20;
constexpr std::size_t kMaxExperimentGenerations = 4096;  // the trainer's own limit

// `trainingImages`: size of the training set, the range of "image" and "nearest_image"; 0 means
// the dump holds every training caption (the trainer's default), so its line count is the size.
Expected<ExperimentDump> readExperimentDump(const std::string& path, std::size_t trainingImages = 0);
// The same on text already in memory; `name` is what errors call it.
Expected<ExperimentDump> parseExperimentDump(const std::string& text, const std::string& name,
                                             std::size_t trainingImages = 0);

}  // namespace rs::detection
