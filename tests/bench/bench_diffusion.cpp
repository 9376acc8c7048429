// Generation speed of the diffusion pipeline: JSON lines with denoising steps/s and images/s
// for random-weight models (tiny, and SD1.5-sized), on the CPU or a CUDA GPU (float16,
// channels_last), with peak CUDA memory when built against a CUDA libtorch.
//
//   bench_diffusion                          CPU: tiny at 64², SD1.5-sized at 256² (2 steps)
//   bench_diffusion --device cuda            GPU: SD1.5-sized at 512², fp16, batch 1/8/16, 25 DPM++ steps
//   options: --models tiny,sd15 --steps N --size N --batches 1,8,16 --sampler S --dtype T --vocab FILE
#include "diffusion/io/json.h"
#include "diffusion/pipeline/pipeline.h"
#include "diffusion/models/tiny_model.h"
#include "diffusion/io/weights_io.h"

#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>

#ifdef RS_BENCH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace rs::diffusion;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

void moveModel(ModelFolder& m, const torch::Device& device, torch::ScalarType dtype) {
    moveModule(*m.textEncoder, device, dtype);
    moveModule(*m.unet, device, dtype);
    if (m.hasVae()) moveModule(*m.vae, device, dtype);
    m.device = device;
    m.dtype = dtype;
}

void resetPeak([[maybe_unused]] const torch::Device& device) {
#ifdef RS_BENCH_CUDA
    if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.has_index() ? device.index() : 0);
#endif
}

long long peakBytes([[maybe_unused]] const torch::Device& device) {
#ifdef RS_BENCH_CUDA
    if (device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.has_index() ? device.index() : 0);
        return static_cast<long long>(stats.allocated_bytes[0].peak);
    }
#endif
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> opt;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help") {
            std::printf(
                "usage: bench_diffusion [--device cpu|cuda] [--models tiny,sd15] [--steps N] [--size N]\n"
                "                       [--batches 1,8,16] [--sampler S] [--dtype T] [--vocab FILE]\n");
            return 0;
        }
        if (a.rfind("--", 0) != 0 || i + 1 >= argc) {
            std::fprintf(stderr, "bench_diffusion: bad argument %s (see --help)\n", a.c_str());
            return 2;
        }
        opt[a.substr(2)] = argv[++i];
    }
    auto get = [&](const std::string& k, const std::string& fallback) { return opt.count(k) ? opt[k] : fallback; };
    PipelineOptions po;
    po.device = get("device", "cpu");
    po.dtype = get("dtype", "auto");
    auto where = resolveDevice(po);
    if (!where) {
        std::fprintf(stderr, "bench_diffusion: %s\n", where.message().c_str());
        return 2;
    }
    const bool cuda = where->device.is_cuda();
    const std::string vocab = get("vocab", RS_BENCH_BPE_VOCAB);
    const auto models = split(get("models", cuda ? "sd15" : "tiny,sd15"));
    const auto sampler = parseSamplerName(get("sampler", "dpm++2m"));
    if (!sampler) {
        std::fprintf(stderr, "bench_diffusion: unknown --sampler\n");
        return 2;
    }

    for (const auto& name : models) {
        if (name != "tiny" && name != "sd15") {
            std::fprintf(stderr, "bench_diffusion: unknown model %s (tiny, sd15)\n", name.c_str());
            return 2;
        }
        const bool sd15 = name == "sd15";
        const int size = std::stoi(get("size", sd15 ? (cuda ? "512" : "256") : "64"));
        const int steps = std::stoi(get("steps", sd15 ? (cuda ? "25" : "2") : "10"));
        const auto batches = split(get("batches", sd15 ? (cuda ? "1,8,16" : "1") : "1,4"));

        const auto buildStart = Clock::now();
        TinyModelOptions mo;
        mo.seed = 1;
        mo.bpeVocabPath = vocab;
        mo.size = sd15 ? "sd15" : "tiny";
        auto model = makeRandomModel(mo);
        if (!model) {
            std::fprintf(stderr, "bench_diffusion: %s\n", model.message().c_str());
            return 1;
        }
        moveModel(*model, where->device, where->dtype);
        auto pipeline = DiffusionPipeline::fromModel(std::move(*model));
        if (!pipeline) {
            std::fprintf(stderr, "bench_diffusion: %s\n", pipeline.message().c_str());
            return 1;
        }
        const double buildSeconds = std::chrono::duration<double>(Clock::now() - buildStart).count();

        for (const auto& b : batches) {
            const int batch = std::stoi(b);
            GenerationRequest r;
            r.prompt = "a photograph of an astronaut riding a horse";
            r.width = r.height = size;
            r.sampler = *sampler;
            r.batchSize = batch;
            for (int k = 0; k < batch; ++k) r.seeds.push_back(uint64_t(k));
            // Warm-up (allocator, kernels, caches): one step.
            r.steps = 1;
            if (auto warm = (*pipeline)->generate(r); !warm) {
                std::fprintf(stderr, "bench_diffusion: %s\n", warm.message().c_str());
                return 1;
            }
            r.steps = steps;
            resetPeak(where->device);
            std::vector<Clock::time_point> stepTimes;
            GenerationCallbacks c;
            c.onProgress = [&](const GenerationProgress&) {
                if (cuda) torch::cuda::synchronize();
                stepTimes.push_back(Clock::now());
            };
            const auto start = Clock::now();
            auto result = (*pipeline)->generate(r, c);
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            if (!result) {
                std::fprintf(stderr, "bench_diffusion: %s\n", result.message().c_str());
                return 1;
            }
            // Steps/s from the first to the last step (excludes text encoding and decoding).
            const double stepSpan = stepTimes.size() > 1
                                        ? std::chrono::duration<double>(stepTimes.back() - stepTimes.front()).count()
                                        : 0.0;
            const double stepsPerSecond = stepSpan > 0 ? double(stepTimes.size() - 1) / stepSpan : 0.0;
            Json line = Json::object();
            line.set("bench", "diffusion");
            line.set("model", name + "-random");
            line.set("device", where->device.str());
            line.set("dtype", dtypeName(where->dtype));
            line.set("channels_last", cuda);
            line.set("width", size);
            line.set("height", size);
            line.set("batch", batch);
            line.set("steps", steps);
            line.set("scheduler", result->schedulerName);
            line.set("guidance", r.guidanceScale);
            line.set("seconds", seconds);
            line.set("denoise_steps_per_s", stepsPerSecond);
            line.set("images_per_s", double(batch) / seconds);
            line.set("model_build_seconds", buildSeconds);
            const long long peak = peakBytes(where->device);
            line.set("peak_cuda_bytes", peak >= 0 ? Json(peak) : Json());
            line.set("torch_threads", int(at::get_num_threads()));
            line.set("libtorch", TORCH_VERSION);
            std::printf("%s\n", line.dump().c_str());
            std::fflush(stdout);
        }
    }
    return 0;
}
