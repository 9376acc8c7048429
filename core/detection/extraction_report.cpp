#include "detection/extraction_report.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace rs::detection {
namespace {

std::string format(const char* fmt, double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, x);
    return buf;
}

std::string share(std::size_t k, std::size_t n) {
    return std::to_string(k) + "/" + std::to_string(n) + " (" +
           format("%.1f", n ? 100.0 * double(k) / double(n) : 0.0) + "%)";
}

std::string row(const std::string& label, const GroupOutcome& g) {
    return "| " + label + " | " + std::to_string(g.captions) + " | " + share(g.flagged, g.captions) + " | " +
           share(g.extractedOwn, g.captions) + " | " + share(g.extractedAny, g.captions) + " | " +
           share(g.closestWithin, g.captions) + " | " + format("%.4f", g.meanBestOwnDistance) + " | " +
           format("%.4f", g.meanWen) + " |\n";
}

nlohmann::json groupJson(const GroupOutcome& g) {
    return {{"captions", g.captions},
            {"flagged", g.flagged},
            {"extracted_own", g.extractedOwn},
            {"extracted_any", g.extractedAny},
            {"closest_within", g.closestWithin},
            {"mean_best_own_distance", g.meanBestOwnDistance},
            {"mean_wen", g.meanWen}};
}

}  // namespace

std::string extractionMarkdown(const ExperimentResult& r) {
    const std::string t = format("%g", r.options.threshold);
    std::string md =
        "| training duplicates | captions | flagged (clique >= " + std::to_string(r.options.minCliqueSize) +
        ") | extracted: own image | extracted: any training image | closest generation <= " + t +
        " | mean best own distance | mean Wen score |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& [count, g] : r.groups) md += row(std::to_string(count), g);
    md += row("all", r.total);
    const std::size_t positives = r.total.extractedAny, negatives = r.total.captions - positives;
    md +=
        "\nWen score AUC (extracted vs not extracted): " + (r.wenAuc ? format("%.3f", *r.wenAuc) : std::string("n/a")) +
        " (" + std::to_string(positives) + " extracted, " + std::to_string(negatives) + " not)\n";
    md += "\nSettings: " + std::to_string(r.generations) +
          " generations per caption; an edge joins two generations at tiled l2 <= " + t +
          "; a caption is flagged when its maximum clique has >= " + std::to_string(r.options.minCliqueSize) +
          " generations, and extracted when the clique's medoid is within tiled l2 <= " + t +
          " of a training image (\"own image\": that nearest image is the caption's own). \"Closest generation\": any" +
          " generation within " + t + " of the caption's own image, no clique required. Wen score: mean over the" +
          " caption's generations; AUC = Mann-Whitney U with ties counted 1/2.\n";
    if (r.inexactSearches)
        md += "\nNote: the clique search budget was hit for " + std::to_string(r.inexactSearches) +
              " caption(s); their cliques may be larger than found.\n";
    return md;
}

std::string extractionJson(const ExperimentResult& r, const std::string& source) {
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& [count, g] : r.groups) {
        auto j = groupJson(g);
        j["duplicates"] = count;
        groups.push_back(j);
    }
    nlohmann::json j = {{"source", source},
                        {"generations", r.generations},
                        {"threshold", r.options.threshold},
                        {"min_clique_size", r.options.minCliqueSize},
                        {"groups", groups},
                        {"total", groupJson(r.total)},
                        {"wen_auc", r.wenAuc ? nlohmann::json(*r.wenAuc) : nlohmann::json(nullptr)},
                        {"inexact_clique_searches", r.inexactSearches}};
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace rs::detection
