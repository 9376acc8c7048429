#include "ui/distance_checks.h"

#include <algorithm>
#include <cmath>

namespace rs::ui {
namespace {

struct Rule {
    double limit;
    bool atMost;  // true: a copy when value <= limit; false: when value >= limit
};

std::optional<Rule> ruleFor(const std::string& name, const Thresholds& t) {
    if (name == "tiled_l2") return Rule{t.tiledL2, true};
    if (name == "phash_hamming" || name == "phash") return Rule{double(t.phashHamming), true};
    if (name == "clique_size") return Rule{double(t.minCliqueSize), false};
    if (name == "descriptor_cosine" || name == "sscd_cosine" || name == "sscd") return Rule{t.sscdReplication, false};
    return std::nullopt;
}

}  // namespace

QList<DistanceCheck> distanceChecks(const store::Candidate& candidate, const Thresholds& thresholds) {
    QList<DistanceCheck> out;
    for (const auto& [name, value] : candidate.distances) {
        DistanceCheck check;
        check.name = QString::fromStdString(name);
        check.value = value;
        if (const auto rule = ruleFor(name, thresholds)) {
            check.threshold =
                (rule->atMost ? QStringLiteral("≤ ") : QStringLiteral("≥ ")) + QString::number(rule->limit);
            if (std::isfinite(value)) check.crossed = rule->atMost ? value <= rule->limit : value >= rule->limit;
        } else {
            const auto& crossed = candidate.thresholdsCrossed;
            if (std::find(crossed.begin(), crossed.end(), name) != crossed.end()) check.crossed = true;
        }
        out.append(check);
    }
    return out;
}

}  // namespace rs::ui
