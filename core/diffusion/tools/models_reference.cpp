// Cross-checks the networks against diffusers / transformers (run with compare_with_diffusers.py
// on a machine that has them; see README beside this file):
//   models_reference write OUT BPE    random model folders + inputs and our outputs (reference.safetensors)
//   models_reference check DIR        folders written by diffusers + their outputs: load, run, compare
//   models_reference shapes DIR       DIR/<name>/{config.json, shapes.json} from diffusers: same keys and shapes?
// Prints one JSON line per comparison; exits 1 if any differs.
#include "diffusion/models/model_configs.h"
#include "diffusion/models/model_folder.h"
#include "diffusion/io/safetensors.h"
#include "diffusion/models/tiny_model.h"
#include "diffusion/io/weights_io.h"
#include "base/file_io.h"
#include "diffusion/io/json.h"
#include "diffusion/text/clip_tokenizer.h"

#include <torch/torch.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>

using namespace rs::diffusion;
namespace fs = std::filesystem;

namespace {

bool g_failed = false;

void report(const std::string& variant, const std::string& what, const torch::Tensor& ours, const torch::Tensor& ref,
            double tolerance) {
    const auto a = ours.to(torch::kCPU, torch::kDouble), b = ref.to(torch::kCPU, torch::kDouble);
    const bool sameShape = a.sizes() == b.sizes();
    const double diff = sameShape ? (a - b).abs().max().item<double>() : -1;
    const double scale = b.abs().max().item<double>();
    const bool ok = sameShape && diff <= tolerance * std::max(1.0, scale);
    g_failed |= !ok;
    std::cout << "{\"variant\": \"" << variant << "\", \"output\": \"" << what << "\", \"max_abs_diff\": " << diff
              << ", \"ref_max_abs\": " << scale << ", \"ok\": " << (ok ? "true" : "false") << "}" << std::endl;
}

void fail(const std::string& what) {
    g_failed = true;
    std::cout << "{\"error\": " << Json(what).dump() << "}" << std::endl;
}

struct Variant {
    std::string name;
    ClipTextConfig text;
    UNetConfig unet;
    std::optional<VaeConfig> vae;
};

std::vector<Variant> variants() {
    std::vector<Variant> out;
    out.push_back({"tiny", tinyClipTextConfig(1000), tinyUNetConfig(), tinyVaeConfig()});
    Variant v{"linear_heads_upcast", tinyClipTextConfig(1000), tinyUNetConfig(), tinyVaeConfig()};
    v.text.hiddenAct = "gelu";
    v.text.eosTokenId = 2;  // old configs: transformers pools at the highest id
    v.unet.useLinearProjection = true;
    v.unet.upcastAttention = true;
    v.unet.numAttentionHeads = {2, 4};
    v.unet.attentionHeadDimIsList = true;
    v.unet.transformerLayersPerBlock = {1, 2};
    v.unet.flipSinToCos = false;
    v.unet.freqShift = 1;
    v.unet.downsamplePadding = 0;
    v.vae->blockOutChannels = {32, 32, 64};
    v.vae->downBlockTypes = std::vector<std::string>(3, "DownEncoderBlock2D");
    v.vae->upBlockTypes = std::vector<std::string>(3, "UpDecoderBlock2D");
    v.vae->layersPerBlock = 2;
    v.vae->scalingFactor = 0.13025;
    out.push_back(v);
    Variant p{"pixel", tinyClipTextConfig(1000), tinyUNetConfig(), std::nullopt};
    p.unet.inChannels = p.unet.outChannels = 3;
    p.unet.centerInputSample = true;
    p.unet.downBlockTypes = {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"};
    p.unet.upBlockTypes = {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"};
    p.unet.blockOutChannels = {32, 32, 64};
    p.unet.layersPerBlock = {1, 1, 1};
    p.unet.transformerLayersPerBlock = {1, 1, 1};
    p.unet.crossAttentionDim = {32, 32, 32};
    p.unet.numAttentionHeads = {4, 4, 4};
    p.vae.reset();
    out.push_back(p);
    return out;
}

// Runs every network on fixed inputs; names are those compare_with_diffusers.py expects.
std::vector<std::pair<std::string, at::Tensor>> run(ModelFolder& m, const torch::Tensor& ids,
                                                    const torch::Tensor& latents, const torch::Tensor& oddLatents,
                                                    const torch::Tensor& timesteps, const torch::Tensor& images) {
    torch::NoGradGuard noGrad;
    std::vector<std::pair<std::string, at::Tensor>> t;
    auto text = m.textEncoder->forwardWithPooled(ids);
    t.emplace_back("text_last", text.lastHiddenState);
    t.emplace_back("text_pooled", text.pooled);
    t.emplace_back("text_skip1", m.textEncoder->forward(ids, 1));
    t.emplace_back("unet_out", m.unet->forward(latents, timesteps, text.lastHiddenState));
    t.emplace_back("unet_out_odd", m.unet->forward(oddLatents, timesteps, text.lastHiddenState));
    if (m.vae) {
        t.emplace_back("vae_decoded", m.vae->decode(latents));
        auto d = m.vae->encode(images);
        t.emplace_back("vae_mean", d.mean);
        t.emplace_back("vae_logvar", d.logvar);
    }
    for (auto& [k, v] : t) v = v.to(torch::kCPU, torch::kFloat).contiguous();
    return t;
}

int write(const fs::path& out, const std::string& bpe) {
    uint64_t seed = 100;
    for (auto& v : variants()) {
        TinyModelOptions o;
        o.vocabSize = 1000;
        o.bpeVocabPath = bpe;
        o.seed = seed++;
        auto made = makeRandomModel(o);
        if (!made) return fail(made.message()), 1;
        ModelFolder m = std::move(*made);
        m.textEncoderConfig = v.text;
        m.unetConfig = v.unet;
        m.vaeConfig = v.vae;
        m.textEncoder = ClipTextModel(v.text);
        m.unet = UNet2DConditionModel(v.unet);
        m.vae = v.vae ? AutoencoderKL(*v.vae) : AutoencoderKL(nullptr);
        randomizeWeights(*m.textEncoder, seed * 10 + 1);
        randomizeWeights(*m.unet, seed * 10 + 2);
        if (m.vae) randomizeWeights(*m.vae, seed * 10 + 3);
        const fs::path dir = out / v.name;
        if (auto s = saveModelFolder(m, dir.string()); !s) return fail(s.message()), 1;

        torch::manual_seed(int64_t(seed));
        auto tokens = m.tokenizer->tokenize("a photograph of an astronaut riding a horse");
        auto ids = torch::tensor(tokens.padded, torch::kLong).unsqueeze(0).repeat({2, 1});
        ids[1].slice(0, 3, 77).fill_(m.tokenizer->eosId());  // a shorter second prompt
        const int64_t c = v.unet.inChannels;
        auto latents = torch::randn({2, c, 12, 20});
        auto odd = torch::randn({2, c, 9, 13});
        auto timesteps = torch::tensor({999.0, 10.0});
        auto images = torch::rand({2, 3, 16, 16}) * 2 - 1;
        auto tensors = run(m, ids, latents, odd, timesteps, images);
        tensors.emplace_back("input_ids", ids.to(torch::kFloat));
        tensors.emplace_back("latents", latents);
        tensors.emplace_back("latents_odd", odd);
        tensors.emplace_back("timesteps", timesteps.to(torch::kFloat));
        tensors.emplace_back("images", images);
        if (auto s = writeSafetensors((dir / "reference.safetensors").string(), tensors); !s)
            return fail(s.message()), 1;
        std::cout << "{\"written\": " << Json(dir.string()).dump() << "}" << std::endl;
    }
    return 0;
}

int check(const fs::path& root) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        if (!entry.is_directory()) continue;
        const std::string name = entry.path().filename().string();
        for (const std::string device : {"cpu", "cuda"}) {
            if (device == "cuda" && !torch::cuda::is_available()) continue;
            ModelLoadOptions o;
            o.device = torch::Device(device);
            auto m = loadModelFolder(entry.path().string(), o);
            if (!m) {
                fail(m.message());
                continue;
            }
            auto ref = SafetensorsFile::open((entry.path() / "reference.safetensors").string());
            if (!ref) {
                fail(ref.message());
                continue;
            }
            auto get = [&](const char* n) { return *ref->tensor(n, torch::kFloat, o.device); };
            auto ours = run(*m, get("input_ids").to(torch::kLong), get("latents"), get("latents_odd"), get("timesteps"),
                            get("images"));
            // TF32 matmuls on CUDA differ from CPU float32 in the 4th digit
            const double tol = device == "cpu" ? 1e-4 : 5e-3;
            for (auto& [k, v] : ours)
                if (ref->contains(k)) report(name + "/" + device, k, v, *ref->tensor(k), tol);
            // the tokenizer written by transformers reads the same ids
            auto tokens = m->tokenizer->tokenize("a photograph of an astronaut riding a horse");
            report(name, "tokenizer_ids", torch::tensor(tokens.padded, torch::kFloat), get("input_ids")[0].cpu(), 0);
        }
    }
    return 0;
}

int shapes(const fs::path& root) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        auto configText = readFileLimited((entry.path() / "config.json").string(), 1 << 20);
        auto listing = readJsonFile((entry.path() / "shapes.json").string());
        if (!configText || !listing) {
            fail(name + ": unreadable config.json or shapes.json");
            continue;
        }
        std::shared_ptr<torch::nn::Module> module;
        const std::string origin = (entry.path() / "config.json").string();
        if (name.find("unet") != std::string::npos) {
            auto c = parseUNetConfig(*configText, origin);
            if (!c) {
                fail(c.message());
                continue;
            }
            module = UNet2DConditionModel(*c).ptr();
        } else if (name.find("vae") != std::string::npos) {
            auto c = parseVaeConfig(*configText, origin);
            if (!c) {
                fail(c.message());
                continue;
            }
            module = AutoencoderKL(*c).ptr();
        } else {
            auto c = parseClipTextConfig(*configText, origin);
            if (!c) {
                fail(c.message());
                continue;
            }
            module = ClipTextModel(*c).ptr();
        }
        std::map<std::string, std::vector<int64_t>> ours, theirs;
        for (auto& [k, v] : namedStateTensors(*module))
            if (at::isFloatingType(v.scalar_type())) ours[k] = v.sizes().vec();
        for (const auto& [k, v] : listing->members()) {
            std::vector<int64_t> shape;
            for (const auto& d : v.asArray()) shape.push_back(d.asInt());
            theirs[k] = shape;
        }
        int64_t params = 0;
        for (auto& [k, s] : ours) params += std::accumulate(s.begin(), s.end(), int64_t(1), std::multiplies<int64_t>());
        const bool same = ours == theirs;
        g_failed |= !same;
        std::vector<std::string> onlyOurs, onlyTheirs;
        for (auto& [k, s] : ours)
            if (!theirs.count(k) || theirs[k] != s) onlyOurs.push_back(k);
        for (auto& [k, s] : theirs)
            if (!ours.count(k)) onlyTheirs.push_back(k);
        std::cout << "{\"model\": \"" << name << "\", \"tensors\": " << ours.size() << ", \"parameters\": " << params
                  << ", \"same_keys_and_shapes\": " << (same ? "true" : "false")
                  << ", \"differs_ours\": " << onlyOurs.size() << ", \"only_theirs\": " << onlyTheirs.size();
        if (!onlyOurs.empty()) std::cout << ", \"first_ours\": " << Json(onlyOurs[0]).dump();
        if (!onlyTheirs.empty()) std::cout << ", \"first_theirs\": " << Json(onlyTheirs[0]).dump();
        std::cout << "}" << std::endl;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "write" && argc == 4)
            write(argv[2], argv[3]);
        else if (mode == "check" && argc == 3)
            check(argv[2]);
        else if (mode == "shapes" && argc == 3)
            shapes(argv[2]);
        else {
            std::cerr << "usage: models_reference write OUT BPE | check DIR | shapes DIR\n";
            return 2;
        }
    } catch (const std::exception& e) {
        fail(e.what());
    }
    return g_failed ? 1 : 0;
}
