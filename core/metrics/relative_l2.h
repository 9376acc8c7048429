#pragma once
// Relative l2 (Carlini et al. 2023, section 5, used for small models such as CIFAR-10):
//     score(g) = l2(g, x) / (alpha * mean_{y in S_g} l2(g, y)),
// where x is the reference (training) image nearest to the generation g, S_g the n nearest
// references (x included), l2 the root-mean-square difference over all pixels and RGB
// channels of images in [0,1]. alpha = 0.5, n = 50; g counts as extracted when score < 1:
// it is much closer to one training image than to the training images around it.
// Images go through the comparison geometry (image_ops.h) at one common working size.
#include "base/expected.h"

#include <opencv2/core.hpp>

#include <vector>

namespace rs::metrics {

struct RelativeL2Options {
    double alpha = 0.5;
    int neighbours = 50;     // n; all references if fewer
    int workingSize = 512;   // lowered to the smallest image (CIFAR-10: 32)
    double threshold = 1.0;  // extracted if score < threshold
};

struct RelativeL2Result {
    double score = 0;
    int nearest = -1;                  // index into the references
    double nearestDistance = 0;        // l2(g, x)
    double meanNeighbourDistance = 0;  // mean l2 over the n nearest
    int neighboursUsed = 0;
    bool extracted = false;
};

// One result per generation. Distances to all references come from matrix products (BLAS);
// the n nearest are then recomputed exactly.
Expected<std::vector<RelativeL2Result>> relativeL2(const std::vector<cv::Mat>& generations,
                                                   const std::vector<cv::Mat>& references,
                                                   const RelativeL2Options& options = {});

}  // namespace rs::metrics
