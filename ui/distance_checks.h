#pragma once
// Every distance stored with a candidate, beside the threshold the user set for it (AppSettings)
// and whether the value crosses it. Distances without a user threshold report what the scan
// recorded in the candidate's thresholdsCrossed.
#include "store/records.h"
#include "ui/app_settings.h"

#include <QList>
#include <QString>

#include <optional>

namespace rs::ui {

struct DistanceCheck {
    QString name;  // as stored: "tiled_l2", "phash_hamming", ...
    double value = 0.0;
    QString threshold;            // e.g. "≤ 0.15"; empty when there is none
    std::optional<bool> crossed;  // nullopt: nothing to compare with
};

QList<DistanceCheck> distanceChecks(const store::Candidate& candidate, const Thresholds& thresholds);

}  // namespace rs::ui
