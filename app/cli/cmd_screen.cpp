// replicascope-cli screen: rank prompts by memorization score (Wen et al.) from the first
// denoising step(s) of a few seeds each, to pick the prompts worth a full extraction attack.
#include "args.h"
#include "commands.h"
#include "diffusion_cli.h"
#include "error_exit.h"

#include "audit/scan_session.h"

#include "base/file_io.h"
#include "diffusion/pipeline/memorization_screen.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace rs::cli {
namespace {

void printUsage(FILE* out) {
    std::fprintf(out,
                 "usage: replicascope-cli screen --model DIR --prompts FILE [options]\n\n"
                 "  --model DIR          diffusers model folder\n"
                 "  --prompts FILE       one prompt per line (empty lines skipped)\n"
                 "  --steps N            denoising steps run per generation            [1]\n"
                 "  --schedule-steps N   length of the schedule those steps start     [50]\n"
                 "  --seeds N            generations per prompt (seeds 0..N-1)         [4]\n"
                 "  --guidance G         guidance scale (> 1)                          [7.5]\n"
                 "  --sampler S          ddim | dpm++2m | euler_a | auto               [ddim]\n"
                 "  --size WxH           image size                                    [the model's native size]\n"
                 "  --batch N            (prompt, seed) pairs per network batch        [8]\n"
                 "  --device D           auto | cpu | cuda | cuda:N                    [auto]\n"
                 "  --dtype T            auto | float32 | float16 | bfloat16           [auto]\n"
                 "  --top N              print only the N highest\n"
                 "  --table              a text table instead of JSON lines\n\n"
                 "Prints prompts from highest to lowest score: the mean over seeds and steps of\n"
                 "||eps(x_t, prompt) - eps(x_t, \"\")||_2. Memorized prompts score far above the rest.\n"
                 "Exit status: 0 done, 1 failed, 2 bad usage or input.\n");
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli screen: %s\n(see replicascope-cli screen --help)\n", message.c_str());
    return 2;
}

}  // namespace

int runScreen(int argc, char** argv) {
    Args args(argc, argv,
              {"--model", "--prompts", "--steps", "--schedule-steps", "--seeds", "--guidance", "--sampler", "--size",
               "--batch", "--device", "--dtype", "--top"},
              {"--help", "--table"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument \"" + args.positional()[0] + "\"");
    for (const char* required : {"--model", "--prompts"})
        if (!args.value(required)) return usageError(std::string("missing ") + required);
    rs::diffusion::ScreenRequest request;
    const auto steps = args.integer("--steps");
    const auto scheduleSteps = args.integer("--schedule-steps");
    const auto seeds = args.integer("--seeds");
    const auto guidance = args.number("--guidance");
    const auto batch = args.integer("--batch");
    const auto top = args.integer("--top");
    if (!args.ok()) return usageError(args.error());
    auto clampInt = [](long long v) { return int(std::clamp<long long>(v, -1, 1000000)); };
    if (steps) request.evaluatedSteps = clampInt(*steps);
    if (scheduleSteps) request.scheduleSteps = clampInt(*scheduleSteps);
    if (seeds) request.seedsPerPrompt = clampInt(*seeds);
    if (guidance) request.guidanceScale = *guidance;
    if (batch) request.batchSize = clampInt(*batch);
    if (top && *top < 1) return usageError("--top must be at least 1");
    const std::string samplerName = args.value("--sampler", "ddim");
    const auto sampler = rs::diffusion::parseSamplerName(samplerName);
    if (!sampler) return usageError("--sampler \"" + samplerName + "\" is not one of ddim, dpm++2m, euler_a, auto");
    request.sampler = *sampler;
    if (auto text = args.value("--size")) {
        auto parsed = parseSize(*text);
        if (!parsed) return usageError(parsed.message());
        request.width = parsed->first;
        request.height = parsed->second;
    }
    auto text = rs::readFileLimited(*args.value("--prompts"), std::uintmax_t(1) << 30);
    if (!text) return usageError(text.message());
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") != std::string::npos) request.prompts.push_back(line);
    }
    if (request.prompts.empty()) return usageError("no prompts in " + *args.value("--prompts"));
    audit::ScreenSessionRequest session;
    session.modelDir = *args.value("--model");
    session.device = args.value("--device", "auto");
    session.dtype = args.value("--dtype", "auto");
    session.screen = request;
    rs::diffusion::GenerationCallbacks callbacks;
    int lastReported = -1;
    callbacks.onProgress = [&](const rs::diffusion::GenerationProgress& p) {
        if (p.step == p.stepsPerBatch && p.batchIndex != lastReported && (p.batchIndex + 1) % 10 == 0) {
            lastReported = p.batchIndex;
            std::fprintf(stderr, "screen: batch %d/%d\n", p.batchIndex + 1, p.batchCount);
        }
    };
    auto result = audit::runScreenSession(session, callbacks);
    if (!result) return exitForError("screen", result.error(), {{"model", "--model"}});
    for (const auto& w : result->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    const auto ranked = rs::diffusion::rankByScore(result->scores);
    const std::size_t shown = top ? std::min<std::size_t>(ranked.size(), std::size_t(*top)) : ranked.size();
    if (args.has("--table")) {
        std::printf("%5s  %12s  %s\n", "rank", "score", "prompt");
        for (std::size_t i = 0; i < shown; ++i)
            std::printf("%5zu  %12.4f  %s\n", i + 1, ranked[i].score, ranked[i].prompt.c_str());
    } else {
        for (std::size_t i = 0; i < shown; ++i) {
            nlohmann::json line = {{"rank", i + 1},
                                   {"score", ranked[i].score},
                                   {"prompt", ranked[i].prompt},
                                   {"line", ranked[i].index + 1},
                                   {"per_seed", ranked[i].perSeed},
                                   {"steps", request.evaluatedSteps},
                                   {"schedule_steps", request.scheduleSteps},
                                   {"scheduler", result->schedulerName},
                                   {"width", result->width},
                                   {"height", result->height}};
            std::printf("%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        }
    }
    return 0;
}

}  // namespace rs::cli
