#pragma once
// Trains a small text-conditional pixel-space diffusion model (a CLIP text encoder from scratch +
// a UNet2DConditionModel on RGB in [-1, 1], no VAE) on a packed training file
// (training_data.h), and writes it as a diffusers model folder that loadModelFolder loads.
//
//  - ε-prediction, MSE loss, timesteps uniform over the scheduler's 1000 training steps; the
//    noise schedule is the one written to scheduler/scheduler_config.json (DDIM for inference).
//  - Caption dropout: a fraction of captions is replaced by the empty prompt (classifier-free
//    guidance).
//  - AdamW (decoupled weight decay on weights of rank >= 2), linear warm-up then cosine or
//    constant learning rate, gradient clipping by global norm; EMA of the weights (the shipped
//    weights), with diffusers' warm-up min(decay, (1+s)/(10+s)).
//  - Parameters, gradients, Adam moments and EMA live in one flat fp32 buffer each, so an
//    optimizer / EMA step is a handful of kernels whatever the number of tensors.
//  - Randomness is counter-based: the data order of pass e is a permutation seeded by (seed, e),
//    and the noise, timesteps and dropout of step s come from a generator seeded by (seed, s),
//    drawn on the CPU. A run is thus a function of (seed, step) on a given device, and resuming
//    from a checkpoint reproduces the uninterrupted run exactly (same losses bit for bit on CPU).
//  - Checkpoints (outDir/checkpoints/step-NNNNNNN/: flat parameters, moments, EMA, step,
//    options) every checkpointEvery steps and at the end; resume continues from the newest.
//  - CUDA: TF32 matmuls, and bf16 autocast when precision is "bf16" (libtorch >= 2.4 API, or
//    the 1.x one) ; fp32 on the CPU.
#include "diffusion/models/model_configs.h"
#include "diffusion/models/sampling_defaults.h"
#include "diffusion/schedulers/scheduler_base.h"
#include "training/training_probe.h"

#include "base/expected.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rs::diffusion {

// Named network sizes: "default" (the shipped model), "wide" (more channels, 3x the FLOPs) and
// "tiny" (tests: seconds on a CPU).
struct TrainingArchitecture {
    ClipTextConfig text;
    UNetConfig unet;
    std::string name;
};
Expected<TrainingArchitecture> trainingArchitecture(const std::string& name, int64_t imageSize);

// scheduler/scheduler_config.json of trained models: DDIM, cosine (squaredcos_cap_v2) betas,
// 1000 steps, v-prediction, trailing spacing, clip_sample (pixel space), set_alpha_to_one.
std::string trainedSchedulerConfigJson();

// sampling_defaults.json of trained models: DDIM, 20 steps, no classifier-free guidance. On the
// 32x32 v-prediction model, guidance 7.5 saturated every sample (tiled l2 0.81-0.84 to the
// training image, against 0.16-0.29 without guidance).
SamplingDefaults trainedSamplingDefaults();

// What the network learns to predict, as the scheduler will read it (prediction_type). Trained
// models predict v (Salimans & Ho 2022): their cosine schedule reaches zero signal at the last
// timestep, where an epsilon prediction says nothing about the image and DDIM's first step
// divides its error by sqrt(alpha_bar) ~ 5e-5 (Lin et al. 2023); at 64 x 64 in pixel space that
// turned every sample into coloured noise. A v prediction gives the image at that step directly.
torch::Tensor trainingTarget(PredictionType type, const torch::Tensor& x0, const torch::Tensor& noise,
                             const torch::Tensor& alphaBar);

struct TrainingOptions {
    std::string dataPath;      // packed training file
    std::string outDir;        // the model folder (created); checkpoints/ and loss.csv inside
    std::string bpeVocabPath;  // CLIP bpe_simple_vocab_16e6.txt(.gz): the saved tokenizer
    std::string architecture = "default";
    int64_t steps = 12000;
    int64_t batchSize = 128;
    double learningRate = 3e-4;
    double weightDecay = 0.01;
    double adamBeta1 = 0.9;
    double adamBeta2 = 0.999;
    double adamEps = 1e-8;
    int64_t warmupSteps = 250;
    std::string lrSchedule = "cosine";  // cosine | constant
    double gradClipNorm = 1.0;          // <= 0: no clipping
    double emaDecay = 0.999;
    double captionDropout = 0.1;
    uint64_t seed = 1;
    torch::Device device = torch::kCPU;
    std::string precision = "auto";  // auto (bf16 on CUDA, fp32 on CPU) | fp32 | bf16
    int64_t checkpointEvery = 1000;  // and at the last step; <= 0: only at the end
    int64_t keepCheckpoints = 2;
    int64_t exportEvery = 0;        // > 0: also write the EMA model to outDir/snapshots/step-N/
    std::vector<int64_t> exportAt;  // and at these steps (e.g. log-spaced 250, 500, 1000, ...)
    int64_t logEvery = 50;
    // Memorization probe (training_probe.h) every probeEvery steps (0: never), at every export
    // (probeAtExports) and after the last step (probeAtEnd); results are logged and appended to
    // outDir/probe.jsonl.
    int64_t probeEvery = 0;
    bool probeAtExports = false;
    bool probeAtEnd = false;
    ProbeOptions probe;
    // The extraction experiment's raw data (issue 5): after the last step, experiment.generations
    // seeds for every training caption, written to outDir/experiment.jsonl (ProbeOptions::dumpPath).
    bool experimentAtEnd = false;
    ProbeOptions experiment{0, 64, 50, 7.5, 0.15, 1024, {}};
    bool resume = false;         // continue from the newest checkpoint in outDir
    int64_t stopAfterSteps = 0;  // > 0: stop this run after that many steps (checkpointed)
    bool writeModel = true;      // write the model folder at the end
    std::string commandLine;     // recorded in the model card
    // Called every logEvery steps and at the end, from the training thread.
    std::function<void(const std::string& line)> log;
    // Polled between steps; true stops the run after writing a checkpoint.
    std::function<bool()> cancelled;
};

struct TrainingResult {
    int64_t startStep = 0;       // the step this run started from (0, or the checkpoint's)
    int64_t finalStep = 0;       // steps completed in total
    std::vector<double> losses;  // loss of each step run here: losses[i] is step startStep + i + 1
    double seconds = 0;          // wall time of this run
    double stepsPerSecond = 0;
    std::string modelDir;        // empty when no model was written
    bool stoppedEarly = false;   // stopAfterSteps or cancelled
    int64_t parameterCount = 0;  // text encoder + UNet
};

Expected<TrainingResult> trainDiffusionModel(const TrainingOptions& options);

// Forward FLOPs (2 per multiply-add) of one UNet evaluation on an height x width sample with a
// context of `contextLength` tokens, counted from the configuration (convolutions, linear
// layers, attention products; norms and activations excluded).
double unetForwardFlops(const UNetConfig& config, int64_t height, int64_t width, int64_t contextLength = 77);
double textEncoderForwardFlops(const ClipTextConfig& config, int64_t contextLength = 77);

}  // namespace rs::diffusion
