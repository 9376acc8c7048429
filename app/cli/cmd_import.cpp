// replicascope-cli import: add images to a reference set of a case.
#include "args.h"
#include "commands.h"
#include "interrupt.h"
#include "reference/reference_import.h"
#include "reference/reference_index.h"
#include "store/case_file.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace rs::cli {
namespace {


void printUsage(FILE* out) {
    std::fprintf(
        out,
        "usage:\n"
        "  replicascope-cli import --case CASE --set NAME (--folder DIR | --tar SHARD.tar [SHARD.tar ...] | --manifest "
        "FILE.csv|.jsonl)\n"
        "                          [--descriptor MODEL.pt] [--licence TEXT] [--threads N] [--no-originals] "
        "[--no-index]\n"
        "                          [--actor NAME] [--json] [--quiet]\n\n"
        "Adds images to the reference set NAME of the case (an artist's portfolio, a model's training shards).\n"
        "  --folder DIR       every JPEG/PNG/WebP/BMP/TIFF below DIR (hidden files skipped; symbolic links leading\n"
        "                     outside DIR refused; NAME.txt beside an image is its caption)\n"
        "  --tar SHARD...     img2dataset/webdataset shards (key.jpg + key.txt + key.json), read in place; members\n"
        "                     with unsafe paths, links, devices or oversized headers are refused\n"
        "  --manifest FILE    CSV (header row) or JSONL with path or url, caption, licence, author; paths must lie\n"
        "                     inside the manifest's folder; URLs are listed as not fetched (no network access)\n"
        "  --descriptor M     TorchScript copy-detection model (e.g. sscd_disc_mixup.torchscript.pt); default: "
        "built-in\n"
        "  --licence TEXT     licence/attribution for images whose source gives none\n"
        "  --no-originals     keep only thumbnails and descriptors, not the original bytes, in the case\n"
        "  --no-index         do not refresh the set's nearest-neighbour index afterwards\n\n"
        "Identical files become one image (occurrences counted). Re-running an interrupted import (Ctrl-C is safe)\n"
        "does only what is missing. Progress goes to stderr, the summary to stdout.\n"
        "Exit status: 0 all imported; 1 some items failed or were not fetched (the rest is imported), or the\n"
        "import stopped; 2 usage error.\n");
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli import: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

std::string clock(double seconds) {
    if (seconds < 0) return "--:--";
    const long s = static_cast<long>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

void printIssues(const char* label, const std::vector<reference::ImportIssue>& issues, std::size_t max) {
    for (std::size_t i = 0; i < issues.size() && i < max; ++i) {
        // Reasons from the decoder often start with the path already: print it once.
        const std::string& source = issues[i].source;
        std::string reason = issues[i].reason;
        if (reason.compare(0, source.size() + 2, source + ": ") == 0) reason.erase(0, source.size() + 2);
        std::printf("%s %s: %s\n", label, source.c_str(), reason.c_str());
    }
    if (issues.size() > max)
        std::printf("%s ... and %zu more (use --json for the full list)\n", label, issues.size() - max);
}

}  // namespace

int runImport(int argc, char** argv) {
    Args args(
        argc, argv,
        {"--case", "--set", "--folder", "--tar", "--manifest", "--descriptor", "--licence", "--threads", "--actor"},
        {"--no-originals", "--no-index", "--json", "--quiet", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.value("--case")) return usageError("--case is required");
    if (!args.value("--set")) return usageError("--set is required");
    const int kinds = int(args.has("--folder")) + int(args.has("--tar")) + int(args.has("--manifest"));
    if (kinds != 1) return usageError("give exactly one of --folder, --tar, --manifest");
    reference::ImportSource source;
    if (args.has("--folder")) {
        if (!args.positional().empty()) return usageError("unexpected argument '" + args.positional().front() + "'");
        source = reference::ImportSource::folder(*args.value("--folder"));
    } else if (args.has("--tar")) {
        std::vector<std::filesystem::path> shards;
        for (const auto& s : args.all("--tar")) shards.emplace_back(s);
        for (const auto& s : args.positional()) shards.emplace_back(s);  // --tar a.tar b.tar c.tar
        source = reference::ImportSource::tar(std::move(shards));
    } else {
        if (!args.positional().empty()) return usageError("unexpected argument '" + args.positional().front() + "'");
        source = reference::ImportSource::manifest(*args.value("--manifest"));
    }
    reference::ImportOptions options;
    options.descriptorModel = args.value("--descriptor", "");
    options.defaultLicence = args.value("--licence", "");
    options.storeOriginals = !args.has("--no-originals");
    if (auto threads = args.integer("--threads")) {
        if (*threads < 1 || *threads > 64) return usageError("--threads must be between 1 and 64");
        options.threads = static_cast<int>(*threads);
    }
    if (!args.ok()) return usageError(args.error());

    auto opened = store::CaseFile::open(*args.value("--case"), store::OpenMode::ReadWrite, args.value("--actor", ""));
    if (!opened) {
        std::fprintf(stderr, "replicascope-cli import: %s\n", opened.message().c_str());
        return 1;
    }

    const bool quiet = args.has("--quiet");
    const bool tty = ::isatty(STDERR_FILENO);
    const auto started = std::chrono::steady_clock::now();
    double lastLine = -10;
    options.progress = [&](const reference::ImportProgress& p) {
        if (quiet) return;
        const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!tty && now - lastLine < 5 && p.done < p.total) return;
        lastLine = now;
        const double pct = p.total > 0 ? 100.0 * double(p.done) / double(p.total) : 0;
        std::fprintf(stderr, "%s%lld/%lld (%.0f%%)  %.1f img/s  ETA %s  imported %lld  duplicates %lld  failed %lld%s",
                     tty ? "\r" : "", static_cast<long long>(p.done), static_cast<long long>(p.total), pct,
                     p.ratePerSecond, clock(p.etaSeconds).c_str(), static_cast<long long>(p.imported),
                     static_cast<long long>(p.duplicates), static_cast<long long>(p.failed), tty ? "   " : "\n");
        std::fflush(stderr);
    };
    options.cancelled = interrupted;
    const auto summary = [&] {
        InterruptGuard guard(/*alsoTerm=*/false);
        return reference::importReferenceSet(*opened, *args.value("--set"), source, options);
    }();
    if (!quiet && tty) std::fprintf(stderr, "\n");
    if (!summary) {
        std::fprintf(stderr, "replicascope-cli import: %s\n", summary.message().c_str());
        return 1;
    }

    std::string indexLine;
    if (!args.has("--no-index") && !summary->cancelled && summary->imported + summary->duplicates > 0) {
        auto index = reference::ReferenceIndex::openForSet(*opened, *args.value("--set"));
        if (!index)
            indexLine = "index not built: " + index.message();
        else
            indexLine = "index " + index->info().kind + " over " + std::to_string(index->info().count) + " images (" +
                        index->info().indexFile.string() + ")";
    }

    if (args.has("--json")) {
        std::cout << reference::importSummaryJson(*summary, static_cast<std::size_t>(-1)) << "\n";
    } else {
        const auto& s = *summary;
        std::printf(
            "set %s: %lld found, %lld imported, %lld duplicates merged, %lld already in the set, %zu failed, %zu not "
            "fetched"
            " (%.1f s, descriptor %s)\n",
            s.setName.c_str(), static_cast<long long>(s.found), static_cast<long long>(s.imported),
            static_cast<long long>(s.duplicates), static_cast<long long>(s.alreadyImported), s.failed.size(),
            s.notFetched.size(), s.seconds, s.descriptorName.c_str());
        printIssues("FAILED", s.failed, 50);
        printIssues("NOT FETCHED", s.notFetched, 20);
        for (std::size_t i = 0; i < s.notes.size() && i < 20; ++i) std::printf("note: %s\n", s.notes[i].c_str());
        if (!indexLine.empty()) std::printf("%s\n", indexLine.c_str());
        if (s.cancelled) std::printf("stopped before the end; run the same command again to import the rest\n");
    }
    return (summary->cancelled || !summary->failed.empty() || !summary->notFetched.empty()) ? 1 : 0;
}

}  // namespace rs::cli
