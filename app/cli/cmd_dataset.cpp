// replicascope-cli dataset build: the default model's training set (core/training/training_set.h).
#include "args.h"
#include "commands.h"

#include "base/resource_paths.h"
#include "training/training_set.h"

#include <cstdio>
#include <filesystem>
#include <map>

namespace rs::cli {
namespace {

void printUsage(FILE* out) {
    std::fprintf(
        out,
        "usage: replicascope-cli dataset build --out DIR [--count 400] [--size 64] [--seed 1]\n"
        "                                       [--source /usr/share/openclipart/png] [--vocab FILE]\n\n"
        "Builds the default model's training set: a deterministic, curated subset of the Open Clip Art Library\n"
        "(Debian package openclipart-png, public domain), composited on white, trimmed, fitted into --size pixels and\n"
        "centred on white, with captions \"<title>, <subject> clip art by <author>\". About 10%% of the images are\n"
        "duplicated 2, 5, 10, 20 or 50 times in the training stream (LAION-like); the rest appear once.\n\n"
        "Writes DIR/images/*.png, DIR/manifest.csv, DIR/manifest.json (id, caption, source, SHA-256s, duplicate "
        "count,\n"
        "licence), DIR/ATTRIBUTION.txt and DIR/training_set.rstrain (the packed file 'train' reads).\n"
        "The same options and source files give byte-identical files. A missing or undecodable source image\n"
        "stops the build with its name. --vocab: CLIP bpe_simple_vocab_16e6.txt.gz (default: resources/clip/).\n");
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "dataset: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

}  // namespace

int runDataset(int argc, char** argv) {
    if (argc >= 1 && (std::string(argv[0]) == "--help" || std::string(argv[0]) == "-h")) return printUsage(stdout), 0;
    if (argc < 1 || std::string(argv[0]) != "build") return usageError("expected 'dataset build'");
    Args args(argc - 1, argv + 1, {"--out", "--count", "--size", "--seed", "--source", "--vocab"}, {"--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument '" + args.positional()[0] + "'");
    if (!args.value("--out")) return usageError("--out is required");

    reference::TrainingSetOptions o;
    o.outDir = *args.value("--out");
    o.sourceRoot = args.value("--source", reference::kOpenClipArtRoot);
    if (auto v = args.integer("--count")) o.count = int(*v);
    if (auto v = args.integer("--size")) o.size = int(*v);
    if (auto v = args.integer("--seed")) o.seed = uint64_t(*v);
    if (!args.ok()) return usageError(args.error());
    o.bpeVocabPath = args.value("--vocab", findResource("clip/bpe_simple_vocab_16e6.txt.gz").string());
    if (o.bpeVocabPath.empty()) return usageError("cannot find clip/bpe_simple_vocab_16e6.txt.gz; pass --vocab");
    o.progress = [](int done, int total) {
        if (done % 50 == 0 || done == total) {
            std::printf("\r%d/%d images", done, total);
            std::fflush(stdout);
        }
    };
    auto summary = reference::buildTrainingSet(o);
    std::printf("\n");
    if (!summary) {
        std::fprintf(stderr, "dataset: %s\n", summary.message().c_str());
        return 1;
    }
    const auto& s = summary->scan;
    std::printf(
        "scanned %lld PNG files: %lld in excluded folders, %lld without a known author, %lld links to listed "
        "files, %lld repeated captions -> %zu candidates\n",
        static_cast<long long>(s.pngFiles), static_cast<long long>(s.excludedFolders),
        static_cast<long long>(s.unknownAuthor), static_cast<long long>(s.sameFile),
        static_cast<long long>(s.sameCaption), s.items.size());
    std::printf(
        "read %lld (left out: %lld under %dx%d pixels or over 100 MP, %lld blank, %lld identical after resizing)\n",
        static_cast<long long>(summary->candidatesTried), static_cast<long long>(summary->badSize),
        reference::kMinSourceSide, reference::kMinSourceSide, static_cast<long long>(summary->blankImages),
        static_cast<long long>(summary->samePixels));
    std::map<int, int> histogram;
    for (const auto& im : summary->images) ++histogram[im.duplicates];
    std::printf("%zu images, training stream of %lld:", summary->images.size(),
                static_cast<long long>(summary->streamLength));
    for (const auto& [k, n] : histogram) std::printf("  %d x%d", n, k);
    std::printf("\nmanifest.json SHA-256 %s\npacked training file %s (%llu bytes)\n", summary->manifestSha256.c_str(),
                summary->packedPath.c_str(),
                static_cast<unsigned long long>(std::filesystem::file_size(summary->packedPath)));
    return 0;
}

}  // namespace rs::cli
