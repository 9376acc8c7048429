// Loading and writing diffusers model folders.
#include "diffusion/models/model_folder.h"

#include "diffusion/text/clip_tokenizer.h"
#include "base/file_io.h"
#include "diffusion/io/json.h"
#include "diffusion/io/weights_io.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace rs::diffusion {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMaxConfigBytes = 16u << 20;

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// The safetensors file(s) of one network in `dir` with base name `base` ("model" or
// "diffusion_pytorch_model"): the variant when asked for and present, else the plain file,
// else a sharded index, else a single variant. Errors say what is there instead.
Expected<std::vector<std::string>> weightFiles(const fs::path& dir, const std::string& base, const std::string& variant,
                                               const std::string& shown) {
    auto sharded = [&](const fs::path& index) -> Expected<std::vector<std::string>> {
        auto json = readJsonFile(index.string());
        if (!json) return json.error();
        const Json* map = json->find("weight_map");
        if (!map || !map->isObject() || map->size() == 0)
            return makeError(index.string() + ": no \"weight_map\" object naming the shards");
        std::set<std::string> names;
        for (const auto& [key, file] : map->members()) {
            (void)key;
            if (!file.isString() || file.asString().find('/') != std::string::npos)
                return makeError(index.string() + ": weight_map values must be file names in the same folder");
            names.insert(file.asString());
        }
        std::vector<std::string> out;
        for (const auto& n : names) {
            if (!isFile(dir / n)) return makeError(index.string() + " names the shard " + n + ", which is missing");
            out.push_back((dir / n).string());
        }
        return out;
    };
    if (!variant.empty()) {
        if (isFile(dir / (base + "." + variant + ".safetensors")))
            return std::vector<std::string>{(dir / (base + "." + variant + ".safetensors")).string()};
        if (isFile(dir / (base + ".safetensors.index." + variant + ".json")))
            return sharded(dir / (base + ".safetensors.index." + variant + ".json"));
    }
    if (isFile(dir / (base + ".safetensors")))
        return std::vector<std::string>{(dir / (base + ".safetensors")).string()};
    if (isFile(dir / (base + ".safetensors.index.json"))) return sharded(dir / (base + ".safetensors.index.json"));
    std::vector<std::string> variants, pickles;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(base + ".", 0) != 0) continue;
        if (name.size() > 12 && name.compare(name.size() - 12, 12, ".safetensors") == 0) variants.push_back(name);
        if (name.find(".bin") != std::string::npos || name.find(".ckpt") != std::string::npos) pickles.push_back(name);
    }
    std::sort(variants.begin(), variants.end());
    if (variants.size() == 1) return std::vector<std::string>{(dir / variants[0]).string()};
    if (variants.size() > 1)
        return makeError(shown + " has several weight variants (" + join(variants) +
                         "): choose one with the variant option");
    if (!pickles.empty())
        return makeError(shown + " has only " + join(pickles) +
                         " (PyTorch pickle files, which ReplicaScope does not load because unpickling can run code): "
                         "convert them to " +
                         base + ".safetensors");
    return makeError(shown + " lacks " + base + ".safetensors");
}

template <class Config>
Expected<Config> readConfig(const fs::path& file, Expected<Config> (*parse)(const std::string&, const std::string&)) {
    auto text = readFileLimited(file.string(), kMaxConfigBytes);
    if (!text) return text.error();
    return parse(*text, file.string());
}

WeightLoadOptions weightOptions(const ModelLoadOptions& o) {
    WeightLoadOptions w;
    w.device = o.device;
    w.dtype = o.dtype;
    return w;
}

// The "library", "class" pair of a model_index.json component, or empty strings for null.
std::pair<std::string, std::string> component(const Json& index, const char* key) {
    const Json* v = index.find(key);
    if (!v || !v->isArray() || v->size() != 2) return {};
    const auto& a = v->asArray();
    return {a[0].isString() ? a[0].asString() : "", a[1].isString() ? a[1].asString() : ""};
}

Status checkModelIndex(const Json& index, const std::string& where, bool& hasVae) {
    if (!index.isObject()) return makeError(where + ": expected a JSON object");
    static const std::set<std::string> known = {"text_encoder",
                                                "tokenizer",
                                                "unet",
                                                "vae",
                                                "scheduler",
                                                "safety_checker",
                                                "feature_extractor",
                                                "image_encoder",
                                                "requires_safety_checker"};
    for (const auto& [key, value] : index.members()) {
        if (key.empty() || key[0] == '_' || known.count(key)) continue;
        const bool nullComponent =
            value.isNull() || (value.isArray() && value.size() == 2 && value.asArray()[0].isNull());
        if (!nullComponent)
            return makeError(where + ": the pipeline has a component '" + key + "' (" + value.dump() +
                             ") that ReplicaScope does not support (it runs CLIPTextModel + UNet2DConditionModel + "
                             "AutoencoderKL pipelines such as Stable Diffusion 1.x and 2.x)");
    }
    const std::pair<const char*, std::vector<std::string>> expected[] = {
        {"text_encoder", {"CLIPTextModel"}},
        {"unet", {"UNet2DConditionModel"}},
        {"tokenizer", {"CLIPTokenizer", "CLIPTokenizerFast"}},
    };
    for (const auto& [key, classes] : expected) {
        const auto [library, cls] = component(index, key);
        if (cls.empty()) return makeError(where + ": no '" + key + "' component");
        if (std::find(classes.begin(), classes.end(), cls) == classes.end())
            return makeError(where + ": '" + key + "' is a " + cls + ", ReplicaScope supports " + join(classes));
    }
    const auto vae = component(index, "vae");
    hasVae = !vae.second.empty();
    if (hasVae && vae.second != "AutoencoderKL")
        return makeError(where + ": 'vae' is a " + vae.second + ", ReplicaScope supports AutoencoderKL");
    return {};
}

}  // namespace

Expected<ClipTextModel> loadClipTextModel(const std::string& dir, const ModelLoadOptions& options) {
    auto config = readConfig<ClipTextConfig>(fs::path(dir) / "config.json", parseClipTextConfig);
    if (!config) return config.error();
    auto files = weightFiles(dir, "model", options.variant, dir);
    if (!files) return files.error();
    ClipTextModel model(*config);
    auto w = weightOptions(options);
    w.optionalKeys.insert(ClipTextModelImpl::positionIdsKey());
    // transformers >= 5 may store the keys without the "text_model." prefix
    w.renameFileKey = [](const std::string& key) {
        return key.rfind("text_model.", 0) == 0 ? key : "text_model." + key;
    };
    if (auto s = loadWeights(*model, *files, w); !s) return s.error();
    model->eval();
    return model;
}

Expected<UNet2DConditionModel> loadUNet(const std::string& dir, const ModelLoadOptions& options) {
    auto config = readConfig<UNetConfig>(fs::path(dir) / "config.json", parseUNetConfig);
    if (!config) return config.error();
    auto files = weightFiles(dir, "diffusion_pytorch_model", options.variant, dir);
    if (!files) return files.error();
    UNet2DConditionModel model(*config);
    if (auto s = loadWeights(*model, *files, weightOptions(options)); !s) return s.error();
    model->eval();
    return model;
}

Expected<AutoencoderKL> loadVae(const std::string& dir, const ModelLoadOptions& options) {
    auto config = readConfig<VaeConfig>(fs::path(dir) / "config.json", parseVaeConfig);
    if (!config) return config.error();
    auto files = weightFiles(dir, "diffusion_pytorch_model", options.variant, dir);
    if (!files) return files.error();
    AutoencoderKL model(*config);
    auto w = weightOptions(options);
    w.renameFileKey = vaeLegacyKeyRename;
    w.allowConv1x1AsLinear = true;  // attention projections stored as 1x1 convolutions
    if (auto s = loadWeights(*model, *files, w); !s) return s.error();
    model->eval();
    return model;
}

Expected<ModelFolder> loadModelFolder(const std::string& path, const ModelLoadOptions& options) {
    const fs::path root(path);
    std::error_code ec;
    if (!fs::exists(root, ec)) return makeError("model folder " + path + " does not exist");
    if (!fs::is_directory(root, ec)) return makeError(path + " is not a folder (a diffusers model folder is expected)");
    if (!isFile(root / "model_index.json"))
        return makeError("model folder " + path + " lacks model_index.json (is it a diffusers folder?)");

    ModelFolder m;
    m.path = path;
    m.device = options.device;
    m.dtype = options.dtype;
    auto indexText = readFileLimited((root / "model_index.json").string(), kMaxConfigBytes);
    if (!indexText) return indexText.error();
    m.modelIndexJson = *indexText;
    auto index = parseJson(*indexText);
    if (!index) return makeError((root / "model_index.json").string() + ": " + index.message());
    bool hasVae = false;
    if (auto s = checkModelIndex(*index, (root / "model_index.json").string(), hasVae); !s) return s.error();
    const bool hasScheduler = !component(*index, "scheduler").second.empty();

    std::vector<std::string> lacking;
    for (const char* f :
         {"text_encoder/config.json", "unet/config.json", "tokenizer/vocab.json", "tokenizer/merges.txt"})
        if (!isFile(root / f)) lacking.push_back(f);
    if (hasVae && !isFile(root / "vae/config.json")) lacking.push_back("vae/config.json");
    if (hasScheduler && !isFile(root / "scheduler/scheduler_config.json"))
        lacking.push_back("scheduler/scheduler_config.json");
    if (!lacking.empty()) return makeError("model folder " + path + " lacks " + join(lacking));

    auto text = readConfig<ClipTextConfig>(root / "text_encoder/config.json", parseClipTextConfig);
    if (!text) return text.error();
    auto unet = readConfig<UNetConfig>(root / "unet/config.json", parseUNetConfig);
    if (!unet) return unet.error();
    m.textEncoderConfig = *text;
    m.unetConfig = *unet;
    if (hasVae) {
        auto vae = readConfig<VaeConfig>(root / "vae/config.json", parseVaeConfig);
        if (!vae) return vae.error();
        m.vaeConfig = *vae;
    }

    // the three networks must fit together
    const std::string where = "model folder " + path + ": ";
    if (m.unetConfig.crossAttentionDim[0] != m.textEncoderConfig.hiddenSize)
        return makeError(where + "the UNet cross-attends to " + std::to_string(m.unetConfig.crossAttentionDim[0]) +
                         "-wide text features but the text encoder produces " +
                         std::to_string(m.textEncoderConfig.hiddenSize));
    if (m.vaeConfig) {
        const int64_t lc = m.vaeConfig->latentChannels;
        if (m.unetConfig.inChannels != lc || m.unetConfig.outChannels != lc)
            return makeError(where + "the UNet takes " + std::to_string(m.unetConfig.inChannels) + " and returns " +
                             std::to_string(m.unetConfig.outChannels) + " channels but the VAE has " +
                             std::to_string(lc) + " latent channels");
    } else if (m.unetConfig.inChannels != 3 || m.unetConfig.outChannels != 3) {
        return makeError(where +
                         "model_index.json names no vae, so the UNet must work on RGB images (3 channels in "
                         "and out), but it has " +
                         std::to_string(m.unetConfig.inChannels) + " in and " +
                         std::to_string(m.unetConfig.outChannels) + " out");
    }

    auto sampling = readSamplingDefaults(path);
    if (!sampling) return sampling.error();
    m.samplingDefaults = std::move(*sampling);

    auto tokenizer = ClipTokenizer::fromTokenizerFolder((root / "tokenizer").string());
    if (!tokenizer) return tokenizer.error();
    if (int64_t(tokenizer->vocabSize()) > m.textEncoderConfig.vocabSize)
        return makeError(where + "the tokenizer has " + std::to_string(tokenizer->vocabSize()) +
                         " tokens but the text encoder embeds only " + std::to_string(m.textEncoderConfig.vocabSize));
    m.tokenizer = std::make_shared<const ClipTokenizer>(std::move(*tokenizer));
    for (const auto& e : fs::directory_iterator(root / "tokenizer", ec)) {
        if (!isFile(e.path())) continue;
        auto bytes = readFileLimited(e.path().string(), 64u << 20);
        if (!bytes) return bytes.error();
        m.tokenizerFiles[e.path().filename().string()] = std::move(*bytes);
    }
    if (hasScheduler) {
        auto scheduler = readFileLimited((root / "scheduler/scheduler_config.json").string(), kMaxConfigBytes);
        if (!scheduler) return scheduler.error();
        m.schedulerConfigJson = *scheduler;
    }

    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::follow_directory_symlink, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!isFile(it->path())) continue;
        std::error_code sizeError;
        const auto size = fs::file_size(it->path(), sizeError);
        if (sizeError) return makeError(it->path().string() + ": cannot read its size: " + sizeError.message());
        m.files.push_back({fs::relative(it->path(), root).generic_string(), size});
    }
    if (ec) return makeError("model folder " + path + ": cannot list its files: " + ec.message());
    std::sort(m.files.begin(), m.files.end(),
              [](const ModelFileInfo& a, const ModelFileInfo& b) { return a.relativePath < b.relativePath; });

    if (options.loadWeights) {
        auto textModel = loadClipTextModel((root / "text_encoder").string(), options);
        if (!textModel) return textModel.error();
        m.textEncoder = *textModel;
        auto unetModel = loadUNet((root / "unet").string(), options);
        if (!unetModel) return unetModel.error();
        m.unet = *unetModel;
        if (hasVae) {
            auto vaeModel = loadVae((root / "vae").string(), options);
            if (!vaeModel) return vaeModel.error();
            m.vae = *vaeModel;
        }
    }
    return m;
}

Status saveModelFolder(const ModelFolder& model, const std::string& path, torch::ScalarType dtype) {
    if (model.textEncoder.is_empty() || model.unet.is_empty() || (model.hasVae() && model.vae.is_empty()))
        return makeError("cannot save a model to " + path + ": its networks are not loaded");
    if (!model.tokenizer && model.tokenizerFiles.empty())
        return makeError("cannot save a model to " + path + ": it has no tokenizer");
    const fs::path root(path);
    std::error_code ec;
    for (const char* sub : {"text_encoder", "unet", "tokenizer", "scheduler", "vae"}) {
        if (std::string(sub) == "vae" && !model.hasVae()) continue;
        fs::create_directories(root / sub, ec);
        if (ec) return makeError(path + ": cannot create " + sub + "/: " + ec.message());
    }
    auto write = [&](const std::string& rel, const std::string& text) {
        return writeFileAtomically((root / rel).string(), text);
    };

    // model_index.json is written afresh: only the components saved here are named
    Json index = Json::object();
    index.set("_class_name", "StableDiffusionPipeline");
    index.set("_diffusers_version", "0.27.0");
    index.set("feature_extractor", Json(Json::Array{Json(), Json()}));
    index.set("requires_safety_checker", false);
    index.set("safety_checker", Json(Json::Array{Json(), Json()}));
    std::string schedulerClass = "DDIMScheduler";
    if (!model.schedulerConfigJson.empty()) {
        auto s = parseJson(model.schedulerConfigJson);
        if (!s) return makeError("the model's scheduler config is not JSON: " + s.message());
        if (const Json* cls = s->find("_class_name"); cls && cls->isString()) schedulerClass = cls->asString();
        index.set("scheduler", Json(Json::Array{Json("diffusers"), Json(schedulerClass)}));
    }
    index.set("text_encoder", Json(Json::Array{Json("transformers"), Json("CLIPTextModel")}));
    index.set("tokenizer", Json(Json::Array{Json("transformers"), Json("CLIPTokenizer")}));
    index.set("unet", Json(Json::Array{Json("diffusers"), Json("UNet2DConditionModel")}));
    if (model.hasVae()) index.set("vae", Json(Json::Array{Json("diffusers"), Json("AutoencoderKL")}));

    if (auto s = write("model_index.json", index.dump(2) + "\n"); !s) return s;
    if (!model.samplingDefaults.empty())
        if (auto s = write(kSamplingDefaultsFile, samplingDefaultsJson(model.samplingDefaults)); !s) return s;
    if (auto s = write("text_encoder/config.json", toConfigJson(model.textEncoderConfig)); !s) return s;
    if (auto s = saveWeights(*model.textEncoder, (root / "text_encoder/model.safetensors").string(), dtype); !s)
        return s;
    if (auto s = write("unet/config.json", toConfigJson(model.unetConfig)); !s) return s;
    if (auto s = saveWeights(*model.unet, (root / "unet/diffusion_pytorch_model.safetensors").string(), dtype); !s)
        return s;
    if (model.hasVae()) {
        if (auto s = write("vae/config.json", toConfigJson(*model.vaeConfig)); !s) return s;
        if (auto s = saveWeights(*model.vae, (root / "vae/diffusion_pytorch_model.safetensors").string(), dtype); !s)
            return s;
    }
    if (!model.tokenizerFiles.empty()) {
        for (const auto& [name, bytes] : model.tokenizerFiles)
            if (auto s = write("tokenizer/" + name, bytes); !s) return s;
    } else if (auto s = model.tokenizer->saveTokenizerFolder((root / "tokenizer").string()); !s) {
        return s;
    }
    if (!model.schedulerConfigJson.empty())
        if (auto s = write("scheduler/scheduler_config.json", model.schedulerConfigJson); !s) return s;
    return {};
}

}  // namespace rs::diffusion
