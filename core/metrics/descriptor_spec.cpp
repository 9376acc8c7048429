#include "metrics/descriptor_spec.h"

#include "base/file_io.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>

namespace rs::metrics {

namespace {

namespace fs = std::filesystem;

constexpr const char* kSidecarFormat = "replicascope-descriptor/1";

Expected<std::array<float, 3>> readTriple(const nlohmann::json& j, const char* key, const std::string& origin,
                                          bool positive) {
    const auto& v = j.at(key);
    if (!v.is_array() || v.size() != 3)
        return makeError(origin + ": \"" + key + "\" must be a list of 3 numbers (R, G, B)");
    std::array<float, 3> out{};
    for (std::size_t i = 0; i < 3; ++i) {
        if (!v[i].is_number()) return makeError(origin + ": \"" + key + "\" must be a list of 3 numbers (R, G, B)");
        out[i] = v[i].get<float>();
        if (!std::isfinite(out[i]) || (positive && out[i] <= 0.0f))
            return makeError(origin + ": \"" + key + "\" values must be finite" + (positive ? " and positive" : ""));
    }
    return out;
}

Expected<int> readInt(const nlohmann::json& j, const char* key, const std::string& origin, int lo, int hi) {
    const auto& v = j.at(key);
    if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
        return makeError(origin + ": \"" + key + "\" must be a whole number from " + std::to_string(lo) + " to " +
                         std::to_string(hi));
    return int(v.get<long long>());
}

std::string stem(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    for (const char* suffix : {".torchscript.pt", ".pt", ".pth", ".torchscript"}) {
        const std::string s(suffix);
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0)
            return name.substr(0, name.size() - s.size());
    }
    return fs::path(name).stem().string();
}

}  // namespace

Expected<DescriptorSpec> parseDescriptorSidecar(const std::string& text, const std::string& origin) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const std::exception& e) {
        return makeError(origin + " is not valid JSON: " + e.what());
    }
    if (!j.is_object()) return makeError(origin + " must hold a JSON object");
    if (!j.contains("format") || !j["format"].is_string() || j["format"].get<std::string>() != kSidecarFormat)
        return makeError(origin + ": \"format\" must be \"" + std::string(kSidecarFormat) + "\"");
    static const char* known[] = {"format", "name",       "input_size",           "resize", "max_long_side", "mean",
                                  "std",    "output_dim", "thresholds_calibrated"};
    for (const auto& item : j.items()) {
        bool ok = false;
        for (const char* k : known) ok = ok || item.key() == k;
        if (!ok) return makeError(origin + ": unknown key \"" + item.key() + "\" (misspelt?)");
    }
    DescriptorSpec spec;
    spec.source = "sidecar " + origin;
    if (j.contains("name")) {
        if (!j["name"].is_string()) return makeError(origin + ": \"name\" must be a string");
        spec.name = j["name"].get<std::string>();
    }
    if (j.contains("input_size")) {
        auto v = readInt(j, "input_size", origin, 16, 4096);
        if (!v) return v.error();
        spec.inputSize = *v;
    }
    if (j.contains("resize")) {
        const std::string r = j["resize"].is_string() ? j["resize"].get<std::string>() : "";
        if (r == "short_side")
            spec.resize = DescriptorResize::ShortSide;
        else if (r == "square")
            spec.resize = DescriptorResize::Square;
        else
            return makeError(origin + ": \"resize\" must be \"short_side\" or \"square\"");
    }
    if (j.contains("max_long_side")) {
        auto v = readInt(j, "max_long_side", origin, 16, 16384);
        if (!v) return v.error();
        spec.maxLongSide = *v;
    }
    if (spec.maxLongSide < spec.inputSize)
        return makeError(origin + ": \"max_long_side\" is smaller than \"input_size\"");
    if (j.contains("mean")) {
        auto v = readTriple(j, "mean", origin, false);
        if (!v) return v.error();
        spec.mean = *v;
    }
    if (j.contains("std")) {
        auto v = readTriple(j, "std", origin, true);
        if (!v) return v.error();
        spec.std = *v;
    }
    if (j.contains("output_dim")) {
        auto v = readInt(j, "output_dim", origin, 0, 1 << 20);
        if (!v) return v.error();
        spec.outputDim = *v;
    }
    if (j.contains("thresholds_calibrated")) {
        if (!j["thresholds_calibrated"].is_boolean())
            return makeError(origin + ": \"thresholds_calibrated\" must be true or false");
        spec.thresholdsCalibrated = j["thresholds_calibrated"].get<bool>();
    }
    return spec;
}

Expected<DescriptorSpec> descriptorSpecForModel(const std::string& modelPath) {
    const std::string base = stem(modelPath);
    std::vector<fs::path> sidecars{fs::path(modelPath + ".json")};
    fs::path alt = fs::path(modelPath).replace_extension(".json");
    if (alt != sidecars.front() && alt.string() != modelPath) sidecars.push_back(alt);
    for (const auto& sidecar : sidecars) {
        std::error_code ec;
        if (!fs::is_regular_file(sidecar, ec)) continue;
        auto text = readFileLimited(sidecar.string(), 1 << 20);
        if (!text) return makeError("cannot read descriptor sidecar: " + text.message());
        auto spec = parseDescriptorSidecar(*text, sidecar.string());
        if (spec && spec->name.empty()) spec->name = base;
        return spec;
    }
    DescriptorSpec spec;
    spec.name = base;
    const bool sscd = base.rfind("sscd_disc_", 0) == 0 || base.rfind("sscd_imagenet_", 0) == 0;
    if (sscd) {
        spec.outputDim = base.rfind("sscd_disc_large", 0) == 0 ? 1024 : 512;
        spec.thresholdsCalibrated = true;
        spec.source = "SSCD file name";
    } else {
        spec.source = "defaults";
        spec.warnings.push_back("no sidecar " + sidecars.front().string() +
                                " and not an SSCD file name: assuming SSCD preprocessing (short side 288, ImageNet "
                                "mean/std) and the SSCD thresholds do not apply");
    }
    return spec;
}

std::string describePreprocessing(const DescriptorSpec& s) {
    std::ostringstream o;
    o.precision(3);
    if (s.resize == DescriptorResize::ShortSide)
        o << "RGB, short side resized to " << s.inputSize << " (long side at most " << s.maxLongSide << ")";
    else
        o << "RGB, resized to " << s.inputSize << "x" << s.inputSize << " (aspect not kept)";
    o << ", mean [" << s.mean[0] << ", " << s.mean[1] << ", " << s.mean[2] << "], std [" << s.std[0] << ", " << s.std[1]
      << ", " << s.std[2] << "], output L2-normalized";
    return o.str();
}

}  // namespace rs::metrics
