#pragma once
// A real case for the report tests, built with the store API: a model, a finished run whose
// generations are real PNGs (OpenCV) in the case's image store, reference images (one kept
// only as a thumbnail), candidates against references and between generations (a clique),
// reviews with names and notes, a tag, and prompts written to attack the report formats.
// Three candidates carry partial-copy match boxes (kMatchBoxes); the generation pair has none.
#include "base/expected.h"
#include "imaging/image_ops.h"
#include "store/case_file.h"
#include "store/case_repository.h"
#include "store/review_repository.h"
#include "store/run_repository.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace rs::report::test {

using namespace rs::store;

inline const std::string kScriptPrompt = "<script>alert(1)</script> a cat";
inline const std::string kFormulaPrompt = "=HYPERLINK(\"http://x\",\"y\")";
inline const std::string kMultilinePrompt = "line one\nline, \"two\"";
inline const std::string kHostileReviewer = "Reviewer <b>One</b>";
inline const std::string kFormulaNote = "@SUM(1+1) clear copy";

// Distinct colours (BGR) of the generation images, so a screenshot shows which ones rendered.
inline cv::Scalar colourOf(int n) {
    static const cv::Scalar colours[] = {{0, 200, 0},   {200, 0, 0},   {0, 0, 200},
                                         {200, 200, 0}, {0, 200, 200}, {200, 0, 200}};
    return colours[n % 6];
}

inline std::string pngOf(int n, bool variant = false) {
    cv::Mat image(96, 96, CV_8UC3, colourOf(n));
    cv::rectangle(image, cv::Rect(8 + (variant ? 30 : 0), 8, 24, 24), cv::Scalar(255, 255, 255), cv::FILLED);
    cv::putText(image, std::to_string(n), cv::Point(40, 80), cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(0, 0, 0), 2);
    auto png = imaging::encodePng(image);
    return png ? *png : std::string();
}

// The match boxes of the findings in report order (candidates 0..3; nullopt: none). Finding 1:
// both boxes on the white squares, in the pictures' own pixels; finding 3: the reference box
// stored for a 192x192 original, shown on the 96x96 thumbnail (scaled); finding 4: the reference
// box stored for a 200x100 image, another shape than the 96x96 picture (not outlined).
inline const std::optional<MatchRegions> kMatchBoxes[4] = {
    MatchRegions{{{8, 8, 24, 24}, 96, 96}, {{38, 8, 24, 24}, 96, 96}},
    std::nullopt,
    MatchRegions{{{8, 8, 24, 24}, 96, 96}, {{76, 16, 48, 48}, 192, 192}},
    MatchRegions{{{10, 20, 30, 40}, 96, 96}, {{20, 10, 100, 50}, 200, 100}},
};

struct ReportCase {
    std::filesystem::path file;
    std::int64_t modelId = 0, runId = 0;
    std::vector<std::int64_t> generationIds, candidateIds, referenceIds;
    int findings = 0;    // candidates in the case
    int replicated = 0;  // of them reviewed as replicated
};

#define RS_TRY(expr)                                                         \
    do {                                                                     \
        const auto& rs_try_ = (expr);                                        \
        if (!rs_try_.ok()) return makeError(#expr ": " + rs_try_.message()); \
    } while (0)

inline Expected<ReportCase> makeReportCase(const std::filesystem::path& file) {
    CaseDetails details;
    details.caseNumber = "2024-<042>";
    details.title = "Portfolio & model \"X\"";
    details.examiner = "A. Examiner";
    details.organisation = "Example Legal LLP";
    details.notes = "notes with <i>markup</i>";
    auto created = CaseFile::create(file, details, "test");
    if (!created) return created.error();
    CaseFile& c = *created;
    Connection& db = c.db();
    ReportCase out;
    out.file = c.paths().database;

    ModelRecord m;
    m.name = "tiny <model>";
    m.path = "/models/tiny-sd";
    m.fileSha256 = {{"unet/diffusion_pytorch_model.safetensors", std::string(64, 'a')},
                    {"unet/config.json", std::string(64, 'b')}};
    m.configJson = R"({"unet":{"sample_size":64,"note":"</pre><script>x()</script>"}})";
    auto model = registerModel(db, m);
    if (!model) return model.error();
    out.modelId = *model;

    auto prompts = addPrompts(
        db, {{0, kScriptPrompt, "test", ""}, {0, kFormulaPrompt, "test", ""}, {0, kMultilinePrompt, "test", ""}});
    if (!prompts) return prompts.error();

    // References: 0 and 1 with their original bytes in the store, 2 as a thumbnail only.
    std::vector<ReferenceImage> refs;
    for (int i = 0; i < 3; ++i) {
        auto stored = c.images().put(pngOf(10 + i, true));
        if (!stored) return stored.error();
        ReferenceImage r;
        r.setName = "portfolio";
        r.source = "/refs/ref" + std::to_string(i) + ".png";
        r.sha256 = i < 2 ? stored->sha256 : std::string(64, 'c');
        r.sizeBytes = stored->sizeBytes;
        r.width = 96;
        r.height = 96;
        r.caption = "caption <" + std::to_string(i) + ">";
        r.licence = "CC-BY 4.0";
        r.thumbnailSha256 = stored->sha256;
        refs.push_back(r);
    }
    auto imported = importReferenceImages(db, refs, "test refs");
    if (!imported) return imported.error();
    out.referenceIds = imported->ids;

    RunRecord run;
    run.modelId = out.modelId;
    run.sampler = "ddim";
    run.steps = 20;
    run.guidance = 7.5;
    run.width = 96;
    run.height = 96;
    run.negativePrompt = "blurry <b>";
    run.seeds = {1000, 1001};
    run.device = "cpu";
    run.dtype = "float32";
    auto runId = startRun(db, run);
    if (!runId) return runId.error();
    out.runId = *runId;
    std::vector<Generation> gens;
    int n = 0;
    for (std::int64_t p : *prompts)
        for (std::int64_t seed : run.seeds) {
            auto stored = c.images().put(pngOf(n));
            if (!stored) return stored.error();
            gens.push_back({0, out.runId, p, seed, static_cast<int>(seed - 1000), stored->sha256, 0.5 + 0.1 * n});
            ++n;
        }
    auto genIds = insertGenerations(db, gens);
    if (!genIds) return genIds.error();
    out.generationIds = *genIds;
    RS_TRY(finishRun(db, out.runId, RunStatus::Finished));

    auto candidate = [&](int gen, std::optional<int> ref, std::optional<int> otherGen, double score, int finding) {
        Candidate k;
        k.generationId = out.generationIds[static_cast<std::size_t>(gen)];
        if (ref) k.referenceImageId = out.referenceIds[static_cast<std::size_t>(*ref)];
        if (otherGen) k.otherGenerationId = out.generationIds[static_cast<std::size_t>(*otherGen)], k.cliqueId = 7;
        k.metric = "sscd";
        k.distances = {{"sscd", 0.9}, {"tiled_l2", 0.08}, {"phash_hamming", 4}};
        k.thresholdsCrossed = {"sscd>0.75", "tiled_l2<=0.15", "manual-flag"};
        k.score = score;
        k.matchRegions = kMatchBoxes[finding];
        return k;
    };
    // Scores order the findings: generation 0 (kScriptPrompt) first.
    auto cands = insertCandidates(db, {candidate(0, 0, std::nullopt, 0.95, 0), candidate(2, std::nullopt, 3, 0.9, 1),
                                       candidate(4, 2, std::nullopt, 0.8, 2), candidate(1, 1, std::nullopt, 0.7, 3)});
    if (!cands) return cands.error();
    out.candidateIds = *cands;
    out.findings = 4;
    RS_TRY(recordReview(db, out.candidateIds[0], CandidateStatus::Unsure, "Second Reviewer", "needs a second look"));
    RS_TRY(recordReview(db, out.candidateIds[0], CandidateStatus::Confirmed, kHostileReviewer, kFormulaNote));
    RS_TRY(recordReview(db, out.candidateIds[1], CandidateStatus::Rejected, "Second Reviewer", "different pose"));
    RS_TRY(recordReview(db, out.candidateIds[3], CandidateStatus::Confirmed, "Second Reviewer", "line 1\nline 2"));
    out.replicated = 2;
    auto tag = createTag(db, "exhibit", "goes in the report");
    if (!tag) return tag.error();
    RS_TRY(tagCandidate(db, out.candidateIds[0], *tag, "exhibit A <1>"));
    return out;
}

}  // namespace rs::report::test

namespace rs::report::test {

// The outline colour of the match boxes (BGR of #00e5ff).
inline const cv::Scalar kMatchBoxColour(255, 229, 0);

// kMatchBoxes[finding] as the JSON exports should carry it, written out field by field.
inline nlohmann::json expectedMatchRegionsJson(int finding) {
    const auto& regions = kMatchBoxes[finding];
    if (!regions) return nullptr;
    const auto side = [](const MatchRegion& r) {
        return nlohmann::json{{"box", {r.box.x, r.box.y, r.box.width, r.box.height}},
                              {"image", {r.imageWidth, r.imageHeight}}};
    };
    return {{"generation", side(regions->generation)}, {"other", side(regions->other)}};
}

// Pixels of `image` (BGR) within `tolerance` of `colour` in every channel.
inline int pixelsNear(const cv::Mat& image, const cv::Scalar& colour, int tolerance = 12) {
    cv::Mat mask;
    cv::inRange(image, colour - cv::Scalar::all(tolerance), colour + cv::Scalar::all(tolerance), mask);
    return cv::countNonZero(mask);
}

}  // namespace rs::report::test
