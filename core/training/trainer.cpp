// The training loop: data and noise from counter-based streams, forward under optional bf16
// autocast, flat AdamW + EMA, checkpoints, loss log, and the final model folder.
#include "training/trainer.h"

#include "base/file_io.h"
#include "diffusion/io/json.h"
#include "base/sha256.h"
#include "diffusion/schedulers/scheduler_base.h"
#include "diffusion/schedulers/scheduler_factory.h"
#include "diffusion/models/text_encoder.h"
#include "training/training_data.h"
#include "training/training_export.h"
#include "training/training_state.h"
#include "diffusion/models/unet.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace fs = std::filesystem;

namespace rs::diffusion {
namespace {

using namespace training;
using Clock = std::chrono::steady_clock;

constexpr uint64_t kNoiseStream = 0x40153ull;

// bf16 autocast for the forward pass on CUDA; the API changed in libtorch 2.4.
class AutocastScope {
public:
    explicit AutocastScope(bool enabled) : m_enabled(enabled) {
        if (!m_enabled) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
        at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
#endif
        at::autocast::increment_nesting();
    }
    ~AutocastScope() {
        if (!m_enabled) return;
        // the weight-cast cache must not outlive the step: the optimizer changes the weights
        if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_enabled(at::kCUDA, false);
#else
        at::autocast::set_enabled(false);
#endif
    }
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool m_enabled;
};

std::string formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const long s = long(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

double learningRateAt(const TrainingOptions& o, int64_t step) {
    if (o.warmupSteps > 0 && step <= o.warmupSteps) return o.learningRate * double(step) / double(o.warmupSteps);
    if (o.lrSchedule == "constant") return o.learningRate;
    const double span = double(std::max<int64_t>(1, o.steps - o.warmupSteps));
    const double progress = std::min(1.0, double(step - o.warmupSteps) / span);
    return o.learningRate * 0.5 * (1.0 + std::cos(3.14159265358979323846 * progress));
}

// Everything that shapes the trajectory; a resumed run must agree on all of it.
Json trajectoryOptions(const TrainingOptions& o, const std::string& dataSha, const TrainingArchitecture& arch,
                       uint32_t imageSize, const std::string& precision) {
    Json j = Json::object();
    j.set("data_sha256", dataSha);
    j.set("architecture", arch.name);
    j.set("scheduler_config", trainedSchedulerConfigJson());  // its prediction type is the training target
    j.set("image_size", Json::integer(imageSize));
    j.set("batch_size", Json::integer(o.batchSize));
    j.set("learning_rate", o.learningRate);
    j.set("lr_schedule", o.lrSchedule);
    j.set("warmup_steps", Json::integer(o.warmupSteps));
    j.set("weight_decay", o.weightDecay);
    j.set("adam_beta1", o.adamBeta1);
    j.set("adam_beta2", o.adamBeta2);
    j.set("adam_eps", o.adamEps);
    j.set("grad_clip_norm", o.gradClipNorm);
    j.set("ema_decay", o.emaDecay);
    j.set("caption_dropout", o.captionDropout);
    j.set("seed", Json::integer(int64_t(o.seed)));
    j.set("device", o.device.is_cuda() ? "cuda" : "cpu");
    j.set("precision", precision);
    return j;
}

Status checkStep(const TrainingOptions& o) {
    if (o.steps < 1) return makeError("--steps must be at least 1");
    if (o.batchSize < 1 || o.batchSize > 65536) return makeError("--batch must be between 1 and 65536");
    if (!(o.learningRate > 0) || o.learningRate > 1) return makeError("--lr must be in (0, 1]");
    if (o.lrSchedule != "cosine" && o.lrSchedule != "constant")
        return makeError("--lr-schedule must be cosine or constant");
    if (o.warmupSteps < 0) return makeError("--warmup must be >= 0");
    if (o.emaDecay < 0 || o.emaDecay >= 1) return makeError("--ema-decay must be in [0, 1)");
    if (o.captionDropout < 0 || o.captionDropout > 1) return makeError("--caption-dropout must be in [0, 1]");
    if (o.precision != "auto" && o.precision != "fp32" && o.precision != "bf16")
        return makeError("--precision must be auto, fp32 or bf16");
    if (o.precision == "bf16" && !o.device.is_cuda()) return makeError("--precision bf16 needs --device cuda");
    if (o.outDir.empty()) return makeError("no output folder given");
    if (o.dataPath.empty()) return makeError("no packed training file given");
    return {};
}

// Rewrites loss.csv keeping only rows up to `step` (a resumed run continues the curve there).
Status truncateLossLog(const std::string& path, int64_t step) {
    std::ifstream in(path);
    if (!in) return {};
    std::string line, kept;
    bool header = true;
    while (std::getline(in, line)) {
        if (header) {
            kept += line + "\n";
            header = false;
            continue;
        }
        const long long rowStep = std::atoll(line.c_str());
        if (rowStep >= 1 && rowStep <= step) kept += line + "\n";
    }
    in.close();
    std::ofstream out(path, std::ios::trunc);
    out << kept;
    return out ? Status{} : Status(makeError("cannot rewrite " + path));
}

}  // namespace

torch::Tensor trainingTarget(PredictionType type, const torch::Tensor& x0, const torch::Tensor& noise,
                             const torch::Tensor& alphaBar) {
    switch (type) {
    case PredictionType::VPrediction:
        return alphaBar.sqrt() * noise - (1.0 - alphaBar).sqrt() * x0;
    case PredictionType::Sample:
        return x0;
    case PredictionType::Epsilon:
        break;
    }
    return noise;
}

Expected<TrainingResult> trainDiffusionModel(const TrainingOptions& o) {
    try {
        if (auto s = checkStep(o); !s.ok()) return s.error();
        auto log = [&](const std::string& line) {
            if (o.log) o.log(line);
        };
        const auto runStart = Clock::now();

        auto data = readPackedTrainingSet(o.dataPath);
        if (!data) return data.error();
        auto dataSha = sha256File(o.dataPath);
        if (!dataSha) return dataSha.error();
        if (data->height != data->width) return makeError(o.dataPath + ": training images must be square");
        auto arch = trainingArchitecture(o.architecture, data->height);
        if (!arch) return arch.error();

        const bool cuda = o.device.is_cuda();
        if (cuda && !torch::cuda::is_available()) return makeError("--device cuda: this libtorch sees no CUDA device");
        const std::string precision = o.precision == "auto" ? (cuda ? "bf16" : "fp32") : o.precision;
        if (cuda) {
            // deterministic cuBLAS needs a fixed workspace, set before the first CUDA call
            ::setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", 0);
            at::globalContext().setFloat32MatmulPrecision("high");  // TF32 matmuls
            // deterministic cuDNN algorithms; ops without a deterministic CUDA kernel (upsampling
            // backward's atomics) stay as they are rather than warning on every call
            at::globalContext().setBenchmarkCuDNN(false);
            at::globalContext().setDeterministicCuDNN(true);
        }
        const bool autocast = precision == "bf16";

        fs::create_directories(o.outDir);
        auto found = newestCheckpoint(o.outDir);
        if (!found) return found.error();
        if (!o.resume && found->step > 0)
            return makeError(o.outDir + " already holds checkpoints (newest: step " + std::to_string(found->step) +
                             "); pass --resume to continue that run, or choose another output folder");

        // Networks, seeded: the initial weights depend on the seed only.
        torch::manual_seed(o.seed);
        ClipTextModel text(arch->text);
        UNet2DConditionModel unet(arch->unet);
        {
            torch::NoGradGuard noGrad;
            for (auto& p : text->named_parameters())
                if (p.key().find("embedding.weight") != std::string::npos) p.value().normal_(0.0, 0.02);
        }
        ClipTextModel emaText(arch->text);
        UNet2DConditionModel emaUnet(arch->unet);
        for (auto* m : std::initializer_list<torch::nn::Module*>{text.get(), unet.get(), emaText.get(), emaUnet.get()})
            m->to(o.device);
        text->train();
        unet->train();
        emaText->eval();
        emaUnet->eval();

        std::vector<torch::Tensor> params = text->parameters();
        for (auto& p : unet->parameters()) params.push_back(p);
        std::vector<torch::Tensor> emaParams = emaText->parameters();
        for (auto& p : emaUnet->parameters()) emaParams.push_back(p);
        FlatParameters flat;
        flat.bind(params, /*withGrads=*/true);
        FlatParameters ema;
        ema.bind(emaParams, /*withGrads=*/false);
        for (auto& p : emaParams) p.set_requires_grad(false);
        AdamWState adam{torch::zeros_like(flat.values), torch::zeros_like(flat.values)};
        {
            torch::NoGradGuard noGrad;
            ema.values.copy_(flat.values);
        }
        const int64_t parameterCount = flat.values.numel();

        Json trajectory = trajectoryOptions(o, *dataSha, *arch, data->height, precision);
        int64_t startStep = 0;
        double carriedSeconds = 0;          // training time of the runs before a resume
        double resumedLoss = std::nan("");  // the checkpoint's last loss (a resume that runs no step still reports it)
        if (o.resume && found->step > 0) {
            auto stateText = readFileLimited(found->dir + "/state.json", 1 << 20);
            if (!stateText) return stateText.error();
            auto state = parseJson(*stateText);
            if (!state) return makeError(found->dir + "/state.json: " + state.message());
            const Json* saved = state->find("trajectory");
            if (!saved || !saved->isObject()) return makeError(found->dir + "/state.json lacks 'trajectory'");
            for (const auto& [key, value] : trajectory.members()) {
                const Json* old = saved->find(key);
                if (!old || *old != value)
                    return makeError("cannot resume from " + found->dir + ": it was trained with " + key + " = " +
                                     (old ? old->dump() : std::string("(absent)")) + ", this run has " + value.dump());
            }
            auto tensors = readCheckpoint(found->dir);
            if (!tensors) return tensors.error();
            if (tensors->values.numel() != parameterCount || tensors->ema.numel() != parameterCount)
                return makeError("checkpoint " + found->dir + " holds " + std::to_string(tensors->values.numel()) +
                                 " parameters, the network has " + std::to_string(parameterCount));
            torch::NoGradGuard noGrad;
            flat.values.copy_(tensors->values);
            adam.expAvg.copy_(tensors->expAvg);
            adam.expAvgSq.copy_(tensors->expAvgSq);
            ema.values.copy_(tensors->ema);
            startStep = tensors->step;
            if (const Json* t = state->find("training_seconds"); t && t->isNumber()) carriedSeconds = t->asDouble();
            if (const Json* l = state->find("last_loss"); l && l->isNumber()) resumedLoss = l->asDouble();
            if (const Json* steps = state->find("steps"); steps && steps->asInt() != o.steps)
                log("note: the checkpoint was made for " + std::to_string(steps->asInt()) + " steps, this run has " +
                    std::to_string(o.steps) + " (the learning-rate schedule follows the new total)");
            log("resuming from " + found->dir + " at step " + std::to_string(startStep));
        } else if (o.resume) {
            log("no checkpoint in " + checkpointRoot(o.outDir) + ": starting at step 0");
        }

        // Data on the device: uint8 HWC images, int64 tokens.
        const int64_t n = int64_t(data->size()), side = data->height;
        auto images = torch::from_blob(data->pixels.data(), {n, side, side, 3}, torch::kUInt8).to(o.device);
        auto tokens = torch::from_blob(data->tokens.data(), {n, int64_t(data->tokenLength)}, torch::kInt32)
                          .to(torch::kInt64)
                          .to(o.device);
        auto emptyTokens =
            torch::from_blob(data->emptyPromptTokens.data(), {1, int64_t(data->tokenLength)}, torch::kInt32)
                .to(torch::kInt64)
                .to(o.device);
        auto schedulerConfig = parseSchedulerConfig(trainedSchedulerConfigJson(), "trained scheduler config");
        if (!schedulerConfig) return schedulerConfig.error();
        auto betas = makeBetas(*schedulerConfig);
        if (!betas) return betas.error();
        const auto alphasCumprod = alphasCumprodFromBetas(*betas).to(o.device);
        const int64_t trainTimesteps = schedulerConfig->numTrainTimesteps;
        StreamOrder order(data->duplicateCounts, o.seed);

        const std::string lossPath = (fs::path(o.outDir) / "loss.csv").string();
        if (startStep > 0) {
            if (auto s = truncateLossLog(lossPath, startStep); !s.ok()) return s.error();
        } else {
            std::ofstream(lossPath, std::ios::trunc) << "step,loss,lr\n";
        }
        std::ofstream lossLog(lossPath, std::ios::app);

        auto stateJson = [&](int64_t step, double lastLoss) {
            Json j = Json::object();
            j.set("step", Json::integer(step));
            j.set("steps", Json::integer(o.steps));
            j.set("trajectory", trajectory);
            j.set("rng",
                  "counter-based: pass p of the data stream is shuffled by splitmix64(seed, p); step s draws "
                  "timesteps, noise and caption dropout from a CPU generator seeded by splitmix64(seed, s)");
            j.set("last_loss", lastLoss);
            j.set("training_seconds", carriedSeconds + std::chrono::duration<double>(Clock::now() - runStart).count());
            j.set("text_encoder_config", toConfigJson(arch->text));
            j.set("unet_config", toConfigJson(arch->unet));
            return j.dump(2) + "\n";
        };
        auto checkpoint = [&](int64_t step, double lastLoss) -> Status {
            CheckpointTensors t{flat.values, adam.expAvg, adam.expAvgSq, ema.values, step};
            return writeCheckpoint(o.outDir, t, stateJson(step, lastLoss), o.keepCheckpoints);
        };

        ExportRequest exportRequest;
        exportRequest.options = &o;
        exportRequest.architecture = &*arch;
        exportRequest.data = &*data;
        exportRequest.dataSha256 = *dataSha;
        exportRequest.precision = precision;
        exportRequest.parameterCount = parameterCount;
        exportRequest.textEncoder = emaText;
        exportRequest.unet = emaUnet;

        TrainingResult result;
        result.startStep = startStep;
        result.parameterCount = parameterCount;
        const int64_t lastStep = o.stopAfterSteps > 0 ? std::min(o.steps, startStep + o.stopAfterSteps) : o.steps;
        log("training " + arch->name + " (" + std::to_string(parameterCount) + " parameters) on " + std::to_string(n) +
            " images, stream of " + std::to_string(order.length()) + " per pass, batch " + std::to_string(o.batchSize) +
            ", steps " + std::to_string(startStep + 1) + ".." + std::to_string(lastStep) + " of " +
            std::to_string(o.steps) + ", device " + (cuda ? "cuda" : "cpu") + ", precision " + precision);

        const AdamWSettings adamSettings{o.adamBeta1, o.adamBeta2, o.adamEps, o.weightDecay};
        std::vector<torch::Tensor> pendingLosses;  // device scalars, fetched at log time (no per-step sync)
        std::vector<std::pair<int64_t, double>> pendingLr;
        double lastLoss = resumedLoss;
        auto windowStart = Clock::now();
        int64_t windowSteps = 0;
        double recentStepsPerSecond = 0;
        bool gradsChecked = false;
        const auto loopStart = Clock::now();

        auto flushLosses = [&]() -> Status {
            if (pendingLosses.empty()) return {};
            auto values = torch::stack(pendingLosses).to(torch::kCPU, torch::kFloat64);
            const double* v = values.data_ptr<double>();
            for (size_t i = 0; i < pendingLosses.size(); ++i) {
                result.losses.push_back(v[i]);
                lossLog << pendingLr[i].first << ',' << v[i] << ',' << pendingLr[i].second << '\n';
                if (!std::isfinite(v[i]))
                    return makeError("the loss became " + std::to_string(v[i]) + " at step " +
                                     std::to_string(pendingLr[i].first) + "; lower --lr or use --precision fp32");
            }
            lossLog.flush();
            lastLoss = v[pendingLosses.size() - 1];
            pendingLosses.clear();
            pendingLr.clear();
            return {};
        };

        int64_t step = startStep;
        while (step < lastStep) {
            if (o.cancelled && o.cancelled()) {
                result.stoppedEarly = true;
                break;
            }
            ++step;
            // The batch: positions (step-1)*B .. step*B-1 of the stream.
            std::vector<int64_t> indices(size_t(o.batchSize));
            for (int64_t b = 0; b < o.batchSize; ++b) indices[size_t(b)] = order.at((step - 1) * o.batchSize + b);
            auto index = torch::tensor(indices, torch::kInt64).to(o.device);

            torch::Tensor noise, timesteps, dropped;
            {
                // Local to this step; the ATen kernels take its lock themselves (locking here deadlocks).
                auto generator = at::detail::createCPUGenerator(streamSeed(o.seed, kNoiseStream, uint64_t(step)));
                const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
                timesteps = at::randint(0, trainTimesteps, {o.batchSize}, generator,
                                        torch::TensorOptions().dtype(torch::kInt64));
                noise = at::randn({o.batchSize, 3, side, side}, generator, f32);
                dropped = at::rand({o.batchSize}, generator, f32) < o.captionDropout;
            }
            timesteps = timesteps.to(o.device);
            noise = noise.to(o.device);
            dropped = dropped.to(o.device);

            auto x0 = images.index_select(0, index).permute({0, 3, 1, 2}).to(torch::kFloat32).div(127.5).sub(1.0);
            auto ids = torch::where(dropped.unsqueeze(1), emptyTokens.expand({o.batchSize, -1}),
                                    tokens.index_select(0, index));
            auto abar = alphasCumprod.index_select(0, timesteps).view({-1, 1, 1, 1});
            auto noisy = abar.sqrt() * x0 + (1.0 - abar).sqrt() * noise;
            const auto target = trainingTarget(schedulerConfig->predictionType, x0, noise, abar);

            flat.grads.zero_();
            torch::Tensor loss;
            {
                AutocastScope scope(autocast);
                auto context = text->forward(ids);
                auto prediction = unet->forward(noisy, timesteps, context);
                loss = torch::mse_loss(prediction.to(torch::kFloat32), target);
            }
            loss.backward();
            if (!gradsChecked) {
                if (!flat.gradsBound()) {
                    log("note: gradients were not accumulated in the flat buffer; copying them each step");
                }
                gradsChecked = true;
            }
            if (!flat.gradsBound()) flat.gatherGrads();
            clipGradients(flat, o.gradClipNorm);
            const double lr = learningRateAt(o, step);
            adamWStep(flat, adam, adamSettings, lr, step);
            {
                torch::NoGradGuard noGrad;
                const double decay = std::min(o.emaDecay, (1.0 + double(step)) / (10.0 + double(step)));
                ema.values.lerp_(flat.values, 1.0 - decay);
            }
            pendingLosses.push_back(loss.detach());
            pendingLr.emplace_back(step, lr);
            ++windowSteps;

            const bool atEnd = step == lastStep;
            const bool logNow = atEnd || (o.logEvery > 0 && step % o.logEvery == 0);
            const bool checkpointNow = atEnd || (o.checkpointEvery > 0 && step % o.checkpointEvery == 0);
            const bool exportNow =
                !atEnd && ((o.exportEvery > 0 && step % o.exportEvery == 0) ||
                           std::find(o.exportAt.begin(), o.exportAt.end(), step) != o.exportAt.end());
            const bool probeNow = (o.probeEvery > 0 && step % o.probeEvery == 0) || (atEnd && o.probeAtEnd) ||
                                  (exportNow && o.probeAtExports);
            if (logNow || checkpointNow || exportNow) {
                const size_t count = pendingLosses.size();
                double sum = 0;
                auto firstNew = result.losses.size();
                if (auto s = flushLosses(); !s.ok()) return s.error();
                for (size_t i = firstNew; i < result.losses.size(); ++i) sum += result.losses[i];
                const double seconds = std::chrono::duration<double>(Clock::now() - windowStart).count();
                if (seconds > 0) recentStepsPerSecond = double(windowSteps) / seconds;
                const double eta = recentStepsPerSecond > 0 ? double(o.steps - step) / recentStepsPerSecond : -1;
                char line[256];
                std::snprintf(line, sizeof line,
                              "step %lld/%lld  loss %.5f (mean of %zu: %.5f)  lr %.2e  %.2f it/s  elapsed %s  ETA %s",
                              static_cast<long long>(step), static_cast<long long>(o.steps), lastLoss, count,
                              count ? sum / double(count) : lastLoss, lr, recentStepsPerSecond,
                              formatDuration(std::chrono::duration<double>(Clock::now() - runStart).count()).c_str(),
                              formatDuration(eta).c_str());
                if (logNow) log(line);
                windowStart = Clock::now();
                windowSteps = 0;
            }
            if (checkpointNow) {
                if (auto s = checkpoint(step, lastLoss); !s.ok()) return s.error();
            }
            if (exportNow) {
                auto exported = exportTrainedModel(
                    exportRequest, (fs::path(o.outDir) / "snapshots" / ("step-" + std::to_string(step))).string(), step,
                    lastLoss, 0.0, false);
                if (!exported.ok()) return exported.error();
                log("exported the EMA model of step " + std::to_string(step));
            }
            if (probeNow) {
                const auto probeStart = Clock::now();
                auto probed = probeMemorization(emaText, emaUnet, *data, o.device, o.probe);
                if (!probed) return probed.error();
                std::ofstream((fs::path(o.outDir) / "probe.jsonl").string(), std::ios::app)
                    << probed->jsonLine(step) << "\n";
                char took[32];
                std::snprintf(took, sizeof took, " [%.1f s]",
                              std::chrono::duration<double>(Clock::now() - probeStart).count());
                log("probe step " + std::to_string(step) + ": extracted/captions (mean closest tiled l2) " +
                    probed->summary() + took);
                windowStart = Clock::now();  // keep the probe out of it/s
            }
        }
        if (result.stoppedEarly && step > startStep) {
            if (auto s = flushLosses(); !s.ok()) return s.error();
            if (auto s = checkpoint(step, lastLoss); !s.ok()) return s.error();
        }
        if (o.experimentAtEnd && step == o.steps) {
            const auto started = Clock::now();
            auto options = o.experiment;
            options.dumpPath = (fs::path(o.outDir) / "experiment.jsonl").string();
            auto probed = probeMemorization(emaText, emaUnet, *data, o.device, options);
            if (!probed) return probed.error();
            char took[32];
            std::snprintf(took, sizeof took, " [%.1f s]",
                          std::chrono::duration<double>(Clock::now() - started).count());
            log("experiment (" + std::to_string(options.generations) + " seeds per caption, " + options.dumpPath +
                "): extracted/captions (mean closest tiled l2) " + probed->summary() + took);
        }
        result.finalStep = step;
        result.seconds = std::chrono::duration<double>(Clock::now() - runStart).count();
        const double loopSeconds = std::chrono::duration<double>(Clock::now() - loopStart).count();
        result.stepsPerSecond = loopSeconds > 0 ? double(step - startStep) / loopSeconds : 0;
        if (step < o.steps) result.stoppedEarly = true;
        if (o.writeModel && step == o.steps) {
            auto exported =
                exportTrainedModel(exportRequest, o.outDir, step, lastLoss, carriedSeconds + result.seconds, true);
            if (!exported.ok()) return exported.error();
            result.modelDir = o.outDir;
            log("wrote the model (EMA weights, fp16) to " + o.outDir);
        }
        return result;
    } catch (const std::exception& e) {
        return makeError(std::string("training failed: ") + e.what());
    }
}

}  // namespace rs::diffusion
