// Network forward passes with random weights: the UNet (per denoising step), the CLIP text
// encoder and the VAE decoder, tiny and SD1.5-sized, with the native and the chunked attention.
// One JSON line per measurement. Usage: bench_models [--quick] [--cuda-only] [--cpu-only]
#include "diffusion/models/attention.h"
#include "diffusion/models/text_encoder.h"
#include "diffusion/models/tiny_model.h"
#include "diffusion/models/unet.h"
#include "diffusion/models/vae.h"
#include "diffusion/io/weights_io.h"

#include <torch/torch.h>

#ifdef RS_BENCH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

using namespace rs::diffusion;

namespace {

struct Setup {
    std::string model;  // tiny | sd15
    torch::Device device;
    torch::ScalarType dtype;
};

void sync(const torch::Device& d) {
    if (d.is_cuda()) torch::cuda::synchronize();
}

void resetPeak(const torch::Device& d) {
#ifdef RS_BENCH_CUDA
    if (d.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(d.index() < 0 ? 0 : d.index());
#else
    (void)d;
#endif
}

double peakMiB(const torch::Device& d) {
#ifdef RS_BENCH_CUDA
    if (d.is_cuda()) {
        auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(d.index() < 0 ? 0 : d.index());
        return double(stats.allocated_bytes[0].peak) / (1 << 20);
    }
#else
    (void)d;
#endif
    return -1;
}

// Median milliseconds of `runs` calls after `warmup` calls.
double timeMs(const torch::Device& d, int warmup, int runs, const std::function<void()>& f) {
    for (int i = 0; i < warmup; ++i) f();
    sync(d);
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        sync(d);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

const char* dtypeName(torch::ScalarType t) {
    return t == torch::kHalf ? "fp16" : t == torch::kBFloat16 ? "bf16" : "fp32";
}
const char* backendName(AttentionBackend b) {
    return b == AttentionBackend::Chunked ? "chunked" : nativeAttentionAvailable() ? "native" : "chunked(no native)";
}

void unetBench(const Setup& s, int64_t latent, const std::vector<int64_t>& batches, int runs) {
    auto config = s.model == "tiny" ? tinyUNetConfig() : sd15UNetConfig();
    UNet2DConditionModel unet(config);
    unet->eval();
    moveModule(*unet, s.device, s.dtype);
    const auto opts = torch::TensorOptions().device(s.device).dtype(s.dtype);
    for (auto backend : {AttentionBackend::Native, AttentionBackend::Chunked}) {
        if (backend == AttentionBackend::Native && !nativeAttentionAvailable()) continue;
        setAttentionBackend(backend);
        for (int64_t batch : batches) {
            torch::InferenceMode guard;
            auto x = torch::randn({batch, config.inChannels, latent, latent}, opts);
            auto ctx = torch::randn({batch, 77, config.crossAttentionDim[0]}, opts);
            auto t = torch::full({batch}, 500.0, torch::TensorOptions().device(s.device));
            resetPeak(s.device);
            const double ms = timeMs(s.device, 1, runs, [&] { unet->forward(x, t, ctx); });
            std::cout << "{\"bench\": \"unet_forward\", \"model\": \"" << s.model << "\", \"device\": \""
                      << s.device.str() << "\", \"dtype\": \"" << dtypeName(s.dtype) << "\", \"attention\": \""
                      << backendName(backend) << "\", \"batch\": " << batch << ", \"latent\": " << latent
                      << ", \"image_px\": " << latent * (s.model == "tiny" ? 2 : 8) << ", \"ms\": " << ms
                      << ", \"unet_evals_per_s\": " << 1000.0 * double(batch) / ms
                      << ", \"peak_mib\": " << peakMiB(s.device) << "}" << std::endl;
        }
    }
    setAttentionBackend(AttentionBackend::Auto);
}

void textAndVaeBench(const Setup& s, int64_t latent, int runs) {
    torch::InferenceMode guard;
    const auto opts = torch::TensorOptions().device(s.device).dtype(s.dtype);
    {
        ClipTextModel text(s.model == "tiny" ? tinyClipTextConfig() : sd15ClipTextConfig());
        text->eval();
        moveModule(*text, s.device, s.dtype);
        auto ids = torch::randint(0, 49000, {2, 77}, torch::TensorOptions().device(s.device).dtype(torch::kLong));
        const double ms = timeMs(s.device, 1, runs, [&] { text->forward(ids); });
        std::cout << "{\"bench\": \"text_encoder_forward\", \"model\": \"" << s.model << "\", \"device\": \""
                  << s.device.str() << "\", \"dtype\": \"" << dtypeName(s.dtype) << "\", \"batch\": 2, \"ms\": " << ms
                  << "}" << std::endl;
    }
    AutoencoderKL vae(s.model == "tiny" ? tinyVaeConfig() : sd15VaeConfig());
    vae->eval();
    moveModule(*vae, s.device, s.dtype);
    auto z = torch::randn({1, 4, latent, latent}, opts);
    resetPeak(s.device);
    const double ms = timeMs(s.device, 1, runs, [&] { vae->decodeLatents(z); });
    std::cout << "{\"bench\": \"vae_decode\", \"model\": \"" << s.model << "\", \"device\": \"" << s.device.str()
              << "\", \"dtype\": \"" << dtypeName(s.dtype)
              << "\", \"batch\": 1, \"image_px\": " << latent * vae->downscaleFactor() << ", \"ms\": " << ms
              << ", \"peak_mib\": " << peakMiB(s.device) << "}" << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false, cpu = true, cuda = true;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quick"))
            quick = true;
        else if (!std::strcmp(argv[i], "--cuda-only"))
            cpu = false;
        else if (!std::strcmp(argv[i], "--cpu-only"))
            cuda = false;
        else {
            std::cerr << "usage: bench_models [--quick] [--cuda-only] [--cpu-only]\n";
            return 2;
        }
    }
    try {
        std::cout << "{\"bench\": \"setup\", \"torch_threads\": " << torch::get_num_threads()
                  << ", \"hardware_threads\": " << std::thread::hardware_concurrency()
                  << ", \"native_attention\": " << (nativeAttentionAvailable() ? "true" : "false")
                  << ", \"cuda\": " << (torch::cuda::is_available() ? "true" : "false") << "}" << std::endl;
        if (cpu) {
            const Setup tiny{"tiny", torch::kCPU, torch::kFloat32};
            unetBench(tiny, 32, {1, 4}, quick ? 3 : 10);
            textAndVaeBench(tiny, 32, quick ? 3 : 10);
            const Setup sd15{"sd15", torch::kCPU, torch::kFloat32};
            unetBench(sd15, 32, {1, 2}, quick ? 1 : 3);  // 256x256 images
            textAndVaeBench(sd15, 32, quick ? 1 : 3);
        }
        if (cuda && torch::cuda::is_available()) {
            const Setup sd15{"sd15", torch::Device(torch::kCUDA, 0), torch::kHalf};
            unetBench(sd15, 64, {2, 16, 32}, quick ? 5 : 20);  // 512x512; CFG doubles the batch
            textAndVaeBench(sd15, 64, quick ? 5 : 20);
        }
    } catch (const std::exception& e) {
        std::string what = e.what();
        for (auto& c : what)
            if (c == '"' || c == '\\' || c == '\n') c = ' ';
        std::cout << "{\"error\": \"" << what << "\"}" << std::endl;
        return 1;
    }
    return 0;
}
