// replicascope-cli merge: the shard cases of a split scan (scan --shard i/N) joined into a new case.
#include "args.h"
#include "commands.h"

#include "audit/merge.h"
#include "store/case_file.h"
#include "store/case_repository.h"

#include <cstdio>
#include <filesystem>

namespace rs::cli {
namespace {

void printUsage(FILE* out) {
    std::fprintf(out,
                 "usage: replicascope-cli merge --out NEW.rscase SHARD.rscase... [--actor NAME]\n\n"
                 "Creates NEW with the first shard's case details and copies into it every shard's model, prompts,\n"
                 "reference sets, generations (with their images), candidates and review decisions; the shards' runs\n"
                 "become one run. The shards must come from the same scan command (same model files and parameters).\n"
                 "Exit status: 0 merged, 1 a shard could not be read or does not match, 2 bad usage.\n");
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli merge: %s\n(see replicascope-cli merge --help)\n", message.c_str());
    return 2;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli merge: %s\n", message.c_str());
    return 1;
}

}  // namespace

int runMerge(int argc, char** argv) {
    Args args(argc, argv, {"--out", "--actor"}, {"--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.value("--out")) return usageError("missing --out");
    if (args.positional().empty()) return usageError("name the shard cases to merge");
    std::vector<std::filesystem::path> shards;
    for (const auto& p : args.positional()) shards.emplace_back(p);
    auto first = store::CaseFile::open(shards.front(), store::OpenMode::ReadOnly);
    if (!first) return fail(first.message());
    auto details = store::getCaseDetails(first->db());
    if (!details) return fail(details.message());
    auto target = store::CaseFile::create(*args.value("--out"), *details, args.value("--actor", ""));
    if (!target) return fail(target.message());
    auto summary = audit::mergeShardCases(*target, shards);
    if (!summary) {
        std::fprintf(
            stderr,
            "replicascope-cli merge: %s\n(the new case %s holds what was merged before the problem; delete it)\n",
            summary.message().c_str(), target->paths().database.string().c_str());
        return 1;
    }
    std::printf(
        "merged %lld shards into %s: run %lld, %lld generations, %lld candidates, %lld reviews, %lld reference "
        "images\n",
        static_cast<long long>(summary->shards), target->paths().database.string().c_str(),
        static_cast<long long>(summary->runId), static_cast<long long>(summary->generations),
        static_cast<long long>(summary->candidates), static_cast<long long>(summary->reviews),
        static_cast<long long>(summary->referenceImages));
    return 0;
}

}  // namespace rs::cli
