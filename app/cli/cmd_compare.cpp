// replicascope-cli compare A B: every metric for one pair of images and the thresholds crossed.
#include "args.h"
#include "commands.h"

#include "base/file_io.h"
#include "imaging/image_decode.h"
#include "metrics/comparison.h"
#include "metrics/descriptor_torchscript.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace rs::cli {
namespace {

constexpr const char* kDescriptorEnv = "REPLICASCOPE_DESCRIPTOR";

void printUsage(FILE* out) {
    std::fprintf(
        out,
        "usage: replicascope-cli compare A B [--json] [--descriptor MODEL.pt] [--no-partial]\n"
        "                                [--tiled-threshold 0.15] [--phash-threshold 10] [--size 512] [--grid 4]\n"
        "                                [--evidence OUT.png]\n\n"
        "Compares two image files with every metric and says which thresholds are crossed:\n"
        "  tiled l2 (Carlini et al. 2023): max over a GRIDxGRID tile grid of the per-tile RMS difference at\n"
        "    SIZExSIZE (centre squares, area-resized); the tile matrix is printed; copy if <= 0.15;\n"
        "  pHash Hamming distance (imagededup): near-duplicate if <= 10;\n"
        "  partial copy (ORB + RANSAC): inliers, inlier ratio and the matched box in each image;\n"
        "  descriptor cosine, when a TorchScript copy-detection model is configured with --descriptor or the\n"
        "    %s environment variable (SSCD's sscd_disc_mixup.torchscript.pt, or any model with a JSON\n"
        "    sidecar): > 0.5 replication (Somepalli et al.), > 0.75 copy (SSCD), > 0.95 duplicate.\n"
        "--evidence writes a side-by-side composite with the numbers printed on it (PNG).\n\n"
        "Exit status: 0 compared and no threshold crossed; 1 some threshold crossed (a copy by at least one\n"
        "metric), or an image or the model could not be read; 2 usage error.\n",
        kDescriptorEnv);
}

int fail(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli compare: %s\n", message.c_str());
    return 1;
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli compare: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

std::string fmt(double v, int decimals = 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string rectText(const cv::Rect& r) {
    if (r.empty()) return "none";
    return "x=" + std::to_string(r.x) + " y=" + std::to_string(r.y) + " " + std::to_string(r.width) + "x" +
           std::to_string(r.height);
}

void printImage(const char* label, const metrics::ImageInfo& i) {
    std::printf("%s: %s\n   %dx%d %s, sha256 %s%s\n", label, i.source.c_str(), i.width, i.height, i.format.c_str(),
                i.sha256.c_str(), i.hadAlpha ? ", alpha composited on white" : "");
    for (const auto& w : i.warnings) std::printf("   warning: %s\n", w.c_str());
}

void printText(const metrics::ComparisonResult& r, const metrics::DescriptorInfo* descriptor) {
    printImage("A", r.a);
    printImage("B", r.b);
    const auto& t = r.tiled;
    std::printf("\ntiled l2: %s  (working size %d, %dx%d tiles of %d px; worst tile row %d, column %d)\n",
                fmt(t.distance).c_str(), t.workingSize, t.grid, t.grid, t.grid ? t.workingSize / t.grid : 0,
                t.grid ? t.worstTile / t.grid : 0, t.grid ? t.worstTile % t.grid : 0);
    for (int row = 0; row < t.grid; ++row) {
        std::printf("   ");
        for (int col = 0; col < t.grid; ++col)
            std::printf(" %s", fmt(t.tiles[std::size_t(row * t.grid + col)]).c_str());
        std::printf("\n");
    }
    std::printf("pHash: A %s, B %s, Hamming distance %d\n", metrics::phashToHex(r.phashA).c_str(),
                metrics::phashToHex(r.phashB).c_str(), r.phashDistance);
    if (r.partial) {
        const auto& p = *r.partial;
        std::printf("partial copy: %s; %d inliers of %d matches (ratio %s), keypoints %d / %d\n",
                    p.detected ? "DETECTED" : "not detected", p.inliers, p.matches, fmt(p.inlierRatio, 3).c_str(),
                    p.keypointsA, p.keypointsB);
        std::printf("   region in A: %s (%s of A)\n   region in B: %s (%s of B)\n", rectText(p.regionA).c_str(),
                    fmt(p.regionFractionA, 3).c_str(), rectText(p.regionB).c_str(), fmt(p.regionFractionB, 3).c_str());
        if (!p.reason.empty()) std::printf("   %s\n", p.reason.c_str());
    } else {
        std::printf("partial copy: not run (--no-partial)\n");
    }
    if (descriptor && r.descriptor) {
        std::printf("descriptor: %s (%d-d, sha256 %s) cosine %s\n", descriptor->name.c_str(), descriptor->dimension,
                    descriptor->modelSha256.c_str(), fmt(r.descriptor->cosine).c_str());
        if (!descriptor->thresholdsCalibrated)
            std::printf(
                "   note: the SSCD thresholds are calibrated for SSCD models only; this model's sidecar does not "
                "claim them\n");
        for (const auto& w : descriptor->warnings) std::printf("   warning: %s\n", w.c_str());
    } else {
        std::printf("descriptor: none configured (--descriptor MODEL.pt or %s)\n", kDescriptorEnv);
    }
    std::printf("\nthresholds:\n");
    for (const auto& c : r.checks) {
        const bool integral = c.metric == "phash_hamming" || c.metric == "partial_copy_inliers";
        std::printf("  %-22s %10s %-2s %-6s %s  %s\n", c.metric.c_str(), fmt(c.value, integral ? 0 : 4).c_str(),
                    c.op.c_str(), fmt(c.threshold, integral ? 0 : 2).c_str(), c.crossed ? "CROSSED" : "no     ",
                    c.meaning.c_str());
    }
    std::printf("\nverdict: %s\n", r.anyCrossed() ? "COPY by at least one metric" : "no threshold crossed");
}

}  // namespace

int runCompare(int argc, char** argv) {
    Args args(argc, argv, {"--descriptor", "--tiled-threshold", "--phash-threshold", "--size", "--grid", "--evidence"},
              {"--json", "--no-partial", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (args.positional().size() != 2) return usageError("compare takes exactly two image files, A and B");

    metrics::CompareOptions options;
    const auto tiledThreshold = args.number("--tiled-threshold");
    const auto phashThreshold = args.integer("--phash-threshold");
    const auto size = args.integer("--size");
    const auto grid = args.integer("--grid");
    if (!args.ok()) return usageError(args.error());
    if (tiledThreshold) {
        if (*tiledThreshold < 0) return usageError("--tiled-threshold must be >= 0");
        options.tiledL2Threshold = *tiledThreshold;
    }
    if (phashThreshold) {
        if (*phashThreshold < 0 || *phashThreshold > 64) return usageError("--phash-threshold must be 0..64");
        options.phashThreshold = int(*phashThreshold);
    }
    if (size) {
        if (*size < 8 || *size > 4096) return usageError("--size must be 8..4096");
        options.tiled.workingSize = int(*size);
    }
    if (grid) {
        if (*grid < 1 || *grid > 64) return usageError("--grid must be 1..64");
        options.tiled.grid = int(*grid);
    }
    options.partialCopy = !args.has("--no-partial");

    std::string modelPath = args.value("--descriptor", "");
    if (modelPath.empty())
        if (const char* env = std::getenv(kDescriptorEnv)) modelPath = env;

    auto a = imaging::decodeImageFile(args.positional()[0]);
    if (!a) return fail(a.message());
    auto b = imaging::decodeImageFile(args.positional()[1]);
    if (!b) return fail(b.message());
    auto result = metrics::compareImages(*a, *b, options);
    if (!result) return fail(result.message());

    std::unique_ptr<metrics::TorchScriptDescriptor> model;
    if (!modelPath.empty()) {
        auto opened = metrics::TorchScriptDescriptor::open(modelPath);
        if (!opened) return fail(opened.message());
        model = std::move(*opened);
        auto descriptors = model->describeBatch({a->bgr, b->bgr}, 2);
        for (std::size_t i = 0; i < 2; ++i)
            if (!descriptors[i]) return fail((i ? "B: " : "A: ") + descriptors[i].message());
        auto cosine = metrics::descriptorCosine(*descriptors[0], *descriptors[1]);
        if (!cosine) return fail(cosine.message());
        metrics::addDescriptorSimilarity(*result, model->info().name, *cosine);
    }

    if (const auto evidence = args.value("--evidence")) {
        auto png = metrics::evidenceCompositePng(*a, *b, *result);
        if (!png) return fail(png.message());
        if (Status s = writeFileAtomically(*evidence, *png); !s) return fail(s.message());
    }

    if (args.has("--json")) {
        nlohmann::json j = metrics::toJson(*result);
        if (model) {
            const auto& info = model->info();
            j["descriptor"]["model_path"] = info.modelPath;
            j["descriptor"]["model_sha256"] = info.modelSha256;
            j["descriptor"]["dimension"] = info.dimension;
            j["descriptor"]["preprocessing"] = info.preprocessing;
            j["descriptor"]["thresholds_calibrated"] = info.thresholdsCalibrated;
            j["descriptor"]["warnings"] = info.warnings;
        }
        if (const auto evidence = args.value("--evidence")) j["evidence_png"] = *evidence;
        std::cout << j.dump(2) << "\n";
    } else {
        printText(*result, model ? &model->info() : nullptr);
        if (const auto evidence = args.value("--evidence")) std::printf("evidence composite: %s\n", evidence->c_str());
    }
    return result->anyCrossed() ? 1 : 0;
}

}  // namespace rs::cli
