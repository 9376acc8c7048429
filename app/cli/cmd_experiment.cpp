// replicascope-cli experiment --dump FILE --out DIR: the extraction experiment's result (README)
// from the trainer's experiment.jsonl: Markdown table, JSON, and two plots.
#include "args.h"
#include "commands.h"
#include "experiment_plots.h"

#include "base/file_io.h"
#include "detection/extraction_report.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace rs::cli {
namespace {

namespace fs = std::filesystem;

void printUsage(FILE* out) {
    std::fprintf(out,
                 "usage: replicascope-cli experiment --dump FILE --out DIR [--threshold 0.15] [--clique 10]\n"
                 "                                   [--training-images N]\n\n"
                 "Analyses the extraction experiment's raw data (experiment.jsonl, written by 'train\n"
                 "--experiment-generations G'; Carlini et al. 2023). Per caption: the maximum clique of its G\n"
                 "generations, an edge joining two at tiled l2 <= THRESHOLD; flagged when the clique has >= CLIQUE\n"
                 "generations; extracted when flagged and the clique's medoid is within THRESHOLD of a training image\n"
                 "('own image' when that image is the caption's own). Grouped by the image's duplicate count, with\n"
                 "the AUC of the Wen score (mean over the generations) for extracted vs not extracted captions.\n"
                 "N: training set size, the range of image indices (default: the dump's caption count, i.e. a dump of\n"
                 "every caption; give it for a dump written with --experiment-captions).\n\n"
                 "Writes DIR/extraction.md (the README table), DIR/extraction.json, DIR/extraction_rate.png and\n"
                 "DIR/wen_scores.png (%dx%d); prints the table.\n"
                 "Exit status: 0 done; 1 the dump is invalid or an output could not be written; 2 usage error.\n",
                 kPlotWidth, kPlotHeight);
}

int fail(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli experiment: %s\n", message.c_str());
    return 1;
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli experiment: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

Status writePng(const fs::path& path, const cv::Mat& img) {
    std::vector<uchar> png;
    if (!cv::imencode(".png", img, png)) return makeError("cannot encode " + path.string());
    return writeFileAtomically(path, png.data(), png.size());
}

}  // namespace

int runExperiment(int argc, char** argv) {
    Args args(argc, argv, {"--dump", "--out", "--threshold", "--clique", "--training-images"}, {"--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument " + args.positional().front());
    const auto dumpPath = args.value("--dump");
    const auto outDir = args.value("--out");
    if (!dumpPath || !outDir) return usageError("--dump FILE and --out DIR are required");
    detection::ExperimentOptions options;
    const auto threshold = args.number("--threshold");
    const auto clique = args.integer("--clique");
    const auto images = args.integer("--training-images");
    if (!args.ok()) return usageError(args.error());
    if (threshold) options.threshold = *threshold;
    if (clique) options.minCliqueSize = int(std::clamp<long long>(*clique, -1, 1 << 30));
    if (!std::isfinite(options.threshold) || options.threshold < 0) return usageError("--threshold must be >= 0");
    if (options.minCliqueSize < 2) return usageError("--clique must be at least 2");
    if (images && *images < 1) return usageError("--training-images must be at least 1");

    auto dump = detection::readExperimentDump(*dumpPath, images ? std::size_t(*images) : 0);
    if (!dump) return fail(dump.message());
    auto result = detection::analyzeExperiment(*dump, options);
    if (!result) return fail(result.message());

    const fs::path dir(*outDir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail("cannot create " + dir.string() + ": " + ec.message());
    const std::string markdown = detection::extractionMarkdown(*result);
    for (const Status& s : {writeFileAtomically(dir / "extraction.md", markdown),
                            writeFileAtomically(dir / "extraction.json", detection::extractionJson(*result, *dumpPath)),
                            writePng(dir / "extraction_rate.png", extractionRatePlot(*result)),
                            writePng(dir / "wen_scores.png", wenScorePlot(*result))})
        if (!s.ok()) return fail(s.message());
    std::cout << markdown;
    return 0;
}

}  // namespace rs::cli
