#include "metrics/descriptor_extractor.h"

#include "metrics/descriptor_builtin.h"
#include "metrics/descriptor_torchscript.h"

#include <algorithm>
#include <cmath>

namespace rs::metrics {

SimilarityLevel similarityLevel(double cosine, const DescriptorThresholds& t) {
    if (cosine > t.duplicate) return SimilarityLevel::Duplicate;
    if (cosine > t.copy) return SimilarityLevel::Copy;
    if (cosine > t.replication) return SimilarityLevel::Replication;
    return SimilarityLevel::Unrelated;
}

const char* similarityLevelName(SimilarityLevel level) {
    switch (level) {
    case SimilarityLevel::Duplicate:
        return "duplicate";
    case SimilarityLevel::Copy:
        return "copy";
    case SimilarityLevel::Replication:
        return "replication";
    case SimilarityLevel::Unrelated:
        break;
    }
    return "unrelated";
}

Expected<double> descriptorCosine(const Descriptor& a, const Descriptor& b) {
    if (a.empty() || b.empty()) return makeError("cannot compare an empty descriptor");
    if (a.size() != b.size())
        return makeError("descriptors differ in length (" + std::to_string(a.size()) + " vs " +
                         std::to_string(b.size()) + "): they come from different descriptor models");
    double dot = 0.0, na = 0.0, nb = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
    }
    if (na <= 0.0 || nb <= 0.0) return 0.0;
    return std::clamp(dot / std::sqrt(na * nb), -1.0, 1.0);
}

Status normalizeDescriptor(Descriptor& d, const std::string& what) {
    double sq = 0.0;
    for (float v : d) {
        if (!std::isfinite(v)) return makeError(what + " contains NaN or infinite values");
        sq += double(v) * v;
    }
    if (sq <= 0.0) return Status::success();
    const double inv = 1.0 / std::sqrt(sq);
    for (float& v : d) v = float(v * inv);
    return Status::success();
}

Expected<std::unique_ptr<DescriptorExtractor>> openDescriptorExtractor(const std::string& modelPath) {
    if (modelPath.empty()) return std::unique_ptr<DescriptorExtractor>(new BuiltinDescriptor());
    auto model = TorchScriptDescriptor::open(modelPath);
    if (!model) return model.error();
    return std::unique_ptr<DescriptorExtractor>(std::move(*model));
}

}  // namespace rs::metrics
