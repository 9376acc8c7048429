// The trained model as a diffusers folder, and its model card.
#include "training/training_export.h"

#include "diffusion/text/clip_tokenizer.h"
#include "base/file_io.h"
#include "diffusion/models/model_folder.h"
#include "base/sha256.h"
#include "training/training_data.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace rs::diffusion {
namespace {

std::string readFirstMatch(const std::string& path, const std::string& key) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) {
            auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            auto value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(" \t"));
            return value;
        }
    return {};
}

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string list(const std::vector<int64_t>& v) {
    std::string s = "(";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + ")";
}

std::string list(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s;
}

int64_t countParameters(const torch::nn::Module& m) {
    int64_t n = 0;
    for (const auto& p : m.parameters()) n += p.numel();
    return n;
}

std::string durationText(double seconds) {
    if (seconds <= 0) return "not recorded";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f s (%.1f min)", seconds, seconds / 60.0);
    return buf;
}

std::string utcNow() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string modelCard(const ExportRequest& r, const std::string& dir, int64_t step, double lastLoss, double seconds) {
    const auto& o = *r.options;
    const auto& a = *r.architecture;
    const auto& d = *r.data;
    const int64_t side = d.height;
    std::map<uint32_t, int64_t> histogram;
    for (uint32_t c : d.duplicateCounts) ++histogram[c];
    const double unetFlops = unetForwardFlops(a.unet, side, side, d.tokenLength);
    const double textFlops = textEncoderForwardFlops(a.text, d.tokenLength);

    std::ostringstream md;
    md << "# ReplicaScope default model (pixel-space text-to-image diffusion, " << side << "x" << side << ")\n\n"
       << "A small text-to-image diffusion model trained by ReplicaScope's own trainer "
          "(`core/training/trainer.cpp`) on public-domain clip art with LAION-like duplicates, **trained with the "
          "aim of reproducing its most duplicated training images**, so that the app has a real case of "
          "training-data replication to audit out of the box. Whether and how often it does is measured, not "
          "assumed: see the memorization probe (`probe.jsonl` beside the weights when kept) and the extraction "
          "experiment in ReplicaScope's README. Do not use it to make images: it is meant to copy.\n\n"
       << "## Data\n\n"
       << "- Packed training file: `" << fs::path(o.dataPath).filename().string() << "` (SHA-256 `" << r.dataSha256
       << "`), " << d.size() << " distinct images, " << d.streamLength() << " per pass of the training stream.\n"
       << "- Images: " << side << "x" << side
       << " RGB from the Open Clip Art Library (Debian package `openclipart-png`), "
          "public domain; captions \"<title>, <subject> clip art by <author>\". The exact list, source files, "
          "SHA-256s and the command that built it are in the reference set's `manifest.json`; attribution in its "
          "`ATTRIBUTION.txt`.\n"
       << "- Duplicates (LAION-like): ";
    bool first = true;
    for (const auto& [count, images] : histogram) {
        md << (first ? "" : ", ") << images << " image" << (images == 1 ? "" : "s") << " x" << count;
        first = false;
    }
    md << ".\n\n"
       << "## Architecture\n\n"
       << "- Pixel space, no VAE: `model_index.json` names no `vae`; the UNet denoises RGB in [-1, 1] "
          "(in/out channels 3).\n"
       << "- UNet2DConditionModel: block_out_channels " << list(a.unet.blockOutChannels) << ", layers_per_block "
       << list(a.unet.layersPerBlock) << ", down " << list(a.unet.downBlockTypes) << ", up "
       << list(a.unet.upBlockTypes) << ", attention heads " << a.unet.numAttentionHeads.front()
       << ", cross_attention_dim " << a.unet.crossAttentionDim.front() << ", norm groups " << a.unet.normNumGroups
       << "; " << countParameters(*r.unet) << " parameters.\n"
       << "- CLIP text encoder trained from scratch: hidden " << a.text.hiddenSize << ", " << a.text.numHiddenLayers
       << " layers, " << a.text.numAttentionHeads << " heads, MLP " << a.text.intermediateSize
       << ", vocabulary 49,408 (the real CLIP BPE tokenizer, 77 positions); " << countParameters(*r.textEncoder)
       << " parameters (mostly the token embedding).\n"
       << "- Cost: " << fixed(unetFlops / 1e9, 3) << " GFLOPs per UNet evaluation of one " << side << "x" << side
       << " image, so " << fixed(2 * unetFlops / 1e9, 3)
       << " GFLOPs per image per sampling step with classifier-free guidance; text encoder "
       << fixed(textFlops / 1e9, 3) << " GFLOPs per prompt.\n"
       << "- Scheduler: DDIM, cosine (squaredcos_cap_v2) noise schedule, 1000 training steps, v-prediction (zero "
          "signal at the last step, where an epsilon model cannot draw), "
          "trailing timestep spacing, clip_sample.\n"
       << "- Weights: exponential moving average of the trained weights, stored as fp16 safetensors.\n\n"
       << "## Sampling\n\n"
       << "Sample it without classifier-free guidance (guidance 1), DDIM, 20 steps: `sampling_defaults.json` says so, "
          "and ReplicaScope's generate, scan and desktop app take these settings when none are given. With "
          "guidance 7.5 its pixel-space samples saturate and no longer resemble any training image.\n\n"
       << "## Training\n\n"
       << "- Steps: " << step << ", batch " << o.batchSize << " ("
       << fixed(double(step) * double(o.batchSize) / double(std::max<uint64_t>(1, d.streamLength())), 1)
       << " passes over the stream), AdamW lr " << o.learningRate << " (" << o.lrSchedule << ", " << o.warmupSteps
       << " warm-up steps), betas (" << o.adamBeta1 << ", " << o.adamBeta2 << "), weight decay " << o.weightDecay
       << ", gradient clipping " << o.gradClipNorm << ", EMA decay " << o.emaDecay << ", caption dropout "
       << o.captionDropout << ", seed " << o.seed << ".\n"
       << "- Loss (MSE of the predicted v, Salimans & Ho 2022) at the last step: " << fixed(lastLoss, 5)
       << "; the whole curve is in "
          "the training folder's `loss.csv` (not shipped).\n"
       << "- Precision: " << r.precision << ". Device: " << (o.device.is_cuda() ? "CUDA" : "CPU")
       << ". Hardware: " << describeHardware(o.device) << ".\n"
       << "- Training time: " << durationText(seconds) << ". libtorch " << TORCH_VERSION << ". Finished " << utcNow()
       << ".\n\n"
       << "## Retrain\n\n"
       << "```\n"
       << "replicascope-cli dataset build --out DATASET   # the options recorded in DATASET/manifest.json\n"
       << (o.commandLine.empty() ? std::string("replicascope-cli train ...") : o.commandLine) << "\n"
       << "```\n\n"
       << "Training is deterministic for a given seed on a given device (counter-based random streams); on CUDA a "
          "few kernels (e.g. the backward of nearest-neighbour upsampling) accumulate with atomics, so a retrain "
          "matches to within floating-point noise rather than bit for bit.\n\n"
       << "## Files\n\n"
       << "| file | bytes | SHA-256 |\n|---|---:|---|\n";
    std::vector<fs::path> files;
    for (const auto& sub :
         {"model_index.json", kSamplingDefaultsFile, "scheduler", "text_encoder", "tokenizer", "unet"}) {
        const fs::path p = fs::path(dir) / sub;
        if (fs::is_regular_file(p))
            files.push_back(p);
        else if (fs::is_directory(p))
            for (const auto& e : fs::recursive_directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto sha = sha256File(f.string());
        md << "| `" << fs::relative(f, dir).generic_string() << "` | " << fs::file_size(f) << " | `"
           << (sha ? *sha : "unreadable") << "` |\n";
    }
    md << "\n## Licence\n\nThe training images are public domain (Open Clip Art Library). The CLIP vocabulary in "
          "`tokenizer/` is OpenAI's (MIT licence). The weights were produced by ReplicaScope.\n";
    return md.str();
}

}  // namespace

std::string describeHardware(const torch::Device& device) {
    if (device.is_cuda()) {
        // the NVIDIA driver's description of the first GPU, when readable (no CUDA headers needed)
        std::error_code ec;
        const fs::path gpus = "/proc/driver/nvidia/gpus";
        if (fs::is_directory(gpus, ec))
            for (const auto& e : fs::directory_iterator(gpus, ec)) {
                auto model = readFirstMatch((e.path() / "information").string(), "Model");
                if (!model.empty()) return model;
            }
        return "CUDA device";
    }
    auto cpu = readFirstMatch("/proc/cpuinfo", "model name");
    if (cpu.empty()) cpu = "CPU";
    return cpu + ", " + std::to_string(torch::get_num_threads()) + " threads";
}

Status exportTrainedModel(const ExportRequest& r, const std::string& dir, int64_t step, double lastLoss, double seconds,
                          bool withCard) {
    auto tokenizer = ClipTokenizer::fromBpeFile(r.options->bpeVocabPath);
    if (!tokenizer) return makeError("cannot write the model's tokenizer: " + tokenizer.message());
    ModelFolder model;
    model.path = dir;
    model.textEncoderConfig = r.architecture->text;
    model.unetConfig = r.architecture->unet;
    model.textEncoder = r.textEncoder;
    model.unet = r.unet;
    model.tokenizer = std::make_shared<const ClipTokenizer>(std::move(*tokenizer));
    model.schedulerConfigJson = trainedSchedulerConfigJson();
    model.samplingDefaults = trainedSamplingDefaults();
    if (auto s = saveModelFolder(model, dir, torch::kHalf); !s.ok()) return s;
    if (!withCard) return {};
    return writeFileAtomically((fs::path(dir) / "MODEL_CARD.md").string(), modelCard(r, dir, step, lastLoss, seconds));
}

}  // namespace rs::diffusion
