#pragma once
// A quick memorization check while training: for a fixed sample of training captions from each
// duplicate-count group, generate a few images with the EMA networks (DDIM, classifier-free
// guidance, fixed seeds) and measure the tiled l2 distance of each to the caption's own
// training image (images in [0, 1], a 4 x 4 grid of tiles, per tile the root mean squared
// difference, the maximum over tiles: Carlini et al.'s distance at this resolution). A caption
// counts as extracted when some generation is within the threshold. Libtorch only, so it runs
// on the GPU machine and tells whoever trains the model, at each snapshot, how far
// memorization has gone per duplicate count. It is a probe, not the experiment: that one uses
// many generations per caption and the clique rule (issue 5, README).
#include "diffusion/models/text_encoder.h"
#include "diffusion/models/unet.h"

#include "base/expected.h"

#include <cstdint>
#include <map>
#include <string>

namespace rs::diffusion {

struct PackedTrainingSet;

struct ProbeOptions {
    int captionsPerGroup = 8;  // per duplicate count (all of a group when it has fewer); 0: every caption
    int generations = 4;       // seeds per caption
    int steps = 50;            // DDIM steps
    double guidanceScale = 7.5;
    double threshold = 0.15;  // tiled l2
    int batchSize = 256;      // images per network batch (x2 for guidance)
    // When set, one JSON line per caption is written here with everything the extraction
    // experiment needs (README, issue 5): per generation its seed, the Wen score (norm of the
    // conditional minus the unconditional network output at the first step: noise or v), the tiled l2 to
    // the caption's own training image, the nearest training image of the whole set and its
    // distance, and the tiled l2 between every pair of the caption's generations.
    std::string dumpPath;
};

struct ProbeGroup {
    int captions = 0;
    int extracted = 0;            // captions with a generation within the threshold
    double meanBestDistance = 0;  // mean over captions of the closest generation's distance
};

struct ProbeResult {
    std::map<uint32_t, ProbeGroup> byDuplicates;
    std::string summary() const;  // "x50 8/8 (0.041)  x20 6/8 (0.090) ..."
    std::string jsonLine(int64_t step) const;
};

// Tiled l2 between two batches of images [N, 3, H, W] in [0, 1] with a grid x grid tiling
// (H and W multiples of grid): [N] distances.
torch::Tensor tiledL2(const torch::Tensor& a, const torch::Tensor& b, int64_t grid = 4);
// Every pair: a [A, C, H, W] against b [B, C, H, W] gives [A, B], computed in row chunks.
torch::Tensor tiledL2Matrix(const torch::Tensor& a, const torch::Tensor& b, int64_t grid = 4);

Expected<ProbeResult> probeMemorization(ClipTextModel& text, UNet2DConditionModel& unet, const PackedTrainingSet& data,
                                        const torch::Device& device, const ProbeOptions& options = {});

}  // namespace rs::diffusion
