// replicascope-cli scan: the audit run (core/audit) from the command line, with a progress line
// (images, rate, ETA) on stderr. Ctrl-C cancels after the current denoising step; the run is
// marked cancelled and `--resume` continues it.
#include "args.h"
#include "commands.h"
#include "interrupt.h"
#include "diffusion_cli.h"
#include "error_exit.h"

#include "audit/scan_inputs.h"
#include "audit/scan_session.h"
#include "diffusion/schedulers/scheduler_factory.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace rs::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxPromptBytes = 16384;

void printUsage(FILE* out) {
    std::fprintf(out,
                 "usage: replicascope-cli scan --case C (--prompts FILE | --prompt P) [options]\n\n"
                 "Generates every prompt x seed with a model, stores the images and their memorization scores in\n"
                 "the case, finds cliques of near-identical generations per prompt and matches every generation\n"
                 "against the case's reference sets; what crosses a threshold goes to the review queue.\n\n"
                 "  --case C           the case file (.rscase)\n"
                 "  --model DIR        diffusers model folder                    [the embedded default model]\n"
                 "  --prompts FILE     one prompt per line (UTF-8; empty lines skipped)\n"
                 "  --prompt P         a single prompt (repeatable)\n"
                 "  --seeds S          N (0..N-1), A-B or a,b,c                  [64]\n"
                 "  --steps N          denoising steps                           [50]\n"
                 "  --guidance G       classifier-free guidance scale            [7.5]\n"
                 "  --eta E            DDIM eta, 0 (deterministic) .. 1          [0]\n"
                 "  --sampler S        ddim | dpm++2m | euler_a | auto            [ddim]\n"
                 "  --size WxH         image size                                [the model's native size]\n"
                 "  --negative P       negative prompt                           [\"\"]\n"
                 "  --batch N          images per network batch                  [8]\n"
                 "  --device D         auto | cpu | cuda | cuda:N                [auto]\n"
                 "  --dtype T          auto | float32 | float16 | bfloat16       [auto]\n"
                 "  --sets A,B         reference sets to match against           [every set with descriptors]\n"
                 "  --descriptor M     TorchScript descriptor the sets were imported with [built-in]\n"
                 "  --clique N         minimum clique size that flags a prompt   [10]\n"
                 "  --threshold T      tiled l2 threshold for edges and matches  [0.15]\n"
                 "  --shard i/N        scan only this shard of the prompts (split by prompt text; see merge)\n"
                 "  --resume           continue the newest unfinished run with the same parameters\n"
                 "  --json             print the summary as JSON on stdout\n\n"
                 "Steps, guidance and sampler not given come from the model folder's sampling_defaults.json when it\n"
                 "has one (the embedded default model: DDIM, 20 steps, guidance 1).\n"
                 "Exit status: 0 done, 1 failed or cancelled, 2 bad usage or input.\n");
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli scan: %s\n(see replicascope-cli scan --help)\n", message.c_str());
    return 2;
}

const FlagHints kScanFlags = {{"model", "--model"}, {"descriptor", "--descriptor"}};

std::string formatSeconds(double s) {
    if (s < 0 || s > 1e7) return "?";
    char buf[32];
    const long t = long(s + 0.5);
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
    return buf;
}

}  // namespace

int runScan(int argc, char** argv) {
    Args args(argc, argv,
              {"--case", "--model", "--prompts", "--prompt", "--seeds", "--steps", "--guidance", "--eta", "--sampler",
               "--size", "--negative", "--batch", "--device", "--dtype", "--sets", "--descriptor", "--clique",
               "--threshold", "--shard"},
              {"--resume", "--json", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument \"" + args.positional()[0] + "\"");
    if (!args.value("--case")) return usageError("missing --case");
    if (args.has("--prompts") == args.has("--prompt")) return usageError("give either --prompts FILE or --prompt P");

    audit::ScanSessionRequest session;
    audit::ScanRequest& request = session.scan;
    if (auto file = args.value("--prompts")) {
        auto prompts = audit::readPromptFile(*file);
        if (!prompts) return usageError(prompts.message());
        request.prompts = *prompts;
        request.promptSource = "file " + fs::path(*file).filename().string();
    } else {
        request.prompts = args.all("--prompt");
        request.promptSource = "command line";
        for (const auto& p : request.prompts)
            if (p.empty() || p.size() > kMaxPromptBytes) return usageError("a --prompt must have 1..16384 bytes");
    }
    auto seeds = parseSeeds(args.value("--seeds", "64"));
    if (!seeds) return usageError(seeds.message());
    request.seeds = *seeds;
    const auto steps = args.integer("--steps");
    const auto guidance = args.number("--guidance");
    const auto eta = args.number("--eta");
    const auto batch = args.integer("--batch");
    const auto clique = args.integer("--clique");
    const auto threshold = args.number("--threshold");
    if (!args.ok()) return usageError(args.error());
    auto& sampling = request.sampling;
    if (steps) {
        if (*steps < 1 || *steps > 1000) return usageError("--steps must be 1..1000");
        sampling.steps = int(*steps);
    }
    if (guidance) sampling.guidanceScale = *guidance;
    if (eta) {
        if (!(*eta >= 0 && *eta <= 1)) return usageError("--eta must be between 0 and 1");
        sampling.ddimEta = *eta;
    }
    if (batch) {
        if (*batch < 1 || *batch > 1024) return usageError("--batch must be 1..1024");
        request.batchSize = int(*batch);
    }
    if (clique) {
        if (*clique < 2 || *clique > 100000) return usageError("--clique must be 2 or more");
        request.findings.detection.minCliqueSize = int(*clique);
    }
    if (threshold) {
        if (!(*threshold > 0 && *threshold < 1)) return usageError("--threshold must be between 0 and 1");
        request.findings.detection.edgeThreshold = *threshold;
        request.findings.compare.tiledL2Threshold = *threshold;
    }
    if (auto s = args.value("--sampler")) {
        auto kind = diffusion::parseSamplerName(*s);
        if (!kind) return usageError("unknown sampler '" + *s + "' (ddim, dpm++2m, euler_a, auto)");
        sampling.sampler = *kind;
    }
    if (auto s = args.value("--size")) {
        auto size = parseSize(*s);
        if (!size) return usageError(size.message());
        sampling.width = size->first;
        sampling.height = size->second;
    }
    sampling.negativePrompt = args.value("--negative", "");
    if (auto s = args.value("--shard")) {
        auto shard = audit::parseShard(*s);
        if (!shard) return usageError(shard.message());
        request.shard = *shard;
    }
    if (auto sets = args.value("--sets")) request.referenceSets = splitList(*sets);
    request.descriptorModel = args.value("--descriptor", "");
    request.resume = args.has("--resume");
    session.casePath = *args.value("--case");
    session.modelDir = args.value("--model", "");
    session.device = args.value("--device", "auto");
    session.dtype = args.value("--dtype", "auto");
    session.given = {bool(args.value("--sampler")), bool(steps), bool(guidance)};

    InterruptGuard interruptGuard;
    audit::ScanSessionCallbacks callbacks;
    callbacks.isCancelled = interrupted;
    callbacks.onNote = [](const std::string& note) { std::fprintf(stderr, "scan: %s\n", note.c_str()); };
    callbacks.onEvent = [&](const audit::ScanEvent& e, const audit::ScanProgress& p) {
        if (e.kind == audit::ScanEventKind::Step) return;
        std::fprintf(stderr, "\rscan: prompt %zu/%zu  images %lld/%lld  %.2f img/s  elapsed %s  ETA %s%s",
                     e.promptIndex + 1, e.promptCount, static_cast<long long>(e.imagesDone),
                     static_cast<long long>(e.imagesTotal), p.imagesPerSecond, formatSeconds(p.elapsedSeconds).c_str(),
                     formatSeconds(p.etaSeconds).c_str(),
                     e.kind == audit::ScanEventKind::PromptDone && e.flagged ? "  [clique flagged]" : "");
        if (e.kind == audit::ScanEventKind::PromptDone) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    };
    auto result = audit::runScanSession(session, callbacks);
    if (!result) return exitForError("scan", result.error(), kScanFlags);
    const audit::ScanSummary* summary = &result->scan;

    const double share = summary->seconds > 0 ? 1.0 - summary->networkSeconds / summary->seconds : 0;
    if (args.has("--json")) {
        nlohmann::ordered_json j = {{"run", summary->runId},
                                    {"resumed", summary->resumed},
                                    {"cancelled", summary->cancelled},
                                    {"prompts", summary->prompts},
                                    {"generations_made", summary->generationsMade},
                                    {"generations_reused", summary->generationsReused},
                                    {"prompts_flagged", summary->promptsFlagged},
                                    {"candidates", summary->candidates},
                                    {"seconds", summary->seconds},
                                    {"share_outside_network", share},
                                    {"warnings", summary->warnings.size()}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf(
            "run %lld%s: %lld prompts, %lld images made, %lld already stored, %lld prompts flagged, "
            "%lld candidates, %.1f s (%.0f%% outside the network)\n",
            static_cast<long long>(summary->runId), summary->resumed ? " (resumed)" : "",
            static_cast<long long>(summary->prompts), static_cast<long long>(summary->generationsMade),
            static_cast<long long>(summary->generationsReused), static_cast<long long>(summary->promptsFlagged),
            static_cast<long long>(summary->candidates), summary->seconds, 100 * share);
    }
    for (const auto& w : summary->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    if (summary->cancelled) {
        std::fprintf(stderr, "cancelled: run %lld is kept; continue it with the same command and --resume\n",
                     static_cast<long long>(summary->runId));
        return 1;
    }
    return 0;
}

}  // namespace rs::cli
