// replicascope-cli candidates: the review queue of a case (most suspicious first), filtered,
// as a table or JSON lines.
#include "args.h"
#include "commands.h"
#include "review_decisions.h"

#include "store/case_file.h"
#include "store/match_regions.h"
#include "store/review_repository.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace rs::cli {
namespace {

void printUsage(FILE* out) {
    std::fprintf(out,
                 "usage: replicascope-cli candidates --case C [--status S] [--prompt-id N] [--metric M] [--set NAME]\n"
                 "                                   [--limit 50] [--offset 0] [--json]\n\n"
                 "Lists candidates from the review queue, highest score first.\n"
                 "  --status S    %s, or any                      [pending]\n"
                 "  --json        one JSON object per line (every distance, thresholds crossed, both images,\n"
                 "                the partial-copy match boxes or null)\n"
                 "Exit status: 0 listed, 1 the case could not be read, 2 bad usage.\n",
                 decisionNames().c_str());
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli candidates: %s\n(see replicascope-cli candidates --help)\n",
                 message.c_str());
    return 2;
}

nlohmann::json toJson(const store::ReviewQueueItem& item) {
    const auto& c = item.candidate;
    nlohmann::json j = {
        {"id", c.id},
        {"score", c.score},
        {"status", decisionName(c.status)},
        {"metric", c.metric},
        {"distances", c.distances},
        {"thresholds_crossed", c.thresholdsCrossed},
        {"prompt_id", c.promptId},
        {"prompt", item.promptText},
        {"run_id", item.runId},
        {"seed", item.seed},
        {"generation_id", c.generationId},
        {"generation_sha256", item.generationSha256},
        {"match_regions",
         c.matchRegions ? nlohmann::json::parse(store::matchRegionsToJson(*c.matchRegions)) : nlohmann::json(nullptr)}};
    if (c.cliqueId) j["clique_id"] = *c.cliqueId;
    if (item.memorizationScore) j["memorization_score"] = *item.memorizationScore;
    if (c.referenceImageId) {
        j["reference_id"] = *c.referenceImageId;
        j["reference_sha256"] = item.referenceSha256.value_or("");
        j["reference_source"] = item.referenceSource.value_or("");
        j["reference_set"] = item.referenceSet.value_or("");
    }
    if (c.otherGenerationId) {
        j["other_generation_id"] = *c.otherGenerationId;
        j["other_generation_sha256"] = item.otherGenerationSha256.value_or("");
    }
    return j;
}

}  // namespace

int runCandidates(int argc, char** argv) {
    Args args(argc, argv, {"--case", "--status", "--prompt-id", "--metric", "--set", "--limit", "--offset"},
              {"--json", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument \"" + args.positional()[0] + "\"");
    if (!args.value("--case")) return usageError("missing --case");
    store::ReviewQueueFilter filter;
    const std::string status = args.value("--status", "pending");
    if (status == "any") {
        filter.status.reset();
    } else {
        auto decision = parseDecision(status);
        if (!decision) return usageError("unknown status '" + status + "' (" + decisionNames() + ", any)");
        filter.status = *decision;
    }
    const auto promptId = args.integer("--prompt-id");
    const auto limit = args.integer("--limit");
    const auto offset = args.integer("--offset");
    if (!args.ok()) return usageError(args.error());
    if (promptId) filter.promptId = *promptId;
    if (auto m = args.value("--metric")) filter.metric = *m;
    if (auto s = args.value("--set")) filter.referenceSet = *s;
    const long long pageSize = limit.value_or(50);
    if (pageSize < 1 || pageSize > 100000) return usageError("--limit must be 1..100000");
    if (offset.value_or(0) < 0) return usageError("--offset must not be negative");

    auto caseFile = store::CaseFile::open(*args.value("--case"), store::OpenMode::ReadOnly);
    if (!caseFile) {
        std::fprintf(stderr, "replicascope-cli candidates: %s\n", caseFile.message().c_str());
        return 1;
    }
    auto page = store::reviewQueuePage(caseFile->db(), filter, int(pageSize), offset.value_or(0));
    if (!page) {
        std::fprintf(stderr, "replicascope-cli candidates: %s\n", page.message().c_str());
        return 1;
    }
    if (args.has("--json")) {
        for (const auto& item : *page) std::printf("%s\n", toJson(item).dump().c_str());
        return 0;
    }
    std::printf("%8s  %7s  %-9s  %-9s  %s\n", "id", "score", "status", "tiled_l2", "generation -> match   (prompt)");
    for (const auto& item : *page) {
        const auto& c = item.candidate;
        const auto tiled = c.distances.find("tiled_l2");
        std::string match = c.referenceImageId
                                ? "reference " + item.referenceSource.value_or("?")
                                : "generation " + std::to_string(c.otherGenerationId.value_or(0)) +
                                      (c.cliqueId ? " (clique " + std::to_string(*c.cliqueId) + ")" : "");
        std::printf("%8lld  %7.4f  %-9s  %-9s  generation %lld seed %lld -> %s   (%s)\n", static_cast<long long>(c.id),
                    c.score, decisionName(c.status),
                    tiled == c.distances.end() ? "-" : std::to_string(tiled->second).substr(0, 7).c_str(),
                    static_cast<long long>(c.generationId), static_cast<long long>(item.seed), match.c_str(),
                    item.promptText.substr(0, 60).c_str());
        if (c.matchRegions)
            std::printf("%8s  partial copy: generation box %s ↔ %s box %s\n", "",
                        store::boxText(c.matchRegions->generation).c_str(),
                        c.referenceImageId ? "reference" : "other generation",
                        store::boxText(c.matchRegions->other).c_str());
    }
    if (page->empty()) std::printf("(no candidates with status %s)\n", status.c_str());
    return 0;
}

}  // namespace rs::cli
