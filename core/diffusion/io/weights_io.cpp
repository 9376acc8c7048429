// Strict state-dict loading from safetensors, and saving a module as safetensors.
#include "diffusion/io/weights_io.h"

#include "diffusion/io/safetensors.h"

#include <torch/types.h>

#include <map>
#include <sstream>

namespace rs::diffusion {
namespace {

std::string shapeText(c10::IntArrayRef shape) {
    std::ostringstream s;
    s << '[';
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? "," : "") << shape[i];
    s << ']';
    return s.str();
}

// "3 missing keys (a, b, c)" listing at most `limit` of them.
std::string listed(const std::vector<std::string>& items, const char* singular, const char* plural, size_t limit) {
    std::string out = std::to_string(items.size()) + " " + (items.size() == 1 ? singular : plural) + " (";
    for (size_t i = 0; i < items.size() && i < limit; ++i) out += (i ? ", " : "") + items[i];
    if (items.size() > limit) out += ", and " + std::to_string(items.size() - limit) + " more";
    return out + ")";
}

bool conv1x1FitsLinear(const std::vector<int64_t>& file, c10::IntArrayRef model) {
    return model.size() == 2 && file.size() == 4 && file[0] == model[0] && file[1] == model[1] && file[2] == 1 &&
           file[3] == 1;
}

struct Source {
    size_t file;
    std::string key;
};

}  // namespace

std::vector<std::pair<std::string, torch::Tensor>> namedStateTensors(const torch::nn::Module& module) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& p : module.named_parameters(true)) out.emplace_back(p.key(), p.value());
    for (const auto& b : module.named_buffers(true)) out.emplace_back(b.key(), b.value());
    return out;
}

void moveModule(torch::nn::Module& module, const torch::Device& device, torch::ScalarType dtype) {
    torch::NoGradGuard noGrad;
    for (auto& [name, t] : namedStateTensors(module)) {
        (void)name;
        const bool floating = at::isFloatingType(t.scalar_type());
        if (t.device() == device && (!floating || t.scalar_type() == dtype)) continue;
        t.set_data(floating ? t.to(device, dtype) : t.to(device));
    }
}

Status loadWeights(torch::nn::Module& module, const std::vector<std::string>& files, const WeightLoadOptions& options) {
    std::string fileNames;
    for (const auto& f : files) fileNames += (fileNames.empty() ? "" : ", ") + f;
    if (files.empty()) return makeError("no weight files given");
    try {
        std::vector<SafetensorsFile> opened;
        for (const auto& path : files) {
            auto f = SafetensorsFile::open(path);
            if (!f) return f.error();
            opened.push_back(std::move(*f));
        }

        std::map<std::string, torch::Tensor> expected;
        for (auto& [name, t] : namedStateTensors(module)) expected.emplace(name, t);

        std::map<std::string, Source> sources;  // module key -> where the file has it
        std::vector<std::string> unexpected, duplicated, mismatched, missing;
        for (size_t i = 0; i < opened.size(); ++i) {
            for (const auto& e : opened[i].entries()) {
                const std::string key = options.renameFileKey ? options.renameFileKey(e.name) : e.name;
                auto it = expected.find(key);
                if (it == expected.end()) {
                    unexpected.push_back(e.name);
                    continue;
                }
                if (!sources.emplace(key, Source{i, e.name}).second) {
                    duplicated.push_back(e.name);
                    continue;
                }
                const auto modelShape = it->second.sizes();
                const bool same = e.shape == modelShape.vec();
                if (!same && !(options.allowConv1x1AsLinear && conv1x1FitsLinear(e.shape, modelShape)))
                    mismatched.push_back(key + ": file " + shapeText(e.shape) + ", model " + shapeText(modelShape));
            }
        }
        for (const auto& [key, t] : expected) {
            (void)t;
            if (!sources.count(key) && !options.optionalKeys.count(key)) missing.push_back(key);
        }
        if (!missing.empty() || !unexpected.empty() || !duplicated.empty() || !mismatched.empty()) {
            std::string msg = fileNames + ": the weights do not fit the model built from its config:";
            const size_t n = options.maxListed;
            std::string sep = " ";
            if (!missing.empty()) msg += sep + listed(missing, "missing key", "missing keys", n), sep = "; ";
            if (!unexpected.empty())
                msg += sep + listed(unexpected, "unexpected key", "unexpected keys", n), sep = "; ";
            if (!mismatched.empty())
                msg += sep + listed(mismatched, "shape mismatch", "shape mismatches", n), sep = "; ";
            if (!duplicated.empty()) msg += sep + listed(duplicated, "key in two shards", "keys in two shards", n);
            return makeError(msg);
        }

        torch::NoGradGuard noGrad;
        for (auto& [key, target] : expected) {
            auto src = sources.find(key);
            if (src == sources.end()) continue;
            const auto type = at::isFloatingType(target.scalar_type()) ? options.dtype : target.scalar_type();
            auto t = opened[src->second.file].tensor(src->second.key, type, options.device);
            if (!t) return t.error();
            auto value = std::move(*t);
            if (value.sizes() != target.sizes()) value = value.reshape(target.sizes());
            target.set_data(value);
        }
        // what the files did not provide (optional buffers) follows onto the device / dtype
        moveModule(module, options.device, options.dtype);
        return {};
    } catch (const std::exception& e) {
        return makeError(fileNames + ": loading the weights failed: " + e.what());
    }
}

Status saveWeights(const torch::nn::Module& module, const std::string& path, torch::ScalarType dtype,
                   const std::map<std::string, std::string>& metadata) {
    try {
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (auto& [name, t] : namedStateTensors(module)) {
            // Integer buffers (CLIP's position_ids) are derived from the config; transformers
            // >= 4.31 does not store them either.
            if (!at::isFloatingType(t.scalar_type())) continue;
            tensors.emplace_back(name, t.detach().to(torch::kCPU, dtype).contiguous());
        }
        auto meta = metadata;
        meta.emplace("format", "pt");  // transformers refuses safetensors without it
        return writeSafetensors(path, tensors, meta);
    } catch (const std::exception& e) {
        return makeError(path + ": saving the weights failed: " + e.what());
    }
}

}  // namespace rs::diffusion
