// Copy-detection descriptor throughput on this CPU, as JSON lines:
//  - "SSCD-sized": a ResNet-50 + GeM + 2048->512 projection + L2 norm (the architecture of
//    sscd_disc_mixup), random weights, written as TorchScript from C++ (Module::define with
//    registered parameters and buffers), saved, and loaded through the real loader under SSCD's
//    file name, so preprocessing (short side 288) and batching are the product's own;
//  - the built-in descriptor.
//   bench_descriptors [--images N] [--builtin-images N]
#include "metrics/descriptor_builtin.h"
#include "metrics/descriptor_torchscript.h"

#include <opencv2/imgproc.hpp>
#include <ATen/Parallel.h>
#include <torch/script.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Writes the TorchScript source of a torchvision-style ResNet-50 (v1.5: stride in the 3x3
// conv) with SSCD's head, registering every weight it refers to.
class ResNetBuilder {
public:
    explicit ResNetBuilder(torch::jit::Module& m) : m_m(m) {}

    std::string build(int descriptorDim) {
        m_src << "def forward(self, x):\n";
        conv("x", "x", "stem", 3, 64, 7, 2, 3);
        bn("x", "stem_bn", 64, true);
        m_src << "    x = torch.max_pool2d(x, [3, 3], [2, 2], [1, 1])\n";
        const int blocks[4] = {3, 4, 6, 3};
        int in = 64;
        for (int stage = 0; stage < 4; ++stage) {
            const int width = 64 << stage, out = width * 4;
            for (int b = 0; b < blocks[stage]; ++b) {
                const std::string p = "l" + std::to_string(stage + 1) + "_" + std::to_string(b) + "_";
                const int stride = (b == 0 && stage > 0) ? 2 : 1;
                conv("h", "x", p + "c1", in, width, 1, 1, 0);
                bn("h", p + "bn1", width, true);
                conv("h", "h", p + "c2", width, width, 3, stride, 1);
                bn("h", p + "bn2", width, true);
                conv("h", "h", p + "c3", width, out, 1, 1, 0);
                bn("h", p + "bn3", out, false);
                if (b == 0) {
                    conv("x", "x", p + "ds", in, out, 1, stride, 0);
                    bn("x", p + "dsbn", out, false);
                }
                m_src << "    x = torch.relu(h + x)\n";
                in = out;
            }
        }
        // GeM pooling (p = 3), projection, L2 normalization: SSCD's head.
        param("fc_w", torch::randn({descriptorDim, in}) / std::sqrt(double(in)));
        param("fc_b", torch::zeros({descriptorDim}));
        m_src << "    x = x.clamp(min=1e-6).pow(3.0).mean([2, 3]).pow(1.0 / 3.0)\n"
              << "    x = torch.matmul(x, self.fc_w.t()) + self.fc_b\n"
              << "    return x / x.pow(2).sum(1, keepdim=True).sqrt().clamp(min=1e-12)\n";
        return m_src.str();
    }

    std::int64_t parameterCount() const { return m_params; }

private:
    void param(const std::string& name, const at::Tensor& t) {
        m_m.register_parameter(name, t, false);
        m_params += t.numel();
    }
    void conv(const std::string& out, const std::string& in, const std::string& name, int cin, int cout, int k,
              int stride, int pad) {
        param(name, torch::randn({cout, cin, k, k}) * std::sqrt(2.0 / (cin * k * k)));
        m_src << "    " << out << " = torch.conv2d(" << in << ", self." << name << ", None, [" << stride << ", "
              << stride << "], [" << pad << ", " << pad << "])\n";
    }
    void bn(const std::string& x, const std::string& name, int c, bool relu) {
        param(name + "_w", torch::ones({c}));
        param(name + "_b", torch::zeros({c}));
        m_m.register_buffer(name + "_m", torch::zeros({c}));
        m_m.register_buffer(name + "_v", torch::ones({c}));
        m_src << "    " << x << " = torch.batch_norm(" << x << ", self." << name << "_w, self." << name << "_b, self."
              << name << "_m, self." << name << "_v, False, 0.1, 1e-5, False)\n";
        if (relu) m_src << "    " << x << " = torch.relu(" << x << ")\n";
    }

    torch::jit::Module& m_m;
    std::ostringstream m_src;
    std::int64_t m_params = 0;
};

std::vector<cv::Mat> generations(int n) {
    std::vector<cv::Mat> out;
    cv::RNG rng(1234);
    for (int i = 0; i < n; ++i) {
        cv::Mat img(512, 512, CV_8UC3);
        rng.fill(img, cv::RNG::UNIFORM, 0, 256);
        cv::GaussianBlur(img, img, cv::Size(0, 0), 6.0);
        cv::circle(img, cv::Point(rng.uniform(0, 512), rng.uniform(0, 512)), rng.uniform(20, 150),
                   cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)), cv::FILLED);
        out.push_back(img);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int images = 32, builtinImages = 500;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--images")) images = std::max(1, std::atoi(argv[i + 1]));
        if (!std::strcmp(argv[i], "--builtin-images")) builtinImages = std::max(1, std::atoi(argv[i + 1]));
    }
    // Debian's libtorch starts OpenMP with one thread on this VM; use every core unless told.
    if (!std::getenv("OMP_NUM_THREADS")) at::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
    const std::vector<cv::Mat> gens = generations(std::max(images, builtinImages));

    // Built-in descriptor.
    {
        rs::metrics::BuiltinDescriptor d;
        std::vector<cv::Mat> batch(gens.begin(), gens.begin() + builtinImages);
        (void)d.describe(batch[0]);
        auto t0 = Clock::now();
        for (const auto& img : batch)
            if (!d.describe(img)) return 1;
        const double single = seconds(Clock::now() - t0);
        t0 = Clock::now();
        auto results = d.describeBatch(batch);
        const double batched = seconds(Clock::now() - t0);
        for (const auto& r : results)
            if (!r) return 1;
        std::printf(
            "{\"bench\":\"descriptor_builtin\",\"name\":\"%s\",\"dim\":%d,\"image_size\":512,\"images\":%d,"
            "\"images_per_s_one_thread\":%.1f,\"images_per_s_batch_api\":%.1f}\n",
            d.info().name.c_str(), d.info().dimension, builtinImages, builtinImages / single, builtinImages / batched);
        std::fflush(stdout);
    }

    // SSCD-sized TorchScript model.
    const auto dir = std::filesystem::temp_directory_path() / ("rs_bench_descriptors_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "sscd_disc_mixup.torchscript.pt").string();
    auto t0 = Clock::now();
    std::int64_t params = 0;
    {
        torch::manual_seed(0);
        torch::jit::Module m("ResNet50Sscd");
        ResNetBuilder builder(m);
        const std::string src = builder.build(512);
        params = builder.parameterCount();
        m.define(src);
        m.save(path);
    }
    const double buildS = seconds(Clock::now() - t0);
    t0 = Clock::now();
    auto model = rs::metrics::TorchScriptDescriptor::open(path);
    const double openS = seconds(Clock::now() - t0);
    if (!model) {
        std::fprintf(stderr, "%s\n", model.message().c_str());
        std::filesystem::remove_all(dir);
        return 1;
    }
    // ResNet-50 costs 4.09 GMAC at 224x224; it scales with the pixel count.
    const double gflopPerImage = 2.0 * 4.09 * (288.0 * 288.0) / (224.0 * 224.0);
    std::printf(
        "{\"bench\":\"descriptor_sscd_sized_setup\",\"architecture\":\"ResNet-50 + GeM + 2048->512 + L2 (random "
        "weights, "
        "TorchScript written from C++)\",\"parameters\":%lld,\"file_mb\":%.1f,\"build_and_save_s\":%.2f,"
        "\"open_with_probe_and_sha256_s\":%.2f,\"torch_threads\":%d}\n",
        static_cast<long long>(params), std::filesystem::file_size(path) / 1e6, buildS, openS, at::get_num_threads());
    std::fflush(stdout);
    std::vector<cv::Mat> batch(gens.begin(), gens.begin() + images);
    for (int bs : {1, 8, 16}) {
        // Warm-up: the TorchScript executor profiles the first runs of each input shape.
        const std::vector<cv::Mat> warm(batch.begin(), batch.begin() + std::min(images, bs));
        for (int w = 0; w < 3; ++w) (void)(*model)->describeBatch(warm, bs);
        t0 = Clock::now();
        auto results = (*model)->describeBatch(batch, bs);
        const double s = seconds(Clock::now() - t0);
        for (const auto& r : results)
            if (!r) {
                std::fprintf(stderr, "%s\n", r.message().c_str());
                std::filesystem::remove_all(dir);
                return 1;
            }
        std::printf(
            "{\"bench\":\"descriptor_sscd_sized\",\"input\":\"512x512 -> "
            "288x288\",\"dim\":%d,\"batch\":%d,\"images\":%d,"
            "\"images_per_s\":%.2f,\"gflop_per_image\":%.2f,\"achieved_gflop_per_s\":%.1f}\n",
            (*model)->info().dimension, bs, images, images / s, gflopPerImage, images * gflopPerImage / s);
        std::fflush(stdout);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
