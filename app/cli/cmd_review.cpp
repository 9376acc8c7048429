// replicascope-cli review: records a reviewer's decision on candidates (with a note), each in
// its own transaction together with its audit-log row.
#include "args.h"
#include "commands.h"
#include "review_decisions.h"

#include "store/case_file.h"
#include "store/review_repository.h"

#include <cstdio>

namespace rs::cli {
namespace {

constexpr std::size_t kMaxNoteBytes = 65536;

void printUsage(FILE* out) {
    std::fprintf(
        out,
        "usage: replicascope-cli review --case C --candidate ID[,ID...] --decision D --reviewer NAME [--note TEXT]\n\n"
        "  --decision D   %s (pending reopens a candidate)\n"
        "Every decision is stored with the reviewer, the time and the note, and appended to the audit log.\n"
        "Exit status: 0 recorded, 1 a candidate could not be reviewed (the others are still recorded), 2 bad usage.\n",
        decisionNames().c_str());
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli review: %s\n(see replicascope-cli review --help)\n", message.c_str());
    return 2;
}

}  // namespace

int runReview(int argc, char** argv) {
    Args args(argc, argv, {"--case", "--candidate", "--decision", "--reviewer", "--note", "--actor"}, {"--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument \"" + args.positional()[0] + "\"");
    for (const char* required : {"--case", "--candidate", "--decision", "--reviewer"})
        if (!args.value(required)) return usageError(std::string("missing ") + required);
    auto decision = parseDecision(*args.value("--decision"));
    if (!decision) return usageError("unknown decision '" + *args.value("--decision") + "' (" + decisionNames() + ")");
    const std::string reviewer = *args.value("--reviewer");
    const std::string note = args.value("--note", "");
    if (reviewer.empty() || reviewer.size() > 256) return usageError("--reviewer must have 1..256 bytes");
    if (note.size() > kMaxNoteBytes) return usageError("--note is longer than 64 KiB");
    const auto ids = parseIdList(*args.value("--candidate"));
    if (!ids) return usageError("--candidate expects ids like 12 or 12,13,20");

    auto caseFile = store::CaseFile::open(*args.value("--case"), store::OpenMode::ReadWrite, args.value("--actor", ""));
    if (!caseFile) {
        std::fprintf(stderr, "replicascope-cli review: %s\n", caseFile.message().c_str());
        return 1;
    }
    int failed = 0;
    for (auto id : *ids) {
        auto review = store::recordReview(caseFile->db(), id, *decision, reviewer, note);
        if (!review) {
            std::fprintf(stderr, "replicascope-cli review: candidate %lld: %s\n", static_cast<long long>(id),
                         review.message().c_str());
            ++failed;
            continue;
        }
        std::printf("candidate %lld: %s by %s at %s (review %lld)\n", static_cast<long long>(id),
                    decisionName(*decision), reviewer.c_str(), review->timeUtc.c_str(),
                    static_cast<long long>(review->id));
    }
    return failed ? 1 : 0;
}

}  // namespace rs::cli
