#include "diffusion_cli.h"

#include "audit/scan_session.h"
#include "diffusion/schedulers/scheduler_factory.h"

#include <chrono>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <filesystem>

namespace rs::cli {

namespace {

bool parseUnsigned(const std::string& text, std::uint64_t& out) {
    if (text.empty() || text.size() > 20) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (errno == ERANGE || *end != '\0') return false;
    out = v;
    return true;
}

}  // namespace

Expected<std::vector<std::uint64_t>> parseSeeds(const std::string& text, std::size_t maxCount) {
    const std::string help = " (use A-B for a range, N for seeds 0..N-1, or a,b,c)";
    std::vector<std::uint64_t> seeds;
    if (text.find(',') != std::string::npos) {
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t comma = std::min(text.find(',', start), text.size());
            std::uint64_t v = 0;
            if (!parseUnsigned(text.substr(start, comma - start), v))
                return makeError("--seeds \"" + text + "\": \"" + text.substr(start, comma - start) +
                                 "\" is not a seed" + help);
            seeds.push_back(v);
            start = comma + 1;
        }
    } else if (const auto dash = text.find('-'); dash != std::string::npos) {
        std::uint64_t a = 0, b = 0;
        if (!parseUnsigned(text.substr(0, dash), a) || !parseUnsigned(text.substr(dash + 1), b))
            return makeError("--seeds \"" + text + "\" is not a range of non-negative integers" + help);
        if (a > b) return makeError("--seeds \"" + text + "\": the range is empty (first seed above the last)");
        if (b - a >= maxCount)
            return makeError("--seeds \"" + text + "\" asks for more than " + std::to_string(maxCount) + " images");
        for (std::uint64_t s = a;; ++s) {
            seeds.push_back(s);
            if (s == b) break;
        }
    } else {
        std::uint64_t n = 0;
        if (!parseUnsigned(text, n)) return makeError("--seeds \"" + text + "\" is not a count" + help);
        if (n == 0) return makeError("--seeds 0 asks for no images");
        if (n > maxCount)
            return makeError("--seeds " + text + " asks for more than " + std::to_string(maxCount) + " images");
        for (std::uint64_t s = 0; s < n; ++s) seeds.push_back(s);
    }
    if (seeds.size() > maxCount) return makeError("--seeds asks for more than " + std::to_string(maxCount) + " images");
    return seeds;
}

Expected<std::pair<int, int>> parseSize(const std::string& text) {
    const auto x = text.find_first_of("xX");
    std::uint64_t w = 0, h = 0;
    const bool ok = x == std::string::npos
                        ? parseUnsigned(text, w) && (h = w, true)
                        : parseUnsigned(text.substr(0, x), w) && parseUnsigned(text.substr(x + 1), h);
    if (!ok || w == 0 || h == 0 || w > 8192 || h > 8192)
        return makeError("--size \"" + text + "\" is not WIDTHxHEIGHT in pixels (e.g. 512x512, at most 8192)");
    if (w % 8 != 0 || h % 8 != 0) return makeError("--size " + text + ": width and height must be multiples of 8");
    return std::make_pair(int(w), int(h));
}

Expected<LoadedPipeline> loadPipeline(const std::string& modelDir, const std::string& device,
                                      const std::string& dtype) {
    const auto start = std::chrono::steady_clock::now();
    rs::diffusion::PipelineOptions options;
    options.device = device;
    options.dtype = dtype;
    auto pipeline = rs::diffusion::DiffusionPipeline::load(modelDir, options);
    if (!pipeline) return pipeline.error();
    LoadedPipeline out;
    out.pipeline = std::move(*pipeline);
    out.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

Status applyModelSamplingDefaults(const std::string& modelDir, SamplingChoice c, const char* command) {
    rs::diffusion::SamplingParameters sampling;
    sampling.guidanceScale = c.guidance;
    sampling.steps = c.steps;
    sampling.sampler = c.sampler;
    auto note =
        rs::audit::applyModelSamplingDefaults(modelDir, sampling, {c.samplerGiven, c.stepsGiven, c.guidanceGiven});
    if (!note) return note.error();
    c.guidance = sampling.guidanceScale;
    c.steps = sampling.steps;
    c.sampler = sampling.sampler;
    if (!note->empty()) std::fprintf(stderr, "%s: %s\n", command, note->c_str());
    return {};
}

}  // namespace rs::cli
