// Flat parameter buffers, AdamW and clipping on them, random streams, checkpoint files.
#include "training/training_state.h"

#include "base/file_io.h"

#include <torch/serialize.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace rs::diffusion::training {

uint64_t splitMix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t streamSeed(uint64_t seed, uint64_t stream, uint64_t index) {
    uint64_t s = seed;
    uint64_t a = splitMix64(s);
    s = a ^ (stream * 0xd1b54a32d192ed03ull);
    uint64_t b = splitMix64(s);
    s = b ^ (index * 0x8cb92ba72f3d8dd7ull);
    return splitMix64(s) >> 1;  // torch generators take any uint64; keep it positive for printing
}

StreamOrder::StreamOrder(const std::vector<uint32_t>& duplicateCounts, uint64_t seed) : m_seed(seed) {
    for (size_t i = 0; i < duplicateCounts.size(); ++i)
        for (uint32_t k = 0; k < duplicateCounts[i]; ++k) m_stream.push_back(int64_t(i));
}

int64_t StreamOrder::at(int64_t position) {
    const int64_t n = length();
    const int64_t pass = position / n;
    if (pass != m_pass) {
        // Fisher-Yates with an unbiased bounded draw (Lemire's multiply-shift with rejection)
        m_permuted = m_stream;
        uint64_t state = streamSeed(m_seed, 0x5eed0da7aull, uint64_t(pass));
        for (int64_t i = n - 1; i > 0; --i) {
            const uint64_t bound = uint64_t(i) + 1;
            uint64_t x, r;
            const uint64_t threshold = (0 - bound) % bound;
            do {
                x = splitMix64(state);
                const unsigned __int128 m = (unsigned __int128)x * bound;
                r = uint64_t(m >> 64);
                if (uint64_t(m) >= threshold) break;
            } while (true);
            std::swap(m_permuted[size_t(i)], m_permuted[size_t(r)]);
        }
        m_pass = pass;
    }
    return m_permuted[size_t(position % n)];
}

void FlatParameters::bind(const std::vector<torch::Tensor>& params, bool withGrads) {
    torch::NoGradGuard noGrad;
    parameters = params;
    int64_t total = 0;
    for (const auto& p : params) total += p.numel();
    TORCH_CHECK(!params.empty(), "no parameters to train");
    auto options = params.front().options().dtype(torch::kFloat32).requires_grad(false);
    values = torch::empty({total}, options);
    decayMask = torch::empty({total}, options);
    if (withGrads) grads = torch::zeros({total}, options);
    int64_t offset = 0;
    for (auto& p : parameters) {
        const int64_t n = p.numel();
        auto view = values.narrow(0, offset, n).view(p.sizes());
        view.copy_(p.detach());
        p.set_data(view);
        decayMask.narrow(0, offset, n).fill_(p.dim() >= 2 ? 1.0 : 0.0);
        if (withGrads) p.mutable_grad() = grads.narrow(0, offset, n).view(p.sizes());
        offset += n;
    }
}

bool FlatParameters::gradsBound() const {
    if (!grads.defined()) return false;
    const auto* begin = static_cast<const char*>(grads.data_ptr());
    const auto* end = begin + grads.numel() * int64_t(sizeof(float));
    for (const auto& p : parameters) {
        const auto& g = p.grad();
        if (!g.defined()) return false;
        const auto* ptr = static_cast<const char*>(g.data_ptr());
        if (ptr < begin || ptr >= end) return false;
    }
    return true;
}

void FlatParameters::gatherGrads() {
    torch::NoGradGuard noGrad;
    int64_t offset = 0;
    for (auto& p : parameters) {
        const int64_t n = p.numel();
        auto dst = grads.narrow(0, offset, n);
        if (p.grad().defined())
            dst.copy_(p.grad().reshape({n}));
        else
            dst.zero_();
        // rebind so the next backward accumulates into the buffer again
        p.mutable_grad() = dst.view(p.sizes());
        offset += n;
    }
}

void adamWStep(FlatParameters& params, AdamWState& state, const AdamWSettings& s, double lr, int64_t step) {
    torch::NoGradGuard noGrad;
    auto& g = params.grads;
    state.expAvg.mul_(s.beta1).add_(g, 1.0 - s.beta1);
    state.expAvgSq.mul_(s.beta2).addcmul_(g, g, 1.0 - s.beta2);
    const double bias1 = 1.0 - std::pow(s.beta1, double(step));
    const double bias2 = 1.0 - std::pow(s.beta2, double(step));
    if (s.weightDecay != 0) params.values.addcmul_(params.values, params.decayMask, -lr * s.weightDecay);
    auto denom = (state.expAvgSq.sqrt() / std::sqrt(bias2)).add_(s.eps);
    params.values.addcdiv_(state.expAvg, denom, -lr / bias1);
}

void clipGradients(FlatParameters& params, double maxNorm) {
    if (maxNorm <= 0) return;
    torch::NoGradGuard noGrad;
    auto norm = params.grads.norm();
    auto coefficient = (maxNorm / (norm + 1e-6)).clamp_max(1.0);
    params.grads.mul_(coefficient);
}

std::string checkpointRoot(const std::string& outDir) { return (fs::path(outDir) / "checkpoints").string(); }

namespace {

std::string stepName(int64_t step) {
    char name[32];
    std::snprintf(name, sizeof name, "step-%08lld", static_cast<long long>(step));
    return name;
}

bool parseStepName(const std::string& name, int64_t* step) {
    if (name.size() != 13 || name.rfind("step-", 0) != 0) return false;
    int64_t v = 0;
    for (size_t i = 5; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9') return false;
        v = v * 10 + (name[i] - '0');
    }
    *step = v;
    return true;
}

std::vector<std::pair<int64_t, fs::path>> listCheckpoints(const fs::path& root) {
    std::vector<std::pair<int64_t, fs::path>> found;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return found;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        int64_t step = 0;
        if (entry.is_directory() && parseStepName(entry.path().filename().string(), &step) &&
            fs::exists(entry.path() / "state.json") && fs::exists(entry.path() / "state.pt"))
            found.emplace_back(step, entry.path());
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

Status writeCheckpoint(const std::string& outDir, const CheckpointTensors& t, const std::string& stateJson,
                       int64_t keep) {
    try {
        const fs::path root = checkpointRoot(outDir);
        fs::create_directories(root);
        const fs::path final = root / stepName(t.step);
        const fs::path partial = root / (stepName(t.step) + ".partial");
        fs::remove_all(partial);
        fs::create_directories(partial);
        torch::serialize::OutputArchive archive;
        archive.write("values", t.values.to(torch::kCPU));
        archive.write("exp_avg", t.expAvg.to(torch::kCPU));
        archive.write("exp_avg_sq", t.expAvgSq.to(torch::kCPU));
        archive.write("ema", t.ema.to(torch::kCPU));
        archive.write("step", torch::tensor({t.step}, torch::kInt64));
        archive.save_to((partial / "state.pt").string());
        if (auto s = writeFileAtomically((partial / "state.json").string(), stateJson); !s.ok()) return s;
        fs::remove_all(final);
        fs::rename(partial, final);
        auto all = listCheckpoints(root);
        const size_t keepCount = size_t(std::max<int64_t>(keep, 1));
        for (size_t i = 0; i + keepCount < all.size(); ++i) fs::remove_all(all[i].second);
        return {};
    } catch (const std::exception& e) {
        return makeError("cannot write the checkpoint of step " + std::to_string(t.step) + " in " +
                         checkpointRoot(outDir) + ": " + e.what());
    }
}

Expected<FoundCheckpoint> newestCheckpoint(const std::string& outDir) {
    try {
        auto all = listCheckpoints(checkpointRoot(outDir));
        if (all.empty()) return FoundCheckpoint{};
        return FoundCheckpoint{all.back().second.string(), all.back().first};
    } catch (const std::exception& e) {
        return makeError("cannot list the checkpoints in " + checkpointRoot(outDir) + ": " + e.what());
    }
}

Expected<CheckpointTensors> readCheckpoint(const std::string& dir) {
    try {
        torch::serialize::InputArchive archive;
        archive.load_from((fs::path(dir) / "state.pt").string());
        CheckpointTensors t;
        torch::Tensor step;
        archive.read("values", t.values);
        archive.read("exp_avg", t.expAvg);
        archive.read("exp_avg_sq", t.expAvgSq);
        archive.read("ema", t.ema);
        archive.read("step", step);
        t.step = step.item<int64_t>();
        return t;
    } catch (const std::exception& e) {
        return makeError("checkpoint " + dir + " cannot be read (" + std::string(e.what()).substr(0, 300) + ")");
    }
}

}  // namespace rs::diffusion::training
