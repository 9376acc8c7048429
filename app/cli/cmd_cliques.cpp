// replicascope-cli cliques --images DIR: memorization check on a folder of one prompt's generations
// (Carlini et al. 2023, §4.2.1): all-pairs tiled l2, graph at the threshold, maximum clique.
#include "args.h"
#include "commands.h"

#include "detection/generation_groups.h"
#include "imaging/image_decode.h"
#include "imaging/image_ops.h"
#include "metrics/tiled_l2_all_pairs.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

namespace rs::cli {
namespace {

namespace fs = std::filesystem;

void printUsage(FILE* out) {
    std::fprintf(
        out,
        "usage: replicascope-cli cliques --images DIR [--threshold 0.15] [--min-size 10] [--size 512] [--grid 4]\n"
        "                                [--json]\n\n"
        "Decodes every image in DIR (one prompt's generations; not recursive; files without an image\n"
        "extension are ignored, images that fail to decode are reported and skipped), computes the tiled l2\n"
        "distance between all pairs (Carlini et al. 2023: SIZExSIZE, GRIDxGRID tiles, max of per-tile RMS),\n"
        "links two generations when their distance is <= THRESHOLD, and finds the exact maximum clique.\n"
        "The prompt is flagged as memorized when that clique has at least MIN-SIZE generations. Printed:\n"
        "the clique's members, mean and max distance inside it, its medoid (the generation with the smallest\n"
        "total distance to the others: the representative image), further disjoint flagged cliques, and\n"
        "the connected components of 2 or more generations (near-duplicate groups).\n\n"
        "Exit status: 0 analysed and not flagged; 1 flagged (memorization found), or some image could not\n"
        "be read, or fewer than 2 images could be compared; 2 usage error.\n");
}

int fail(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli cliques: %s\n", message.c_str());
    return 1;
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "replicascope-cli cliques: %s\n\n", message.c_str());
    printUsage(stderr);
    return 2;
}

bool hasImageExtension(const fs::path& p) {
    static const std::set<std::string> known = {".png",  ".jpg", ".jpeg", ".jpe", ".webp", ".bmp", ".tif",
                                                ".tiff", ".pgm", ".ppm",  ".pnm", ".pbm",  ".jp2"};
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return known.count(ext) > 0;
}

struct Generation {
    std::string file;  // name inside DIR
    std::string sha256;
    cv::Mat bgr;
};

struct Skipped {
    std::string file, error;
};

nlohmann::json groupJson(const detection::GroupSummary& g, const std::vector<Generation>& gens) {
    nlohmann::json files = nlohmann::json::array();
    for (int m : g.members) files.push_back(gens[std::size_t(m)].file);
    nlohmann::json j = {{"size", g.members.size()},
                        {"members", files},
                        {"indices", g.members},
                        {"mean_distance", g.meanDistance},
                        {"max_distance", g.maxDistance}};
    if (g.medoid >= 0) j["medoid"] = gens[std::size_t(g.medoid)].file;
    return j;
}

void printGroup(const char* title, const detection::GroupSummary& g, const std::vector<Generation>& gens) {
    std::printf("%s: %zu generations, mean distance %.4f, max %.4f, medoid %s\n", title, g.members.size(),
                g.meanDistance, g.maxDistance, g.medoid >= 0 ? gens[std::size_t(g.medoid)].file.c_str() : "-");
    std::printf("   ");
    for (std::size_t k = 0; k < g.members.size(); ++k)
        std::printf("%s%s", k ? ", " : "", gens[std::size_t(g.members[k])].file.c_str());
    std::printf("\n");
}

}  // namespace

int runCliques(int argc, char** argv) {
    Args args(argc, argv, {"--images", "--threshold", "--min-size", "--size", "--grid"}, {"--json", "--help"});
    if (args.has("--help")) return printUsage(stdout), 0;
    if (!args.ok()) return usageError(args.error());
    if (!args.positional().empty()) return usageError("unexpected argument " + args.positional().front());
    const auto dir = args.value("--images");
    if (!dir) return usageError("--images DIR is required");
    detection::DetectionOptions options;
    const auto threshold = args.number("--threshold");
    const auto minSize = args.integer("--min-size");
    const auto size = args.integer("--size");
    const auto grid = args.integer("--grid");
    if (!args.ok()) return usageError(args.error());
    if (threshold) options.edgeThreshold = *threshold;
    if (minSize) options.minCliqueSize = int(std::clamp<long long>(*minSize, -1, 1 << 30));
    if (const std::string problem = detection::validateOptions(options); !problem.empty()) return usageError(problem);
    const int requestedSize = size ? int(std::clamp<long long>(*size, 0, 1 << 20)) : 512;
    const int gridT = grid ? int(std::clamp<long long>(*grid, 0, 1 << 20)) : 4;
    if (requestedSize < 8 || requestedSize > 4096) return usageError("--size must be 8..4096");
    if (gridT < 1 || gridT > 64 || gridT > requestedSize) return usageError("--grid must be 1..64 and at most --size");

    std::error_code ec;
    if (!fs::is_directory(*dir, ec)) return fail(*dir + " is not a folder");
    std::vector<fs::path> files;
    std::vector<std::string> ignored;
    for (auto it = fs::directory_iterator(*dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        if (hasImageExtension(it->path()))
            files.push_back(it->path());
        else
            ignored.push_back(it->path().filename().string());
    }
    if (ec) return fail("cannot list " + *dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    std::sort(ignored.begin(), ignored.end());

    const auto start = std::chrono::steady_clock::now();
    std::vector<Generation> gens;
    std::vector<Skipped> skipped;
    std::vector<cv::Size> sizes;
    for (const auto& f : files) {
        auto decoded = imaging::decodeImageFile(f);
        if (!decoded) {
            skipped.push_back({f.filename().string(), decoded.message()});
            if (!args.has("--json")) std::fprintf(stderr, "skipped %s\n", decoded.message().c_str());
            continue;
        }
        sizes.push_back(decoded->bgr.size());
        gens.push_back({f.filename().string(), decoded->sha256, decoded->bgr});
    }
    if (gens.size() < 2)
        return fail("only " + std::to_string(gens.size()) + " readable image(s) in " + *dir + " (" +
                    std::to_string(skipped.size()) + " skipped): nothing to compare");
    const int side = imaging::comparisonSide(sizes, requestedSize, gridT);
    if (side == 0)
        return fail("some image is smaller than the " + std::to_string(gridT) + "x" + std::to_string(gridT) + " grid");
    std::vector<cv::Mat> prepared;
    prepared.reserve(gens.size());
    for (auto& g : gens) {
        prepared.push_back(imaging::prepareForComparison(g.bgr, side));
        g.bgr.release();
    }
    const double decodeS = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    metrics::AllPairsStats stats;
    auto matrix = metrics::tiledL2Matrix(prepared, gridT, 0, &stats);
    if (!matrix) return fail(matrix.message());
    auto distances = detection::DistanceMatrix::fromRowMajor(gens.size(), *matrix);
    if (!distances) return fail(distances.message());
    const auto t1 = std::chrono::steady_clock::now();
    auto analysis = detection::analyzeGenerations(*distances, options);
    if (!analysis) return fail(analysis.message());
    const double cliqueS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    const auto& a = *analysis;

    if (args.has("--json")) {
        nlohmann::json j;
        j["directory"] = *dir;
        j["threshold"] = options.edgeThreshold;
        j["min_clique_size"] = options.minCliqueSize;
        j["working_size"] = side;
        j["grid"] = gridT;
        nlohmann::json images = nlohmann::json::array();
        for (std::size_t i = 0; i < gens.size(); ++i)
            images.push_back({{"index", i}, {"file", gens[i].file}, {"sha256", gens[i].sha256}});
        j["images"] = images;
        nlohmann::json skippedJson = nlohmann::json::array();
        for (const auto& s : skipped) skippedJson.push_back({{"file", s.file}, {"error", s.error}});
        j["skipped"] = skippedJson;
        j["ignored"] = ignored;
        j["edges"] = a.edgeCount;
        j["flagged"] = a.flagged;
        j["exact"] = a.exact;
        j["tied_maximum_cliques"] = a.tiedMaximumCliques;
        j["maximum_clique"] = groupJson(a.maximumClique, gens);
        nlohmann::json cliques = nlohmann::json::array(), comps = nlohmann::json::array();
        for (const auto& c : a.cliques) cliques.push_back(groupJson(c, gens));
        for (const auto& c : a.components) comps.push_back(groupJson(c, gens));
        j["cliques"] = cliques;
        j["components"] = comps;
        j["timing_s"] = {{"decode_and_prepare", decodeS}, {"all_pairs_tiled_l2", stats.seconds}, {"cliques", cliqueS}};
        std::cout << j.dump(2) << "\n";
    } else {
        std::printf("%zu generations from %s compared at %dx%d, %dx%d tiles (%zu skipped, %zu ignored)\n", gens.size(),
                    dir->c_str(), side, side, gridT, gridT, skipped.size(), ignored.size());
        std::printf("edges (tiled l2 <= %.3f): %zu of %zu pairs\n", options.edgeThreshold, a.edgeCount,
                    gens.size() * (gens.size() - 1) / 2);
        printGroup("maximum clique", a.maximumClique, gens);
        if (a.tiedMaximumCliques > 1)
            std::printf("   (%zu maximum cliques of this size; the one with the smallest mean distance is shown)\n",
                        a.tiedMaximumCliques);
        for (std::size_t k = 1; k < a.cliques.size(); ++k)
            printGroup(("further clique " + std::to_string(k)).c_str(), a.cliques[k], gens);
        std::printf("near-duplicate groups (connected components of 2 or more): %zu\n", a.components.size());
        for (std::size_t k = 0; k < a.components.size(); ++k)
            printGroup(("  group " + std::to_string(k + 1)).c_str(), a.components[k], gens);
        if (!a.exact) std::printf("warning: the clique search hit its budget; the clique shown may not be maximum\n");
        std::printf("verdict: %s (maximum clique %zu, flag at >= %d)\n",
                    a.flagged ? "FLAGGED: memorized prompt" : "not flagged", a.maximumClique.members.size(),
                    options.minCliqueSize);
        std::printf("time: decode %.2f s, all-pairs tiled l2 %.2f s, cliques %.3f s\n", decodeS, stats.seconds,
                    cliqueS);
    }
    return (a.flagged || !skipped.empty()) ? 1 : 0;
}

}  // namespace rs::cli
