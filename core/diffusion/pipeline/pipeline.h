#pragma once
// Text-to-image generation with a loaded diffusers model folder: prompt + seeds -> RGB images,
// each with its seed and its memorization score (Wen et al. 2024, GUIDE §2).
//
// Reproducibility: every image's initial noise (and any sampler noise) comes from its own CPU
// generator seeded with its seed, drawn in float32 in a fixed per-image shape (ImageGenerators),
// so an image does not depend on the batch it is generated in, and the same seed gives the same
// starting point on any machine. Latents are kept and updated in float32; only the networks run
// in the model's dtype.
//
// Classifier-free guidance runs the unconditional (negative prompt) and conditional halves in
// one network batch, [uncond × b ; cond × b]; guidance <= 1 runs the conditional half only
// (and then no memorization score exists). The memorization score of an image is the mean over
// the steps run of ‖ε_cond − ε_uncond‖₂ (L2 norm over that image's whole model-output tensor,
// in float32), computed from the guided batch at no extra network cost. For a v-prediction model
// it is the difference of the v outputs. It is measured against the negative prompt ("" unless
// the caller gives one), as Wen et al. measure it against the empty prompt.
#include "diffusion/models/model_folder.h"
#include "diffusion/pipeline/sampling_parameters.h"
#include "diffusion/schedulers/scheduler_factory.h"

#include "base/expected.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rs::diffusion {

// A prompt and its seeds, sampled with the parameters it is made of.
struct GenerationRequest : SamplingParameters {
    GenerationRequest() = default;
    explicit GenerationRequest(const SamplingParameters& sampling) : SamplingParameters(sampling) {}

    std::string prompt;
    std::vector<std::uint64_t> seeds;  // one image per seed, in this order
    int batchSize = 1;                 // images per network batch (the CFG batch is twice this)
};

struct GeneratedImage {
    std::uint64_t seed = 0;
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;  // height × width × 3, row-major, RGB
    // Mean over steps of ‖ε_cond − ε_uncond‖₂; empty without guidance.
    std::optional<double> memorizationScore;
    std::vector<double> memorizationPerStep;  // the per-step norms the mean is taken over
};

struct GenerationProgress {
    int step = 0;  // steps done in the current batch (1..stepsPerBatch)
    int stepsPerBatch = 0;
    int batchIndex = 0;  // 0-based
    int batchCount = 0;
    int imagesDone = 0;  // images finished before the current batch
    int imagesTotal = 0;
};

struct GenerationCallbacks {
    // Checked before every network evaluation; returning true stops within one step.
    std::function<bool()> isCancelled;
    // After every denoising step.
    std::function<void(const GenerationProgress&)> onProgress;
    // After every batch, with that batch's finished images (so callers can stream results).
    std::function<void(const std::vector<GeneratedImage>&)> onImages;
};

struct GenerationResult {
    std::vector<GeneratedImage> images;  // those finished (all unless cancelled)
    bool cancelled = false;
    std::vector<std::string> warnings;  // scheduler fallback, truncated prompts, ...: record with the run
    std::string schedulerName;          // what actually ran: "ddim", "dpm++2m", "euler_a"
    std::vector<double> timesteps;      // the schedule used
    std::string device;                 // "cpu", "cuda:0"
    std::string dtype;                  // "float32", "float16"
};

// Where to run: "auto" picks CUDA with float16 (and channels_last) when this libtorch has a GPU,
// else CPU float32.
struct PipelineOptions {
    std::string device = "auto";  // "auto", "cpu", "cuda", "cuda:N"
    std::string dtype = "auto";   // "auto", "float32", "float16", "bfloat16"
    bool channelsLast = true;     // on CUDA only
};

// Resolves options to a device and dtype; errors for unknown names or CUDA without a GPU.
struct ResolvedDevice {
    torch::Device device = torch::kCPU;
    torch::ScalarType dtype = torch::kFloat32;
};
Expected<ResolvedDevice> resolveDevice(const PipelineOptions& options);
std::string dtypeName(torch::ScalarType dtype);

// One batch of the denoising loop with per-image conditioning (for screens that batch many
// prompts). cond/uncond: [b, S, D] text embeddings in the model's dtype (uncond ignored
// without guidance).
struct DenoiseBatch {
    torch::Tensor cond;
    torch::Tensor uncond;
    std::vector<std::uint64_t> seeds;  // b seeds
    int steps = 50;                    // the schedule's length
    int stopAfterSteps = 0;            // > 0: run only the first n steps of that schedule
    double guidanceScale = 7.5;
    int width = 512;
    int height = 512;
    SamplerKind sampler = SamplerKind::Ddim;
    double ddimEta = 0.0;
    bool decode = true;  // false: no images, scores only
};

struct DenoiseOutcome {
    std::vector<GeneratedImage> images;  // b entries (rgb empty when decode was false)
    bool cancelled = false;
    std::vector<std::string> warnings;
    std::string schedulerName;
    std::vector<double> timesteps;
};

class DiffusionPipeline {
public:
    // Loads the model folder onto the resolved device and dtype.
    static Expected<std::unique_ptr<DiffusionPipeline>> load(const std::string& modelDir,
                                                             const PipelineOptions& options = {});
    // Wraps an already loaded model (weights loaded, in eval mode). Fails for a model without
    // weights or tokenizer, or with an unreadable scheduler config.
    static Expected<std::unique_ptr<DiffusionPipeline>> fromModel(ModelFolder model, bool channelsLast = true);

    Expected<GenerationResult> generate(const GenerationRequest& request, const GenerationCallbacks& callbacks = {});

    // Prompt embeddings [n, 77, hidden] in the model's dtype; a warning is appended for every
    // truncated prompt.
    Expected<torch::Tensor> encodePrompts(const std::vector<std::string>& prompts, std::vector<std::string>* warnings);

    Expected<DenoiseOutcome> denoise(const DenoiseBatch& batch, const GenerationCallbacks& callbacks = {},
                                     const GenerationProgress& progressBase = {});

    // Checks a request against the model: sizes multiple of 8 (and of the VAE factor), steps,
    // seeds, guidance, batch size. The message names the offending value.
    Status validate(const GenerationRequest& request) const;

    const ModelFolder& model() const { return m_model; }
    const SchedulerConfig& schedulerConfig() const { return m_schedulerConfig; }
    torch::Device device() const { return m_model.device; }
    torch::ScalarType dtype() const { return m_model.dtype; }

private:
    DiffusionPipeline(ModelFolder model, SchedulerConfig schedulerConfig, bool channelsLast);
    torch::Tensor toImages(const torch::Tensor& samples) const;  // -> uint8 [b, H, W, 3] on the CPU

    ModelFolder m_model;
    SchedulerConfig m_schedulerConfig;
    bool m_channelsLast = false;
};

}  // namespace rs::diffusion
