#pragma once
// Internal to the trainer: flat parameter buffers, the AdamW / EMA updates on them, the
// counter-based random streams, and checkpoints on disk.
#include "base/expected.h"

#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rs::diffusion::training {

// SplitMix64 (Steele, Lea & Flood 2014): the seed mixer of every random stream here.
uint64_t splitMix64(uint64_t& state);
// A seed for stream `stream`, item `index`, of a run seeded with `seed`.
uint64_t streamSeed(uint64_t seed, uint64_t stream, uint64_t index);

// The training stream (image i repeated duplicateCounts[i] times), shuffled per pass with a
// permutation that depends only on (seed, pass). Position g of the infinite stream is item
// g % length of pass g / length.
class StreamOrder {
public:
    StreamOrder(const std::vector<uint32_t>& duplicateCounts, uint64_t seed);
    int64_t length() const { return int64_t(m_stream.size()); }
    int64_t at(int64_t position);  // image index

private:
    std::vector<int64_t> m_stream;
    std::vector<int64_t> m_permuted;
    int64_t m_pass = -1;
    uint64_t m_seed;
};

// Every parameter of the given modules as a view into one flat fp32 buffer, with gradients
// views into a second one (autograd accumulates into an existing .grad in place).
struct FlatParameters {
    torch::Tensor values;     // [P]
    torch::Tensor grads;      // [P]
    torch::Tensor decayMask;  // [P] 1 for weights of rank >= 2 (decayed), 0 for biases / norms
    std::vector<torch::Tensor> parameters;

    // Moves the parameters (already on the device) into the buffer; withGrads binds .grad too.
    void bind(const std::vector<torch::Tensor>& params, bool withGrads);
    // true when every .grad is still a view of `grads` (checked after the first backward).
    bool gradsBound() const;
    // Copies .grad tensors into `grads` (fallback if autograd replaced them).
    void gatherGrads();
};

struct AdamWState {
    torch::Tensor expAvg;
    torch::Tensor expAvgSq;
};

struct AdamWSettings {
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.01;
};

// One AdamW step (PyTorch's torch.optim.AdamW update, decoupled weight decay) at 1-based `step`.
void adamWStep(FlatParameters& params, AdamWState& state, const AdamWSettings& settings, double lr, int64_t step);
// Scales the gradients so their global L2 norm is at most maxNorm (no host synchronisation).
void clipGradients(FlatParameters& params, double maxNorm);

// What a checkpoint holds besides the options (kept as JSON text by the trainer).
struct CheckpointTensors {
    torch::Tensor values, expAvg, expAvgSq, ema;
    int64_t step = 0;
};

// outDir/checkpoints/step-NNNNNNNN/{state.pt,state.json}; written to a ".partial" folder then
// renamed, so a checkpoint folder without ".partial" is complete.
std::string checkpointRoot(const std::string& outDir);
Status writeCheckpoint(const std::string& outDir, const CheckpointTensors& tensors, const std::string& stateJson,
                       int64_t keep);
struct FoundCheckpoint {
    std::string dir;
    int64_t step = 0;
};
// The newest complete checkpoint; step 0 and empty dir when there is none.
Expected<FoundCheckpoint> newestCheckpoint(const std::string& outDir);
Expected<CheckpointTensors> readCheckpoint(const std::string& dir);

}  // namespace rs::diffusion::training
