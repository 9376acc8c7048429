#include "report/report_pictures.h"

#include "imaging/image_decode.h"
#include "imaging/image_ops.h"
#include "metrics/evidence_visuals.h"

namespace rs::report {

namespace {

StoredPicture loadPicture(store::CaseFile& caseFile, const PictureRef& ref, const std::string& what,
                          std::vector<std::string>& problems) {
    StoredPicture p;
    p.sha256 = ref.sha256;
    if (ref.sha256.empty()) {
        problems.push_back(what + ": the case holds no image for " + ref.description);
        return p;
    }
    auto bytes = caseFile.images().read(ref.sha256);
    if (!bytes) {
        problems.push_back(what + " (" + ref.description + "): " + bytes.message());
        return p;
    }
    p.bytes = std::move(*bytes);
    p.extension = store::ImageStore::extensionFor(p.bytes.data(), p.bytes.size());
    auto decoded = imaging::decodeImageBytes(p.bytes, ref.sha256 + "." + p.extension);
    if (!decoded)
        problems.push_back(what + " (" + ref.description + "): " + decoded.message());
    else
        p.bgr = std::move(decoded->bgr);
    return p;
}

}  // namespace

FindingPictures loadFindingPictures(store::CaseFile& caseFile, const Finding& finding) {
    FindingPictures out;
    const std::string which = "candidate " + std::to_string(finding.candidate.id);
    out.generation = loadPicture(caseFile, finding.generation, which + " generation image", out.problems);
    out.other = loadPicture(caseFile, finding.other, which + " matched image", out.problems);
    if (out.generation.bgr.empty() || out.other.bgr.empty()) return out;
    auto heat = metrics::pixelDifferenceHeatmap(out.generation.bgr, out.other.bgr, kHeatmapSide);
    if (!heat) {
        out.problems.push_back(which + " difference heatmap: " + heat.message());
        return out;
    }
    auto png = imaging::encodePng(*heat);
    if (!png)
        out.problems.push_back(which + " difference heatmap: " + png.message());
    else
        out.heatmapPng = std::move(*png);
    return out;
}

}  // namespace rs::report
