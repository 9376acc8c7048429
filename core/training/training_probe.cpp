// Memorization probe: DDIM with classifier-free guidance on a fixed caption sample, tiled l2 to
// the training image.
#include "training/training_probe.h"

#include "diffusion/schedulers/image_generators.h"
#include "diffusion/io/json.h"
#include "diffusion/schedulers/scheduler_ddim.h"
#include "diffusion/schedulers/scheduler_factory.h"
#include "training/trainer.h"
#include "training/training_data.h"

#include <torch/torch.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace rs::diffusion {

torch::Tensor tiledL2(const torch::Tensor& a, const torch::Tensor& b, int64_t grid) {
    TORCH_CHECK(a.sizes() == b.sizes() && a.dim() == 4, "tiledL2: batches of equal shape [N, C, H, W] expected");
    const int64_t n = a.size(0), c = a.size(1), h = a.size(2), w = a.size(3);
    TORCH_CHECK(h % grid == 0 && w % grid == 0, "tiledL2: image size must be a multiple of the grid");
    auto d = (a.to(torch::kFloat32) - b.to(torch::kFloat32)).pow(2);
    // [N, C, grid, h/grid, grid, w/grid] -> mean over C and the tile's pixels
    d = d.view({n, c, grid, h / grid, grid, w / grid}).mean({1, 3, 5});
    return d.sqrt().view({n, grid * grid}).amax(1);
}

torch::Tensor tiledL2Matrix(const torch::Tensor& a, const torch::Tensor& b, int64_t grid) {
    TORCH_CHECK(a.dim() == 4 && b.dim() == 4 && a.sizes().slice(1) == b.sizes().slice(1),
                "tiledL2Matrix: batches of images of one shape [N, C, H, W] expected");
    const int64_t c = a.size(1), h = a.size(2), w = a.size(3), nb = b.size(0);
    TORCH_CHECK(h % grid == 0 && w % grid == 0, "tiledL2Matrix: image size must be a multiple of the grid");
    auto bf = b.to(torch::kFloat32).unsqueeze(0);
    // keep each chunk's difference tensor near 64M floats
    const int64_t chunk = std::max<int64_t>(1, (int64_t(64) << 20) / std::max<int64_t>(1, nb * c * h * w));
    std::vector<torch::Tensor> rows;
    for (int64_t i = 0; i < a.size(0); i += chunk) {
        auto part = a.slice(0, i, std::min(a.size(0), i + chunk)).to(torch::kFloat32).unsqueeze(1);
        auto d = (part - bf).pow(2);
        const int64_t r = d.size(0);
        d = d.view({r, nb, c, grid, h / grid, grid, w / grid}).mean({2, 4, 6});
        rows.push_back(d.sqrt().view({r, nb, grid * grid}).amax(2));
    }
    return torch::cat(rows);
}

namespace {

template <typename T>
void writeArray(std::ostream& out, const char* name, const T* values, int64_t count) {
    out << ",\"" << name << "\":[";
    for (int64_t i = 0; i < count; ++i) out << (i ? "," : "") << values[i];
    out << ']';
}

}  // namespace

std::string ProbeResult::summary() const {
    std::ostringstream s;
    for (auto it = byDuplicates.rbegin(); it != byDuplicates.rend(); ++it) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%sx%u %d/%d (%.3f)", it == byDuplicates.rbegin() ? "" : "  ", it->first,
                      it->second.extracted, it->second.captions, it->second.meanBestDistance);
        s << buf;
    }
    return s.str();
}

std::string ProbeResult::jsonLine(int64_t step) const {
    std::ostringstream s;
    s << "{\"step\":" << step << ",\"by_duplicates\":{";
    bool first = true;
    for (const auto& [count, g] : byDuplicates) {
        s << (first ? "" : ",") << '"' << count << "\":{\"captions\":" << g.captions << ",\"extracted\":" << g.extracted
          << ",\"mean_best_distance\":" << g.meanBestDistance << '}';
        first = false;
    }
    s << "}}";
    return s.str();
}

Expected<ProbeResult> probeMemorization(ClipTextModel& text, UNet2DConditionModel& unet, const PackedTrainingSet& data,
                                        const torch::Device& device, const ProbeOptions& o) {
    try {
        if (o.generations < 1 || o.steps < 1 || o.captionsPerGroup < 0 || o.batchSize < 1)
            return makeError("probe options must be positive");
        std::ofstream dump;
        if (!o.dumpPath.empty()) {
            dump.open(o.dumpPath, std::ios::trunc);
            if (!dump) return makeError("cannot write the probe dump " + o.dumpPath);
            dump.precision(5);
        }
        auto config = parseSchedulerConfig(trainedSchedulerConfigJson(), "trained scheduler config");
        if (!config) return config.error();
        auto scheduler = DdimScheduler::create(*config, 0.0);
        if (!scheduler) return scheduler.error();
        if (auto s = (*scheduler)->setTimesteps(o.steps); !s.ok()) return s.error();

        // the sample: the first captionsPerGroup images of each duplicate count, in file order
        std::map<uint32_t, std::vector<int64_t>> groups;
        for (size_t i = 0; i < data.size(); ++i) {
            auto& g = groups[data.duplicateCounts[i]];
            if (o.captionsPerGroup == 0 || int(g.size()) < o.captionsPerGroup) g.push_back(int64_t(i));
        }
        struct Job {
            int64_t image;
            uint64_t seed;
        };
        std::vector<Job> jobs;
        for (const auto& [count, images] : groups)
            for (int64_t image : images)
                for (int g = 0; g < o.generations; ++g) jobs.push_back({image, uint64_t(g)});

        torch::NoGradGuard noGrad;
        const bool textTraining = text->is_training(), unetTraining = unet->is_training();
        text->eval();
        unet->eval();
        const int64_t side = data.height, len = data.tokenLength;
        auto emptyIds =
            torch::tensor(std::vector<int64_t>(data.emptyPromptTokens.begin(), data.emptyPromptTokens.end()))
                .view({1, len})
                .to(device);
        auto uncondOne = text->forward(emptyIds);
        std::vector<double> distance(jobs.size());
        // whole captions per batch, so a caption's generations can be compared with each other
        const size_t perBatch = size_t(std::max(1, o.batchSize / o.generations) * o.generations);
        auto pixels = torch::from_blob(const_cast<uint8_t*>(data.pixels.data()), {int64_t(data.size()), side, side, 3},
                                       torch::kUInt8);
        torch::Tensor everyReference;  // [N, 3, H, W] in [0, 1] on the device, for the dump only
        if (dump.is_open()) everyReference = pixels.permute({0, 3, 1, 2}).to(device).to(torch::kFloat32) / 255.0;
        for (size_t start = 0; start < jobs.size(); start += perBatch) {
            const size_t end = std::min(jobs.size(), start + perBatch);
            const int64_t b = int64_t(end - start);
            std::vector<int64_t> ids, index;
            std::vector<uint64_t> seeds;
            for (size_t j = start; j < end; ++j) {
                const auto* t = data.tokens.data() + jobs[j].image * len;
                ids.insert(ids.end(), t, t + len);
                index.push_back(jobs[j].image);
                seeds.push_back(jobs[j].seed);
            }
            auto cond = text->forward(torch::tensor(ids).view({b, len}).to(device));
            auto context = torch::cat({uncondOne.expand({b, -1, -1}), cond});
            ImageGenerators generators(seeds);
            auto x = generators.randn({3, side, side}, device) * (*scheduler)->initNoiseSigma();
            if (auto s = (*scheduler)->setTimesteps(o.steps); !s.ok()) return s.error();
            torch::Tensor wen;  // [b]
            for (int i = 0; i < o.steps; ++i) {
                auto in = (*scheduler)->scaleModelInput(torch::cat({x, x}), i);
                auto t =
                    torch::full({2 * b}, (*scheduler)->timesteps()[size_t(i)], torch::TensorOptions().device(device));
                auto eps = unet->forward(in, t, context).to(torch::kFloat32);
                auto parts = eps.chunk(2);
                if (i == 0) wen = (parts[1] - parts[0]).flatten(1).norm(2, {1});
                auto guided = parts[0] + o.guidanceScale * (parts[1] - parts[0]);
                x = (*scheduler)->step(guided, i, x, nullptr);
            }
            auto generated = ((x + 1.0) / 2.0).clamp(0.0, 1.0);
            auto reference =
                pixels.index_select(0, torch::tensor(index)).permute({0, 3, 1, 2}).to(torch::kFloat32) / 255.0;
            auto d = tiledL2(generated.cpu(), reference, 4).to(torch::kFloat64).contiguous();
            for (int64_t k = 0; k < b; ++k) distance[start + size_t(k)] = d.data_ptr<double>()[k];
            if (dump.is_open()) {
                auto toEvery = tiledL2Matrix(generated, everyReference, 4);  // [b, N]
                auto nearest = toEvery.min(1);
                auto nearestDistance = std::get<0>(nearest).to(torch::kCPU, torch::kFloat64).contiguous();
                auto nearestImage = std::get<1>(nearest).to(torch::kCPU, torch::kInt64).contiguous();
                auto wenCpu = wen.to(torch::kCPU, torch::kFloat64).contiguous();
                const int64_t g = o.generations;
                for (int64_t first = 0; first < b; first += g) {
                    const auto& job = jobs[start + size_t(first)];
                    auto own = generated.slice(0, first, first + g);
                    auto pairwise = tiledL2Matrix(own, own, 4).to(torch::kCPU, torch::kFloat64);
                    auto upper = pairwise
                                     .index({torch::triu_indices(g, g, 1, torch::kLong).select(0, 0),
                                             torch::triu_indices(g, g, 1, torch::kLong).select(0, 1)})
                                     .contiguous();
                    const auto image = size_t(job.image);
                    std::vector<uint64_t> seedList;
                    for (int64_t k = 0; k < g; ++k) seedList.push_back(jobs[start + size_t(first + k)].seed);
                    dump << "{\"image\":" << image << ",\"id\":" << Json(data.ids[image]).dump()
                         << ",\"duplicates\":" << data.duplicateCounts[image]
                         << ",\"caption\":" << Json(data.captions[image]).dump();
                    writeArray(dump, "seeds", seedList.data(), g);
                    writeArray(dump, "wen", wenCpu.data_ptr<double>() + first, g);
                    writeArray(dump, "own_distance", distance.data() + start + size_t(first), g);
                    writeArray(dump, "nearest_image", nearestImage.data_ptr<int64_t>() + first, g);
                    writeArray(dump, "nearest_distance", nearestDistance.data_ptr<double>() + first, g);
                    writeArray(dump, "pairwise", upper.data_ptr<double>(), upper.numel());
                    dump << "}\n";
                }
                if (!dump) return makeError("writing the probe dump " + o.dumpPath + " failed");
            }
        }
        text->train(textTraining);
        unet->train(unetTraining);

        ProbeResult result;
        std::map<int64_t, double> best;  // image -> closest generation
        for (size_t j = 0; j < jobs.size(); ++j) {
            auto it = best.find(jobs[j].image);
            if (it == best.end() || distance[j] < it->second) best[jobs[j].image] = distance[j];
        }
        for (const auto& [count, images] : groups) {
            ProbeGroup g;
            for (int64_t image : images) {
                ++g.captions;
                g.meanBestDistance += best[image];
                if (best[image] <= o.threshold) ++g.extracted;
            }
            if (g.captions) g.meanBestDistance /= g.captions;
            result.byDuplicates[count] = g;
        }
        return result;
    } catch (const std::exception& e) {
        return makeError(std::string("memorization probe failed: ") + e.what());
    }
}

}  // namespace rs::diffusion
