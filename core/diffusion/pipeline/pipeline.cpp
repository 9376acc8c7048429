#include "diffusion/pipeline/pipeline.h"

#include "base/host_allocator.h"

#include "diffusion/text/clip_tokenizer.h"
#include "diffusion/schedulers/image_generators.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace rs::diffusion {

std::string dtypeName(torch::ScalarType dtype) {
    switch (dtype) {
    case torch::kFloat32:
        return "float32";
    case torch::kFloat16:
        return "float16";
    case torch::kBFloat16:
        return "bfloat16";
    default:
        return c10::toString(dtype);
    }
}

Expected<ResolvedDevice> resolveDevice(const PipelineOptions& options) {
    ResolvedDevice r;
    const bool haveCuda = torch::cuda::is_available();
    if (options.device == "auto") {
        r.device = haveCuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    } else if (options.device == "cpu") {
        r.device = torch::kCPU;
    } else if (options.device.rfind("cuda", 0) == 0) {
        if (!haveCuda)
            return badInput("device \"" + options.device + "\" asked for, but this build of libtorch sees no CUDA GPU");
        try {
            r.device = torch::Device(options.device);
        } catch (const std::exception&) {
            return badInput("device \"" + options.device + "\" is not a valid device name (cpu, cuda, cuda:N)");
        }
        if (r.device.index() >= int(torch::cuda::device_count()))
            return badInput("device \"" + options.device + "\": there are only " +
                            std::to_string(torch::cuda::device_count()) + " CUDA devices");
    } else {
        return badInput("device \"" + options.device + "\" is not supported (auto, cpu, cuda, cuda:N)");
    }
    if (options.dtype == "auto")
        r.dtype = r.device.is_cuda() ? torch::kFloat16 : torch::kFloat32;
    else if (options.dtype == "float32" || options.dtype == "fp32")
        r.dtype = torch::kFloat32;
    else if (options.dtype == "float16" || options.dtype == "fp16")
        r.dtype = torch::kFloat16;
    else if (options.dtype == "bfloat16" || options.dtype == "bf16")
        r.dtype = torch::kBFloat16;
    else
        return badInput("dtype \"" + options.dtype + "\" is not supported (auto, float32, float16, bfloat16)");
    if (r.dtype == torch::kFloat16 && !r.device.is_cuda())
        return badInput("float16 needs a CUDA device (on the CPU use float32 or bfloat16)");
    return r;
}

DiffusionPipeline::DiffusionPipeline(ModelFolder model, SchedulerConfig schedulerConfig, bool channelsLast)
    : m_model(std::move(model)), m_schedulerConfig(std::move(schedulerConfig)), m_channelsLast(channelsLast) {}

Expected<std::unique_ptr<DiffusionPipeline>> DiffusionPipeline::load(const std::string& modelDir,
                                                                     const PipelineOptions& options) {
    auto where = resolveDevice(options);
    if (!where) return where.error();
    ModelLoadOptions load;
    load.device = where->device;
    load.dtype = where->dtype;
    auto model = loadModelFolder(modelDir, load);
    if (!model) return model.error();
    return fromModel(std::move(*model), options.channelsLast);
}

Expected<std::unique_ptr<DiffusionPipeline>> DiffusionPipeline::fromModel(ModelFolder model, bool channelsLast) {
    rs::keepLargeAllocationsInHeap();
    if (model.unet.is_empty() || model.textEncoder.is_empty() || (model.hasVae() && model.vae.is_empty()))
        return makeError("model folder " + model.path + " was loaded without its weights");
    if (!model.tokenizer) return makeError("model folder " + model.path + " has no tokenizer");
    if (model.textEncoderConfig.hiddenSize != model.unetConfig.crossAttentionDim.at(0))
        return makeError("model folder " + model.path + ": the text encoder's hidden_size (" +
                         std::to_string(model.textEncoderConfig.hiddenSize) +
                         ") differs from the UNet's cross_attention_dim (" +
                         std::to_string(model.unetConfig.crossAttentionDim.at(0)) + ")");
    if (model.textEncoderConfig.maxPositionEmbeddings < ClipTokenizer::kContextLength)
        return makeError("model folder " + model.path + ": the text encoder has only " +
                         std::to_string(model.textEncoderConfig.maxPositionEmbeddings) + " positions (77 needed)");
    if (!model.hasVae() && model.unetConfig.outChannels != 3)
        return makeError("model folder " + model.path + " has no vae, so its UNet must output 3 channels (it has " +
                         std::to_string(model.unetConfig.outChannels) + ")");
    SchedulerConfig config;
    if (model.schedulerConfigJson.empty()) {
        config = stableDiffusion1SchedulerConfig();
    } else {
        auto parsed = parseSchedulerConfig(model.schedulerConfigJson, model.path + "/scheduler/scheduler_config.json");
        if (!parsed) return parsed.error();
        config = std::move(*parsed);
    }
    const bool cl = channelsLast && model.device.is_cuda();
    if (cl) {
        torch::NoGradGuard noGrad;
        auto toChannelsLast = [](torch::nn::Module& m) {
            for (auto& p : m.parameters())
                if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
        };
        toChannelsLast(*model.unet);
        if (model.hasVae()) toChannelsLast(*model.vae);
    }
    return std::unique_ptr<DiffusionPipeline>(new DiffusionPipeline(std::move(model), std::move(config), cl));
}

Status DiffusionPipeline::validate(const GenerationRequest& r) const {
    if (r.seeds.empty()) return badInput("no seeds given: at least one image must be asked for");
    if (r.steps < 1 || r.steps > m_schedulerConfig.numTrainTimesteps)
        return badInput("steps must lie in 1.." + std::to_string(m_schedulerConfig.numTrainTimesteps) + " (got " +
                        std::to_string(r.steps) + ")");
    if (!std::isfinite(r.guidanceScale) || r.guidanceScale < 0 || r.guidanceScale > 100)
        return badInput("guidance scale must lie in 0..100 (got " + std::to_string(r.guidanceScale) + ")");
    if (r.batchSize < 1 || r.batchSize > 1024)
        return badInput("batch size must lie in 1..1024 (got " + std::to_string(r.batchSize) + ")");
    const int64_t factor = std::max<int64_t>(8, m_model.imageScaleFactor());
    for (auto [name, v] : {std::pair<const char*, int>{"width", r.width}, {"height", r.height}}) {
        if (v < factor || v > 8192 || v % factor != 0)
            return badInput(std::string(name) + " " + std::to_string(v) + " must be a multiple of " +
                            std::to_string(factor) + " between " + std::to_string(factor) + " and 8192");
    }
    if (r.ddimEta < 0 || r.ddimEta > 1) return badInput("DDIM eta must lie in [0, 1]");
    return Status::success();
}

Expected<torch::Tensor> DiffusionPipeline::encodePrompts(const std::vector<std::string>& prompts,
                                                         std::vector<std::string>* warnings) {
    try {
        c10::InferenceMode inference;
        const int64_t n = int64_t(prompts.size());
        auto ids = torch::empty({n, ClipTokenizer::kContextLength}, torch::kInt64);
        auto* data = ids.data_ptr<int64_t>();
        for (int64_t i = 0; i < n; ++i) {
            const ClipTokens tokens = m_model.tokenizer->tokenize(prompts[size_t(i)]);
            if (int(tokens.padded.size()) != ClipTokenizer::kContextLength)
                return makeError("tokenizer returned " + std::to_string(tokens.padded.size()) + " ids instead of 77");
            std::copy(tokens.padded.begin(), tokens.padded.end(), data + i * ClipTokenizer::kContextLength);
            if (!tokens.warning.empty() && warnings) warnings->push_back(tokens.warning);
        }
        return m_model.textEncoder->forward(ids.to(m_model.device)).to(m_model.dtype);
    } catch (const std::exception& e) {
        return makeError(std::string("encoding the prompts failed: ") + e.what());
    }
}

torch::Tensor DiffusionPipeline::toImages(const torch::Tensor& samples) const {
    // diffusers' postprocess: (x / 2 + 0.5).clamp(0, 1), then round(x · 255) as uint8.
    auto x = (samples.to(torch::kFloat32) / 2 + 0.5).clamp(0, 1);
    return (x * 255).round().to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous().cpu();
}

Expected<DenoiseOutcome> DiffusionPipeline::denoise(const DenoiseBatch& in, const GenerationCallbacks& callbacks,
                                                    const GenerationProgress& progressBase) {
    DenoiseOutcome out;
    const int64_t b = int64_t(in.seeds.size());
    const bool guided = in.guidanceScale > 1.0;
    if (b == 0) return out;
    if (!in.cond.defined() || in.cond.size(0) != b || (guided && (!in.uncond.defined() || in.uncond.size(0) != b)))
        return makeError("denoise: need one conditional (and, with guidance, one unconditional) embedding per seed");
    const int64_t factor = m_model.imageScaleFactor();
    if (in.width % factor != 0 || in.height % factor != 0)
        return makeError("image size " + std::to_string(in.width) + "x" + std::to_string(in.height) +
                         " is not a multiple of the VAE's factor " + std::to_string(factor));
    auto selection = makeScheduler(in.sampler, m_schedulerConfig, in.ddimEta);
    if (!selection) return selection.error();
    Scheduler& scheduler = *selection->scheduler;
    if (auto st = scheduler.setTimesteps(in.steps); !st) return st.error();
    out.warnings = selection->warnings;
    out.schedulerName = scheduler.name();
    out.timesteps = scheduler.timesteps();
    const int total = scheduler.numInferenceSteps();
    const int stepsToRun = in.stopAfterSteps > 0 ? std::min(in.stopAfterSteps, total) : total;
    const auto device = m_model.device;
    const auto dtype = m_model.dtype;
    const auto memoryFormat = m_channelsLast ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
    try {
        c10::InferenceMode inference;
        ImageGenerators generators(in.seeds);
        auto latents = generators.randn({m_model.sampleChannels(), in.height / factor, in.width / factor}, device) *
                       scheduler.initNoiseSigma();
        const auto context = (guided ? torch::cat({in.uncond, in.cond}) : in.cond).to(device, dtype);
        std::vector<torch::Tensor> norms;  // [b] per step, kept on the device until the end
        for (int i = 0; i < stepsToRun; ++i) {
            if (callbacks.isCancelled && callbacks.isCancelled()) {
                out.cancelled = true;
                return out;
            }
            auto input = scheduler.scaleModelInput(latents, i);
            if (guided) input = torch::cat({input, input});
            input = input.to(dtype).contiguous(memoryFormat);
            const auto t = torch::scalar_tensor(scheduler.timesteps()[size_t(i)],
                                                torch::TensorOptions().dtype(torch::kFloat32).device(device));
            const auto output = m_model.unet->forward(input, t, context).to(torch::kFloat32);
            torch::Tensor prediction = output;
            if (guided) {
                const auto halves = output.chunk(2);
                const auto difference = halves[1] - halves[0];
                norms.push_back(difference.flatten(1).norm(2, {1}));
                prediction = halves[0] + in.guidanceScale * difference;
            }
            // A screen that stops early needs the predictions only, not the last update.
            const bool lastRun = i + 1 == stepsToRun;
            if (!(lastRun && !in.decode && stepsToRun < total))
                latents = scheduler.step(prediction, i, latents, &generators);
            if (callbacks.onProgress) {
                GenerationProgress p = progressBase;
                p.step = i + 1;
                p.stepsPerBatch = stepsToRun;
                callbacks.onProgress(p);
            }
        }
        out.images.resize(size_t(b));
        for (int64_t k = 0; k < b; ++k) {
            auto& image = out.images[size_t(k)];
            image.seed = in.seeds[size_t(k)];
            image.width = in.width;
            image.height = in.height;
        }
        if (!norms.empty()) {
            const auto perStep = torch::stack(norms).to(torch::kCPU, torch::kFloat64).contiguous();  // [steps, b]
            const auto* v = perStep.data_ptr<double>();
            for (int64_t k = 0; k < b; ++k) {
                auto& image = out.images[size_t(k)];
                double sum = 0;
                for (int64_t s = 0; s < perStep.size(0); ++s) {
                    image.memorizationPerStep.push_back(v[s * b + k]);
                    sum += v[s * b + k];
                }
                image.memorizationScore = sum / double(perStep.size(0));
            }
        }
        if (!in.decode) return out;
        if (callbacks.isCancelled && callbacks.isCancelled()) {
            out.cancelled = true;
            out.images.clear();
            return out;
        }
        torch::Tensor samples = latents;
        if (m_model.hasVae()) samples = m_model.vae->decodeLatents(latents.to(dtype).contiguous(memoryFormat));
        if (samples.size(1) != 3)
            return makeError("the model produces " + std::to_string(samples.size(1)) + "-channel images, not RGB");
        if (!torch::isfinite(samples).all().item<bool>())
            out.warnings.push_back(
                "the decoder produced non-finite values (shown as black or white pixels); "
                "with float16, running the model in float32 avoids it");
        const auto pixels = toImages(samples);
        const int64_t perImage = int64_t(in.height) * in.width * 3;
        const auto* px = pixels.data_ptr<uint8_t>();
        for (int64_t k = 0; k < b; ++k) out.images[size_t(k)].rgb.assign(px + k * perImage, px + (k + 1) * perImage);
        return out;
    } catch (const std::exception& e) {
        std::string what = e.what();
        if (what.size() > 600) what = what.substr(0, 600) + "...";
        return makeError("generation failed on " + device.str() + " (" + dtypeName(dtype) + "): " + what);
    }
}

Expected<GenerationResult> DiffusionPipeline::generate(const GenerationRequest& request,
                                                       const GenerationCallbacks& callbacks) {
    if (auto st = validate(request); !st) return st.error();
    GenerationResult result;
    result.device = m_model.device.str();
    result.dtype = dtypeName(m_model.dtype);
    const bool guided = request.guidanceScale > 1.0;
    std::vector<std::string> prompts{request.prompt};
    if (guided) prompts.push_back(request.negativePrompt);
    auto embeddings = encodePrompts(prompts, &result.warnings);
    if (!embeddings) return embeddings.error();

    const int total = int(request.seeds.size());
    const int batchCount = (total + request.batchSize - 1) / request.batchSize;
    for (int batch = 0; batch < batchCount; ++batch) {
        const auto first = request.seeds.begin() + batch * request.batchSize;
        const auto last = request.seeds.begin() + std::min(total, (batch + 1) * request.batchSize);
        DenoiseBatch job;
        job.seeds.assign(first, last);
        const int64_t b = int64_t(job.seeds.size());
        job.cond = (*embeddings).slice(0, 0, 1).expand({b, -1, -1});
        if (guided) job.uncond = (*embeddings).slice(0, 1, 2).expand({b, -1, -1});
        job.steps = request.steps;
        job.guidanceScale = request.guidanceScale;
        job.width = request.width;
        job.height = request.height;
        job.sampler = request.sampler;
        job.ddimEta = request.ddimEta;
        GenerationProgress base;
        base.batchIndex = batch;
        base.batchCount = batchCount;
        base.imagesDone = int(result.images.size());
        base.imagesTotal = total;
        auto outcome = denoise(job, callbacks, base);
        if (!outcome) return outcome.error();
        for (auto& w : outcome->warnings)
            if (std::find(result.warnings.begin(), result.warnings.end(), w) == result.warnings.end())
                result.warnings.push_back(w);
        result.schedulerName = outcome->schedulerName;
        result.timesteps = outcome->timesteps;
        if (outcome->cancelled) {
            result.cancelled = true;
            break;
        }
        if (callbacks.onImages) callbacks.onImages(outcome->images);
        for (auto& image : outcome->images) result.images.push_back(std::move(image));
    }
    return result;
}

}  // namespace rs::diffusion
