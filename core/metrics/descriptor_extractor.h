#pragma once
// Copy-detection descriptors: an image becomes an L2-normalized vector; two images are
// compared by the cosine of their vectors (higher = more alike).
//  - SSCD (Pizzi et al. 2022) TorchScript files, or any TorchScript image->vector model with a
//    JSON sidecar (descriptor_torchscript.h, descriptor_spec.h);
//  - a built-in descriptor when no model is configured (descriptor_builtin.h): good enough to
//    retrieve candidates, which exact metrics (tiled l2, partial copy) then re-rank.
// Thresholds shown to users (GUIDE §2): > 0.5 replication (Somepalli et al.), > 0.75 copy
// (SSCD, ~90% precision on DISC21), > 0.95 training-set duplicate. They are calibrated for SSCD
// only; the built-in descriptor's cosines are NOT on that scale (its info says so).
#include "base/expected.h"

#include <opencv2/core.hpp>

#include <memory>
#include <string>
#include <vector>

namespace rs::metrics {

struct DescriptorThresholds {
    double replication = 0.5;  // Somepalli et al. 2023
    double copy = 0.75;        // SSCD README: ~90% precision on DISC21
    double duplicate = 0.95;   // SSCD README: training-set duplicate
};

enum class SimilarityLevel { Unrelated, Replication, Copy, Duplicate };

// The highest level whose threshold `cosine` exceeds (strictly).
SimilarityLevel similarityLevel(double cosine, const DescriptorThresholds& thresholds = {});
const char* similarityLevelName(SimilarityLevel level);  // "unrelated", "replication", "copy", "duplicate"

struct DescriptorInfo {
    std::string kind;         // "torchscript" or "builtin"
    std::string name;         // e.g. "sscd_disc_mixup" or "builtin-lab16-grad-v1"
    std::string modelPath;    // empty for the built-in descriptor
    std::string modelSha256;  // of the model file; empty for the built-in descriptor
    int dimension = 0;
    std::string preprocessing;          // human-readable, for reports
    bool thresholdsCalibrated = false;  // true only where the SSCD thresholds are meaningful
    std::vector<std::string> warnings;
};

using Descriptor = std::vector<float>;

// Not thread-safe: use one extractor per worker thread.
class DescriptorExtractor {
public:
    virtual ~DescriptorExtractor() = default;
    virtual const DescriptorInfo& info() const = 0;
    // `bgr`: canonical CV_8UC3 BGR image (imaging/image_decode.h). Result: L2-normalized.
    virtual Expected<Descriptor> describe(const cv::Mat& bgr) = 0;
    // One result per image, in order; a bad image fails alone, the rest are still described.
    virtual std::vector<Expected<Descriptor>> describeBatch(const std::vector<cv::Mat>& images, int batchSize = 16) = 0;
};

// Cosine of two descriptors (0 when either is all zeros); fails when lengths differ or a
// vector is empty.
Expected<double> descriptorCosine(const Descriptor& a, const Descriptor& b);

// Scales to unit L2 norm. An all-zero vector stays zero (a featureless image, e.g. one flat
// colour, resembles nothing). Fails, naming `what`, on NaN or infinite values.
Status normalizeDescriptor(Descriptor& d, const std::string& what);

// Empty path: the built-in descriptor. Otherwise a TorchScript model (see descriptor_torchscript.h).
Expected<std::unique_ptr<DescriptorExtractor>> openDescriptorExtractor(const std::string& modelPath);

}  // namespace rs::metrics
