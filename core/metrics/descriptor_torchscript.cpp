#include "metrics/descriptor_torchscript.h"

#include "base/host_allocator.h"
#include "base/sha256.h"
#include "metrics/descriptor_preprocess.h"

#include <torch/script.h>

#include <filesystem>
#include <map>
#include <sstream>

namespace rs::metrics {

namespace {

namespace fs = std::filesystem;

// First line of a c10::Error: the rest is a C++ backtrace that means nothing to a user.
std::string firstLine(const std::string& what) {
    const auto nl = what.find('\n');
    return nl == std::string::npos ? what : what.substr(0, nl);
}

std::string shapeText(const at::Tensor& t) {
    std::ostringstream o;
    o << "[";
    for (int64_t i = 0; i < t.dim(); ++i) o << (i ? ", " : "") << t.size(i);
    o << "]";
    return o.str();
}

}  // namespace

struct TorchScriptDescriptor::Model {
    torch::jit::Module module;
    std::string path;

    // Runs forward on [N,3,H,W]; checks the output is a float tensor [N, D].
    Expected<at::Tensor> run(const at::Tensor& input, int expectedDim) {
        try {
            c10::InferenceMode guard;
            const c10::IValue out = module.forward({input});
            if (!out.isTensor())
                return makeError("descriptor model " + path + " returned " + out.tagKind() +
                                 ", expected a tensor [N, D] (one descriptor per image)");
            at::Tensor t = out.toTensor();
            const int64_t n = input.size(0);
            if (t.dim() != 2 || t.size(0) != n)
                return makeError("descriptor model " + path + " returned a tensor of shape " + shapeText(t) + " for " +
                                 std::to_string(n) + " image(s), expected [" + std::to_string(n) + ", D]");
            if (!t.is_floating_point())
                return makeError("descriptor model " + path + " returned non-float values (" +
                                 std::string(c10::toString(t.scalar_type())) + ")");
            if (expectedDim > 0 && t.size(1) != expectedDim)
                return makeError("descriptor model " + path + " returns " + std::to_string(t.size(1)) +
                                 "-d descriptors, expected " + std::to_string(expectedDim) +
                                 "-d (from its sidecar or SSCD file name): wrong model file or wrong sidecar?");
            return t.to(torch::kFloat32).contiguous();
        } catch (const std::exception& e) {
            return makeError("descriptor model " + path + " failed on an input of shape " + shapeText(input) + ": " +
                             firstLine(e.what()));
        }
    }
};

TorchScriptDescriptor::TorchScriptDescriptor(std::unique_ptr<Model> model, DescriptorSpec spec, DescriptorInfo info)
    : m_model(std::move(model)), m_spec(std::move(spec)), m_info(std::move(info)) {}

TorchScriptDescriptor::~TorchScriptDescriptor() = default;

Expected<std::unique_ptr<TorchScriptDescriptor>> TorchScriptDescriptor::open(const std::string& modelPath) {
    auto spec = descriptorSpecForModel(modelPath);
    if (!spec) return spec.error();
    return open(modelPath, std::move(*spec));
}

Expected<std::unique_ptr<TorchScriptDescriptor>> TorchScriptDescriptor::open(const std::string& modelPath,
                                                                             DescriptorSpec spec) {
    rs::keepLargeAllocationsInHeap();
    std::error_code ec;
    if (!fs::exists(modelPath, ec)) return makeError("descriptor model " + modelPath + " does not exist");
    if (!fs::is_regular_file(modelPath, ec)) return makeError("descriptor model " + modelPath + " is not a file");
    if (fs::file_size(modelPath, ec) == 0) return makeError("descriptor model " + modelPath + " is empty (0 bytes)");
    auto model = std::make_unique<Model>();
    model->path = modelPath;
    try {
        model->module = torch::jit::load(modelPath, torch::kCPU);
    } catch (const std::exception& e) {
        return makeError("descriptor model " + modelPath +
                         " is not a TorchScript file (SSCD's *.torchscript.pt, or a model saved with "
                         "torch.jit.save): " +
                         firstLine(e.what()));
    }
    model->module.eval();
    if (!model->module.find_method("forward"))
        return makeError("descriptor model " + modelPath + " has no forward method");
    // Freezing inlines the weights and folds batch norms into convolutions (as
    // torch.jit.freeze does); a model that cannot be frozen still runs as it is.
    try {
        model->module = torch::jit::freeze(model->module);
    } catch (const std::exception&) {}

    // Probe: one image's worth of input tells us the model runs and what it returns.
    const at::Tensor probe = torch::zeros({1, 3, spec.inputSize, spec.inputSize});
    auto out = model->run(probe, spec.outputDim);
    if (!out) return out.error();
    const int dim = int(out->size(1));
    if (dim < 1) return makeError("descriptor model " + modelPath + " returns empty descriptors");
    spec.outputDim = dim;

    DescriptorInfo info;
    info.kind = "torchscript";
    info.name = spec.name;
    info.modelPath = fs::absolute(modelPath, ec).string();
    auto hash = sha256File(modelPath);
    if (!hash) return hash.error();
    info.modelSha256 = *hash;
    info.dimension = dim;
    info.preprocessing = describePreprocessing(spec);
    info.thresholdsCalibrated = spec.thresholdsCalibrated;
    info.warnings = spec.warnings;
    return std::unique_ptr<TorchScriptDescriptor>(
        new TorchScriptDescriptor(std::move(model), std::move(spec), std::move(info)));
}

Expected<Descriptor> TorchScriptDescriptor::describe(const cv::Mat& bgr) {
    auto results = describeBatch({bgr}, 1);
    return std::move(results.front());
}

std::vector<Expected<Descriptor>> TorchScriptDescriptor::describeBatch(const std::vector<cv::Mat>& images,
                                                                       int batchSize) {
    batchSize = std::max(1, batchSize);
    std::vector<Expected<Descriptor>> results;
    results.reserve(images.size());
    std::vector<DescriptorInput> inputs(images.size());
    std::map<std::pair<int, int>, std::vector<std::size_t>> bySize;  // same input size -> one tensor
    for (std::size_t i = 0; i < images.size(); ++i) {
        auto in = preprocessForDescriptor(images[i], m_spec);
        if (!in) {
            results.emplace_back(makeError("image " + std::to_string(i) + ": " + in.message()));
            continue;
        }
        inputs[i] = std::move(*in);
        bySize[{inputs[i].height, inputs[i].width}].push_back(i);
        results.emplace_back(Descriptor{});
    }
    for (const auto& [size, members] : bySize) {
        const int64_t h = size.first, w = size.second, plane = 3 * h * w;
        for (std::size_t start = 0; start < members.size(); start += std::size_t(batchSize)) {
            const std::size_t count = std::min(members.size() - start, std::size_t(batchSize));
            at::Tensor batch = torch::empty({int64_t(count), 3, h, w});
            float* dst = batch.data_ptr<float>();
            for (std::size_t k = 0; k < count; ++k) {
                const auto& chw = inputs[members[start + k]].chw;
                std::copy(chw.begin(), chw.end(), dst + int64_t(k) * plane);
            }
            auto out = m_model->run(batch, m_spec.outputDim);
            for (std::size_t k = 0; k < count; ++k) {
                const std::size_t i = members[start + k];
                if (!out) {
                    results[i] = makeError("image " + std::to_string(i) + ": " + out.message());
                    continue;
                }
                const float* row = out->data_ptr<float>() + int64_t(k) * m_spec.outputDim;
                Descriptor d(row, row + m_spec.outputDim);
                if (Status s =
                        normalizeDescriptor(d, "descriptor of image " + std::to_string(i) + " from " + m_info.name);
                    !s)
                    results[i] = s.error();
                else
                    results[i] = std::move(d);
            }
        }
    }
    return results;
}

}  // namespace rs::metrics
