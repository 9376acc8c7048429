#pragma once
// The pairwise tiled l2 distances of one prompt's generations for the histogram, computed the
// way the scan computes them (audit::generationDistanceMatrix). Decodes the files: call it off
// the GUI thread.
#include <QString>
#include <QStringList>
#include <QVector>

namespace rs::ui {

struct PromptDistances {
    QVector<double> distances;  // upper triangle, i < j
    QString problem;            // an unreadable file, ...; distances then empty
};

PromptDistances computePromptDistances(const QStringList& imagePaths);

}  // namespace rs::ui
