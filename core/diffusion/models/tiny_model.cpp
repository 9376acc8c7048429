// Built-in model configs (tiny test-sized and SD1.5-sized) and seeded random model folders.
#include "diffusion/models/tiny_model.h"

#include "diffusion/text/clip_tokenizer.h"
#include "base/file_io.h"
#include "diffusion/io/json.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/module.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>

namespace rs::diffusion {

UNetConfig tinyUNetConfig() {
    UNetConfig c;
    c.sampleSize = 32;
    c.inChannels = 4;
    c.outChannels = 4;
    c.downBlockTypes = {"DownBlock2D", "CrossAttnDownBlock2D"};
    c.upBlockTypes = {"CrossAttnUpBlock2D", "UpBlock2D"};
    c.blockOutChannels = {32, 64};
    c.layersPerBlock = {2, 2};
    c.transformerLayersPerBlock = {1, 1};
    c.crossAttentionDim = {32, 32};
    c.numAttentionHeads = {8, 8};
    c.normNumGroups = 32;
    return c;
}

ClipTextConfig tinyClipTextConfig(int64_t vocabSize) {
    ClipTextConfig c;
    c.vocabSize = vocabSize;
    c.hiddenSize = 32;
    c.intermediateSize = 37;
    c.numHiddenLayers = 5;
    c.numAttentionHeads = 4;
    c.maxPositionEmbeddings = 77;
    c.hiddenAct = "quick_gelu";
    c.projectionDim = 32;
    // CLIP's special tokens are the last two ids of a vocabulary built from its first merges.
    c.bosTokenId = vocabSize - 2;
    c.eosTokenId = vocabSize - 1;
    c.padTokenId = 1;
    return c;
}

VaeConfig tinyVaeConfig() {
    VaeConfig c;
    c.downBlockTypes = {"DownEncoderBlock2D", "DownEncoderBlock2D"};
    c.upBlockTypes = {"UpDecoderBlock2D", "UpDecoderBlock2D"};
    c.blockOutChannels = {32, 64};
    c.layersPerBlock = 1;
    c.latentChannels = 4;
    c.normNumGroups = 32;
    c.sampleSize = 64;
    return c;
}

UNetConfig sd15UNetConfig() {
    UNetConfig c;
    c.sampleSize = 64;
    c.downBlockTypes = {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"};
    c.upBlockTypes = {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"};
    c.blockOutChannels = {320, 640, 1280, 1280};
    c.layersPerBlock = {2, 2, 2, 2};
    c.transformerLayersPerBlock = {1, 1, 1, 1};
    c.crossAttentionDim = {768, 768, 768, 768};
    c.numAttentionHeads = {8, 8, 8, 8};
    return c;
}

ClipTextConfig sd15ClipTextConfig() {
    ClipTextConfig c;
    c.vocabSize = 49408;
    c.hiddenSize = 768;
    c.intermediateSize = 3072;
    c.numHiddenLayers = 12;
    c.numAttentionHeads = 12;
    c.maxPositionEmbeddings = 77;
    c.hiddenAct = "quick_gelu";
    c.projectionDim = 768;
    c.bosTokenId = 0;
    c.eosTokenId = 2;
    c.padTokenId = 1;
    return c;
}

VaeConfig sd15VaeConfig() {
    VaeConfig c;
    c.downBlockTypes = std::vector<std::string>(4, "DownEncoderBlock2D");
    c.upBlockTypes = std::vector<std::string>(4, "UpDecoderBlock2D");
    c.blockOutChannels = {128, 256, 512, 512};
    c.layersPerBlock = 2;
    c.latentChannels = 4;
    c.normNumGroups = 32;
    c.sampleSize = 512;
    return c;
}

}  // namespace rs::diffusion

// ---------------------------------------------------------------- random models

namespace rs::diffusion {
namespace {

namespace fs = std::filesystem;

// SD 1.x's noise schedule (GUIDE §2) as a DDIM scheduler config.
const char* kSchedulerConfig = R"({
  "_class_name": "DDIMScheduler",
  "_diffusers_version": "0.27.0",
  "beta_end": 0.012,
  "beta_schedule": "scaled_linear",
  "beta_start": 0.00085,
  "clip_sample": false,
  "num_train_timesteps": 1000,
  "prediction_type": "epsilon",
  "set_alpha_to_one": false,
  "steps_offset": 1,
  "timestep_spacing": "leading",
  "trained_betas": null
}
)";

// PyTorch's default Linear/Conv initialisation (uniform ±1/√fan_in for weights and biases),
// small normal embeddings, and norm scales/shifts near 1/0 but not equal to them, so that every
// stored value changes the output (a loader that skipped one would be noticed).
void randomize(torch::nn::Module& module, at::Generator& gen) {
    torch::NoGradGuard noGrad;
    auto params = module.named_parameters(true);
    for (auto& p : params) {
        auto& t = p.value();
        const std::string& name = p.key();
        const bool isBias = name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
        const torch::Tensor* weight = &t;
        if (isBias) {
            auto* sibling = params.find(name.substr(0, name.size() - 5) + ".weight");
            weight = sibling ? sibling : nullptr;
        }
        if (name.find("embedding.weight") != std::string::npos) {
            t.normal_(0.0, 0.02, gen);
        } else if (weight && weight->dim() >= 2) {
            const int64_t fanIn = weight->numel() / weight->size(0);
            const double bound = 1.0 / std::sqrt(double(fanIn));
            t.uniform_(-bound, bound, gen);
        } else if (isBias) {
            t.normal_(0.0, 0.1, gen);
        } else {
            t.normal_(1.0, 0.1, gen);
        }
    }
}

// The first `merges` merges of the CLIP vocabulary, as transformers' tokenizer files.
Expected<std::map<std::string, std::string>> truncatedTokenizerFiles(const ClipTokenizer& full, int64_t vocabSize,
                                                                     const fs::path& scratch) {
    const int64_t merges = vocabSize - 512 - 2;
    if (merges < 1 || vocabSize > int64_t(full.vocabSize()))
        return makeError("a CLIP vocabulary of " + std::to_string(vocabSize) + " tokens is not possible (515 to " +
                         std::to_string(full.vocabSize()) + ")");
    if (auto s = full.saveTokenizerFolder(scratch.string()); !s) return s.error();
    auto fullMerges = readFileLimited((scratch / "merges.txt").string(), 64u << 20);
    if (!fullMerges) return fullMerges.error();
    std::string mergesText;
    size_t pos = 0;
    for (int64_t line = 0; line <= merges && pos < fullMerges->size(); ++line) {  // header + merges
        const size_t end = fullMerges->find('\n', pos);
        mergesText += fullMerges->substr(pos, end - pos) + "\n";
        pos = end == std::string::npos ? fullMerges->size() : end + 1;
    }
    Json vocab = Json::object();
    for (int64_t id = 0; id < 512 + merges; ++id) vocab.set(full.token(id), Json::integer(id));
    vocab.set(full.token(full.bosId()), Json::integer(512 + merges));
    vocab.set(full.token(full.eosId()), Json::integer(513 + merges));
    std::map<std::string, std::string> files;
    files["vocab.json"] = vocab.dump();
    files["merges.txt"] = mergesText;
    for (const char* name : {"special_tokens_map.json", "tokenizer_config.json"}) {
        auto text = readFileLimited((scratch / name).string(), 1u << 20);
        if (!text) return text.error();
        files[name] = *text;
    }
    return files;
}

// The tokenizer files are staged in a temporary folder of known layout, removed file by file:
// std::filesystem::remove_all crashed (a call through a null pointer) in a libtorch 2.11 process
// built with GCC 13.
const char* const kTokenizerFileNames[] = {"vocab.json", "merges.txt", "special_tokens_map.json",
                                           "tokenizer_config.json"};
struct ScratchDir {
    fs::path path;
    ~ScratchDir() {
        if (path.empty()) return;
        for (const char* sub : {"full", "small"}) {
            for (const char* name : kTokenizerFileNames) ::unlink((path / sub / name).c_str());
            ::rmdir((path / sub).c_str());
        }
        ::rmdir(path.c_str());
    }
};

}  // namespace

Expected<ModelFolder> makeRandomModel(const TinyModelOptions& options) {
    if (options.size != "tiny" && options.size != "sd15")
        return makeError("unknown model size \"" + options.size + "\" (tiny or sd15)");
    if (options.bpeVocabPath.empty())
        return makeError("a random model needs the CLIP vocabulary file (bpe_simple_vocab_16e6.txt.gz)");
    const bool tiny = options.size == "tiny";
    ModelFolder m;
    m.textEncoderConfig = tiny ? tinyClipTextConfig(options.vocabSize) : sd15ClipTextConfig();
    m.unetConfig = tiny ? tinyUNetConfig() : sd15UNetConfig();
    if (!tiny && options.vocabSize != 49408) return makeError("SD1.5-sized models use the full CLIP vocabulary");
    if (options.pixelSpace) {
        m.unetConfig.inChannels = m.unetConfig.outChannels = 3;
    } else {
        m.vaeConfig = tiny ? tinyVaeConfig() : sd15VaeConfig();
    }
    for (const auto& s : {validateConfig(m.textEncoderConfig, "text encoder"), validateConfig(m.unetConfig, "unet")})
        if (!s) return s.error();

    auto full = ClipTokenizer::fromBpeFile(options.bpeVocabPath);
    if (!full) return full.error();
    if (options.vocabSize == int64_t(full->vocabSize())) {
        m.tokenizer = std::make_shared<const ClipTokenizer>(*full);
    } else {
        ScratchDir scratch;
        std::error_code ec;
        scratch.path =
            fs::temp_directory_path(ec) / ("rs-tokenizer-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(options.seed) + "-" + std::to_string(options.vocabSize));
        if (ec) return makeError("no temporary folder for the tokenizer: " + ec.message());
        auto files = truncatedTokenizerFiles(*full, options.vocabSize, scratch.path / "full");
        if (!files) return files.error();
        fs::create_directories(scratch.path / "small", ec);
        for (const auto& [name, bytes] : *files)
            if (auto s = writeFileAtomically((scratch.path / "small" / name).string(), bytes); !s) return s.error();
        auto small = ClipTokenizer::fromTokenizerFolder((scratch.path / "small").string());
        if (!small) return small.error();
        m.tokenizer = std::make_shared<const ClipTokenizer>(std::move(*small));
        m.tokenizerFiles = std::move(*files);
    }
    m.schedulerConfigJson = kSchedulerConfig;

    try {
        auto gen = at::detail::createCPUGenerator(options.seed);
        m.textEncoder = ClipTextModel(m.textEncoderConfig);
        randomize(*m.textEncoder, gen);
        m.unet = UNet2DConditionModel(m.unetConfig);
        randomize(*m.unet, gen);
        m.textEncoder->eval();
        m.unet->eval();
        if (m.vaeConfig) {
            m.vae = AutoencoderKL(*m.vaeConfig);
            randomize(*m.vae, gen);
            m.vae->eval();
        }
    } catch (const std::exception& e) {
        return makeError(std::string("building the random model failed: ") + e.what());
    }
    return m;
}

void randomizeWeights(torch::nn::Module& module, uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    randomize(module, gen);
}

Status writeRandomModelFolder(const std::string& path, const TinyModelOptions& options) {
    auto m = makeRandomModel(options);
    if (!m) return m.error();
    return saveModelFolder(*m, path);
}

}  // namespace rs::diffusion
