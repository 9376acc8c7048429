#pragma once
// Synthetic experiment.jsonl lines (the trainer's extraction experiment dump) for tests.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace rs::test {

struct DumpCaption {
    std::int64_t image = 0;
    std::uint32_t duplicates = 1;
    std::vector<double> wen, own, nearestDistance;
    std::vector<std::int64_t> nearest;
    std::vector<std::vector<double>> distance;  // G×G, symmetric
};

constexpr int kG = 16;

// kind: "memorized" (12 generations copy the own image), "diverse" (every distance 0.5),
// "far" (a clique of 12 far from every training image), "other" (a clique of 12 copying image
// `other`).
inline DumpCaption makeCaption(const std::string& kind, std::int64_t image, std::uint32_t duplicates, double wen,
                               std::int64_t other = 0) {
    DumpCaption c;
    c.image = image;
    c.duplicates = duplicates;
    c.wen.assign(kG, wen);
    c.distance.assign(kG, std::vector<double>(kG, 0.5));
    const bool clique = kind != "diverse";
    for (int i = 0; i < kG; ++i) {
        const bool member = clique && i < 12;
        for (int j = 0; j < kG; ++j)
            if (member && j < 12) c.distance[i][j] = kind == "memorized" ? 0.0 : 0.05;
        double own = 0.6, nearD = 0.55;
        std::int64_t nearI = other;
        if (member && kind == "memorized") own = nearD = 0.02, nearI = image;
        if (member && kind == "other") own = 0.5, nearD = 0.04;
        if (member && kind == "far") own = 0.45, nearD = 0.4;
        c.own.push_back(own);
        c.nearestDistance.push_back(nearD);
        c.nearest.push_back(nearI);
    }
    return c;
}

inline std::string numbers(const std::vector<double>& v) {
    std::ostringstream s;
    s << '[';
    for (std::size_t i = 0; i < v.size(); ++i) s << (i ? "," : "") << v[i];
    return s.str() + ']';
}

inline std::string dumpLine(const DumpCaption& c) {
    std::vector<double> seeds, nearest, pairwise;
    for (int i = 0; i < kG; ++i) {
        seeds.push_back(i);
        nearest.push_back(double(c.nearest[std::size_t(i)]));
        for (int j = i + 1; j < kG; ++j) pairwise.push_back(c.distance[std::size_t(i)][std::size_t(j)]);
    }
    std::ostringstream s;
    s << "{\"image\":" << c.image << ",\"id\":\"ocal-" << c.image << "\",\"duplicates\":" << c.duplicates
      << ",\"caption\":\"caption " << c.image << "\",\"seeds\":" << numbers(seeds) << ",\"wen\":" << numbers(c.wen)
      << ",\"own_distance\":" << numbers(c.own) << ",\"nearest_image\":" << numbers(nearest)
      << ",\"nearest_distance\":" << numbers(c.nearestDistance) << ",\"pairwise\":" << numbers(pairwise) << "}\n";
    return s.str();
}

}  // namespace rs::test
