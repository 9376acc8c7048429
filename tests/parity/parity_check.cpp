#include "parity_check.h"

#include "diffusion/text/clip_tokenizer.h"
#include "diffusion/pipeline/pipeline.h"
#include "diffusion/io/safetensors.h"

#include <torch/torch.h>

#include <cstdio>
#include <sstream>

namespace rs::parity {
namespace {

StageDiff diffOf(const std::string& stage, const torch::Tensor& ours, const torch::Tensor& reference) {
    const auto a = ours.to(torch::kCPU, torch::kDouble).reshape(reference.sizes());
    const auto b = reference.to(torch::kDouble);
    const auto d = (a - b).abs();
    StageDiff s;
    s.stage = stage;
    s.maxAbs = d.max().item<double>();
    s.meanAbs = d.mean().item<double>();
    s.refMaxAbs = b.abs().max().item<double>();
    return s;
}

std::string meta(const diffusion::SafetensorsFile& f, const std::string& key) {
    auto it = f.metadata().find(key);
    return it == f.metadata().end() ? std::string() : it->second;
}

}  // namespace

Expected<std::vector<StageDiff>> compareWithReference(const std::string& modelDir, const std::string& reference,
                                                      const ParityOptions& options) {
    auto ref = diffusion::SafetensorsFile::open(reference);
    if (!ref.ok()) return ref.error();
    auto get = [&](const std::string& name) { return ref->tensor(name, torch::kFloat); };

    diffusion::PipelineOptions po;
    po.device = options.device;
    po.dtype = options.dtype;
    auto pipeline = diffusion::DiffusionPipeline::load(modelDir, po);
    if (!pipeline.ok()) return pipeline.error();
    auto& pipe = **pipeline;
    const auto& model = pipe.model();
    // Module holders share their module: copies give the (non-const) forward functions.
    auto textEncoder = model.textEncoder;
    auto unet = model.unet;
    auto vae = model.vae;
    const auto device = pipe.device();
    const auto dtype = pipe.dtype();

    const std::string prompt = meta(*ref, "prompt");
    const std::string negative = meta(*ref, "negative_prompt");
    std::vector<StageDiff> out;
    try {
        torch::InferenceMode guard;
        // Token ids: our tokenizer against transformers'.
        for (const auto& [name, text] : {std::pair{"text.ids", prompt}, std::pair{"text.neg_ids", negative}}) {
            auto expected = get(name);
            if (!expected.ok()) return expected.error();
            const auto tokens = model.tokenizer->tokenize(text);
            auto ours = torch::tensor(tokens.padded, torch::kLong).to(torch::kFloat);
            StageDiff s = diffOf(name, ours, *expected);
            s.exact = s.maxAbs == 0.0;
            out.push_back(s);
        }
        auto ids = get("text.ids");
        auto negIds = get("text.neg_ids");
        if (!ids.ok()) return ids.error();
        if (!negIds.ok()) return negIds.error();
        auto cond = textEncoder->forward(ids->to(torch::kLong).to(device));
        auto uncond = textEncoder->forward(negIds->to(torch::kLong).to(device));
        for (const auto& [name, ours] : {std::pair{"text.cond", cond}, std::pair{"text.uncond", uncond}}) {
            auto expected = get(name);
            if (!expected.ok()) return expected.error();
            out.push_back(diffOf(name, ours, *expected));
        }

        auto latent = get("unet.in");
        if (!latent.ok()) return latent.error();
        for (int t : {981, 421}) {
            auto x = latent->to(device, dtype);
            auto tt = torch::full({1}, t, torch::TensorOptions().dtype(torch::kLong).device(device));
            for (const auto& [suffix, text] : {std::pair{"cond", cond}, std::pair{"uncond", uncond}}) {
                const std::string name = "unet.t" + std::to_string(t) + "." + suffix;
                auto expected = get(name);
                if (!expected.ok()) return expected.error();
                out.push_back(diffOf(name, unet->forward(x, tt, text), *expected));
            }
        }

        if (model.hasVae()) {
            auto vin = get("vae.in");
            auto vout = get("vae.out");
            if (!vin.ok()) return vin.error();
            if (!vout.ok()) return vout.error();
            out.push_back(diffOf("vae.out", vae->decodeLatents(vin->to(device, dtype)), *vout));
        }

        if (options.images) {
            for (const char* samplerName : {"ddim", "dpm++2m", "euler_a"}) {
                const std::string name = std::string("image.") + samplerName;
                auto expected = get(name);
                if (!expected.ok()) return expected.error();
                diffusion::GenerationRequest request;
                request.prompt = prompt;
                request.negativePrompt = negative;
                request.seeds = {std::stoull(meta(*ref, "seed"))};
                request.steps = std::stoi(meta(*ref, "steps"));
                request.guidanceScale = std::stod(meta(*ref, "guidance"));
                request.width = request.height = std::stoi(meta(*ref, "size"));
                request.sampler = *diffusion::parseSamplerName(samplerName);
                auto result = pipe.generate(request);
                if (!result.ok()) return result.error();
                const auto& img = result->images.at(0);
                auto ours = torch::from_blob(const_cast<std::uint8_t*>(img.rgb.data()), {1, img.height, img.width, 3},
                                             torch::kUInt8)
                                .to(torch::kFloat)
                                .div(255.0);
                out.push_back(diffOf(name, ours, *expected));
            }
        }
    } catch (const std::exception& e) {
        return makeError(std::string("parity run failed: ") + e.what());
    }
    return out;
}

std::string toJson(const StageDiff& d) {
    char buffer[512];
    std::snprintf(buffer, sizeof buffer,
                  "{\"stage\":\"%s\",\"max_abs\":%.3e,\"mean_abs\":%.3e,\"ref_max_abs\":%.3e,\"exact\":%s}",
                  d.stage.c_str(), d.maxAbs, d.meanAbs, d.refMaxAbs, d.exact ? "true" : "false");
    return buffer;
}

}  // namespace rs::parity
