// replicascope-cli generate: images for one prompt and many seeds, PNGs named by seed, and a
// JSON sidecar (generation.json) with everything needed to regenerate them: every parameter,
// each image's seed, SHA-256 and memorization score, the model files' SHA-256, the software
// version, device, dtype and warnings. PNGs are encoded with OpenCV here (core/diffusion is
// libtorch-only) and written atomically as each batch finishes.
#include "args.h"
#include "commands.h"
#include "diffusion_cli.h"

#include "audit/scan_inputs.h"
#include "rs_version.h"

#include "base/file_io.h"
#include "base/sha256.h"
#include "diffusion/text/clip_tokenizer.h"
#include "diffusion/pipeline/pipeline.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace rs::cli {
namespace {

namespace fs = std::filesystem;
using rs::diffusion::GeneratedImage;

void printUsage(FILE* out) {
    std::fprintf(
        out,
        "usage: replicascope-cli generate --model DIR --prompt P --out DIR [options]\n\n"
        "  --model DIR        diffusers model folder (model_index.json, unet/, text_encoder/, tokenizer/, ...)\n"
        "  --prompt P         the prompt\n"
        "  --negative P       negative prompt (default \"\"; the memorization score is measured against it)\n"
        "  --seeds S          A-B (inclusive), N (seeds 0..N-1) or a,b,c   [1: seed 0]\n"
        "  --steps N          denoising steps                               [50]\n"
        "  --guidance G       classifier-free guidance scale; <= 1 disables it [7.5]\n"
        "  --sampler S        ddim | dpm++2m | euler_a | auto (the model's scheduler_config) [ddim]\n"
        "  --eta E            DDIM eta                                      [0]\n"
        "  --size WxH         image size in pixels, multiples of 8          [the model's native size]\n"
        "  --batch N          images per network batch                      [1]\n"
        "  --device D         auto | cpu | cuda | cuda:N                    [auto]\n"
        "  --dtype T          auto | float32 | float16 | bfloat16           [auto: float16 on CUDA]\n"
        "  --out DIR          output folder (created): <seed>.png and generation.json\n\n"
        "Steps, guidance and sampler not given come from the model folder's sampling_defaults.json when it\n"
        "has one (models trained by replicascope-cli train: DDIM, 20 steps, guidance 1).\n"
        "Each image's noise comes from its own seed on a CPU generator, so it is the same in any batch\n"
        "and on any machine. Exit status: 0 done, 1 generation failed, 2 bad usage or input.\n");
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli generate: %s\n(see replicascope-cli generate --help)\n", message.c_str());
    return 2;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli generate: %s\n", message.c_str());
    return 1;
}

std::string utcNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Expected<std::string> encodePng(const GeneratedImage& image) {
    try {
        cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
        cv::Mat bgr;
        cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
        std::vector<uchar> png;
        if (!cv::imencode(".png", bgr, png)) return makeError("PNG encoding failed");
        return std::string(png.begin(), png.end());
    } catch (const cv::Exception& e) {
        return makeError(std::string("PNG encoding failed: ") + e.what());
    }
}

}  // namespace

int runGenerate(int argc, char** argv) {
    Args args(argc, argv,
              {"--model", "--prompt", "--negative", "--seeds", "--steps", "--guidance", "--sampler", "--eta", "--size",
               "--batch", "--device", "--dtype", "--out"},
              {"--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument \"" + args.positional()[0] + "\"");
    for (const char* required : {"--model", "--prompt", "--out"})
        if (!args.value(required)) return usageError(std::string("missing ") + required);
    const std::string modelDir = *args.value("--model");
    const std::string outDir = *args.value("--out");

    rs::diffusion::GenerationRequest request;
    request.prompt = *args.value("--prompt");
    request.negativePrompt = args.value("--negative", "");
    auto seeds = parseSeeds(args.value("--seeds", "1"));
    if (!seeds) return usageError(seeds.message());
    request.seeds = *seeds;
    const auto steps = args.integer("--steps");
    const auto guidance = args.number("--guidance");
    const auto eta = args.number("--eta");
    const auto batch = args.integer("--batch");
    if (!args.ok()) return usageError(args.error());
    if (steps) request.steps = int(std::clamp<long long>(*steps, -1, 100000));
    if (guidance) request.guidanceScale = *guidance;
    if (eta) request.ddimEta = *eta;
    if (batch) request.batchSize = int(std::clamp<long long>(*batch, -1, 100000));
    const std::string samplerName = args.value("--sampler", "ddim");
    const auto sampler = rs::diffusion::parseSamplerName(samplerName);
    if (!sampler) return usageError("--sampler \"" + samplerName + "\" is not one of ddim, dpm++2m, euler_a, auto");
    request.sampler = *sampler;
    std::optional<std::pair<int, int>> size;
    if (auto text = args.value("--size")) {
        auto parsed = parseSize(*text);
        if (!parsed) return usageError(parsed.message());
        size = *parsed;
    }
    if (auto st = audit::checkModelFolder(modelDir); !st) return usageError(st.message());
    if (auto st = applyModelSamplingDefaults(modelDir,
                                             {request.guidanceScale, request.steps, request.sampler, bool(guidance),
                                              bool(steps), bool(args.value("--sampler"))},
                                             "generate");
        !st)
        return usageError(st.message());

    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec || !fs::is_directory(outDir)) return usageError("cannot create the output folder " + outDir);

    const std::string started = utcNow();
    const auto t0 = std::chrono::steady_clock::now();
    auto loaded = loadPipeline(modelDir, args.value("--device", "auto"), args.value("--dtype", "auto"));
    if (!loaded) return fail(loaded.message());
    auto& pipeline = *loaded->pipeline;
    const auto& model = pipeline.model();
    const int native = int(model.unetConfig.sampleSize * model.imageScaleFactor());
    request.width = size ? size->first : native;
    request.height = size ? size->second : native;
    if (auto st = pipeline.validate(request); !st) return usageError(st.message());

    nlohmann::json images = nlohmann::json::array();
    std::string writeError;
    rs::diffusion::GenerationCallbacks callbacks;
    callbacks.onImages = [&](const std::vector<GeneratedImage>& batchImages) {
        for (const auto& image : batchImages) {
            auto png = encodePng(image);
            const std::string name = std::to_string(image.seed) + ".png";
            if (!png) {
                writeError = name + ": " + png.message();
                continue;
            }
            if (auto st = rs::writeFileAtomically(fs::path(outDir) / name, *png); !st) {
                writeError = st.message();
                continue;
            }
            nlohmann::json entry = {{"seed", image.seed},
                                    {"file", name},
                                    {"sha256", rs::sha256Hex(*png)},
                                    {"width", image.width},
                                    {"height", image.height}};
            entry["memorization_score"] =
                image.memorizationScore ? nlohmann::json(*image.memorizationScore) : nlohmann::json();
            images.push_back(entry);
        }
        std::fprintf(stderr, "generate: %zu/%zu images\n", images.size(), request.seeds.size());
    };
    auto result = pipeline.generate(request, callbacks);
    if (!result) return fail(result.message());
    if (!writeError.empty()) return fail("writing images failed: " + writeError);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : model.files) {
        auto hash = rs::sha256File(fs::path(modelDir) / f.relativePath);
        if (!hash) return fail("hashing the model failed: " + hash.message());
        files.push_back({{"path", f.relativePath}, {"size", f.sizeBytes}, {"sha256", *hash}});
    }
    nlohmann::json sidecar = {
        {"tool", "replicascope-cli generate"},
        {"version", rs::kVersion},
        {"started_utc", started},
        {"finished_utc", utcNow()},
        {"elapsed_seconds", seconds},
        {"model", {{"path", fs::absolute(modelDir).string()}, {"files", files}}},
        {"prompt", request.prompt},
        {"negative_prompt", request.negativePrompt},
        {"tokenizer_cleaning",
         model.tokenizer->textCleaning() == rs::diffusion::TextCleaning::OpenAiClip ? "openai" : "transformers"},
        {"steps", request.steps},
        {"guidance_scale", request.guidanceScale},
        {"sampler_requested", rs::diffusion::toString(request.sampler)},
        {"scheduler", result->schedulerName},
        {"ddim_eta", request.ddimEta},
        {"timesteps", result->timesteps},
        {"width", request.width},
        {"height", request.height},
        {"batch_size", request.batchSize},
        {"device", result->device},
        {"dtype", result->dtype},
        {"initial_noise",
         "per image: torch CPU generator seeded with the image's seed, float32 randn of the "
         "latent shape [C, H/f, W/f], times the scheduler's init_noise_sigma"},
        {"memorization_score", "mean over steps of the L2 norm of (conditional - unconditional) model output"},
        {"images", images},
        {"warnings", result->warnings},
    };
    if (auto st = rs::writeFileAtomically(fs::path(outDir) / "generation.json",
                                          sidecar.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        !st)
        return fail(st.message());
    for (const auto& w : result->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    std::printf("%zu images in %s (%.1f s, %s, %s)\n", images.size(), outDir.c_str(), seconds, result->device.c_str(),
                result->dtype.c_str());
    return 0;
}

}  // namespace rs::cli
