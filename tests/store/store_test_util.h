#pragma once
// Shared set-up for the store tests: a case with a model, prompts, a reference set, a finished
// run whose generations' images are stored, candidates, a review and a tag.
#include "base/file_io.h"
#include "base/sha256.h"
#include "store/audit_log.h"
#include "store/case_file.h"
#include "store/case_repository.h"
#include "store/review_repository.h"
#include "store/run_repository.h"
#include "store/verify.h"

#include <QtTest>

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rs::store::test {

using rs::readFileLimited;
using rs::sha256Hex;

inline CaseDetails sampleDetails() {
    CaseDetails d;
    d.caseNumber = "2024-017";
    d.title = "Artist portfolio vs. model X";
    d.examiner = "A. Examiner";
    d.organisation = "Example Legal LLP";
    d.notes = "initial notes";
    return d;
}

// Distinct small "PNG" byte strings (PNG magic + payload), enough for the content-addressed store.
inline std::string fakePng(int n) {
    std::string bytes = "\x89PNG\r\n\x1a\n";
    bytes += "image-" + std::to_string(n) + std::string(static_cast<std::size_t>(64 + n % 7), char('a' + n % 26));
    return bytes;
}

inline std::string hexOf(int n) { return sha256Hex("reference-" + std::to_string(n)); }

struct SampleIds {
    std::int64_t modelId = 0;
    std::vector<std::int64_t> promptIds;
    std::vector<std::int64_t> referenceIds;
    std::int64_t runId = 0;
    std::vector<std::int64_t> generationIds;
    std::vector<std::int64_t> candidateIds;
    std::int64_t reviewId = 0;
    std::int64_t tagId = 0;
};

#define RS_REQUIRE(expr)                                                          \
    do {                                                                          \
        const auto& rs_result_ = (expr);                                          \
        if (!rs_result_.ok()) QFAIL(("failed: " + rs_result_.message()).c_str()); \
    } while (0)

// Fills an open case; QVERIFY-style failures abort the calling test (call via QVERIFY_RETURN-less helper).
inline bool populate(CaseFile& c, SampleIds& ids, int promptCount = 3, int seedsPerPrompt = 4) {
    Connection& db = c.db();
    ModelRecord m;
    m.name = "tiny-sd";
    m.path = "/models/tiny-sd";
    m.fileSha256 = {{"unet/diffusion_pytorch_model.safetensors", sha256Hex("unet")},
                    {"unet/config.json", sha256Hex("cfg")}};
    m.configJson = R"({"unet":{"sample_size":64}})";
    auto model = registerModel(db, m);
    if (!model) return qWarning("%s", model.message().c_str()), false;
    ids.modelId = *model;

    std::vector<Prompt> prompts;
    for (int i = 0; i < promptCount; ++i) prompts.push_back({0, "prompt number " + std::to_string(i), "test", ""});
    auto promptIds = addPrompts(db, prompts);
    if (!promptIds) return qWarning("%s", promptIds.message().c_str()), false;
    ids.promptIds = *promptIds;

    std::vector<ReferenceImage> refs;
    for (int i = 0; i < 4; ++i) {
        ReferenceImage r;
        r.setName = i < 2 ? "portfolio" : "laion-subset";
        r.source = "/refs/" + std::to_string(i) + ".png";
        r.sha256 = hexOf(i);
        r.sizeBytes = 1000 + i;
        r.width = 512;
        r.height = 512;
        r.caption = "caption " + std::to_string(i);
        r.licence = "CC-BY 4.0, by Someone";
        refs.push_back(r);
    }
    std::vector<ReferenceImage> set1(refs.begin(), refs.begin() + 2), set2(refs.begin() + 2, refs.end());
    auto r1 = importReferenceImages(db, set1, "portfolio folder");
    auto r2 = importReferenceImages(db, set2, "laion shard 0");
    if (!r1 || !r2) return qWarning("reference import failed"), false;
    ids.referenceIds = r1->ids;
    ids.referenceIds.insert(ids.referenceIds.end(), r2->ids.begin(), r2->ids.end());

    RunRecord run;
    run.modelId = ids.modelId;
    run.sampler = "ddim";
    run.steps = 50;
    run.guidance = 7.5;
    run.width = 512;
    run.height = 512;
    run.negativePrompt = "blurry";
    for (int s = 0; s < seedsPerPrompt; ++s) run.seeds.push_back(1000 + s);
    run.device = "cpu";
    run.dtype = "float32";
    auto runId = startRun(db, run);
    if (!runId) return qWarning("%s", runId.message().c_str()), false;
    ids.runId = *runId;

    std::vector<Generation> gens;
    int n = 0;
    for (std::size_t p = 0; p < ids.promptIds.size(); ++p) {
        for (int s = 0; s < seedsPerPrompt; ++s) {
            auto stored = c.images().put(fakePng(n++));
            if (!stored) return qWarning("%s", stored.message().c_str()), false;
            gens.push_back({0, ids.runId, ids.promptIds[p], 1000 + s, s, stored->sha256, 0.1 * s});
        }
    }
    auto genIds = insertGenerations(db, gens);
    if (!genIds) return qWarning("%s", genIds.message().c_str()), false;
    ids.generationIds = *genIds;
    if (!finishRun(db, ids.runId, RunStatus::Finished, {"one warning"}).ok()) return false;

    std::vector<Candidate> cands;
    for (std::size_t g = 0; g < ids.generationIds.size(); ++g) {
        Candidate cand;
        cand.generationId = ids.generationIds[g];
        if (g % 2 == 0)
            cand.referenceImageId = ids.referenceIds[g % ids.referenceIds.size()];
        else
            cand.otherGenerationId = ids.generationIds[(g + 1) % ids.generationIds.size()];
        cand.metric = g % 3 == 0 ? "sscd" : "tiled_l2";
        cand.distances = {{"sscd", 0.5 + 0.01 * double(g)}, {"tiled_l2", 0.2 - 0.001 * double(g)}};
        cand.thresholdsCrossed = {"sscd>0.5"};
        cand.cliqueId = static_cast<std::int64_t>(g / 4);
        cand.score = 0.3 + 0.05 * double(g % 11);
        cands.push_back(cand);
    }
    auto candIds = insertCandidates(db, cands);
    if (!candIds) return qWarning("%s", candIds.message().c_str()), false;
    ids.candidateIds = *candIds;

    auto review = recordReview(db, ids.candidateIds[0], CandidateStatus::Confirmed, "Reviewer One", "clear copy");
    if (!review) return qWarning("%s", review.message().c_str()), false;
    ids.reviewId = review->id;
    auto tag = createTag(db, "evidence", "goes in the report");
    if (!tag || !tagCandidate(db, ids.candidateIds[0], *tag, "exhibit A").ok()) return false;
    ids.tagId = *tag;
    return true;
}

// Runs SQL on the case file with the raw sqlite3 API, as someone editing it behind the app's back.
inline std::string rawExec(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    char* error = nullptr;
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    return message;  // empty on success
}

inline std::string fileSha(const std::filesystem::path& p) {
    auto h = sha256File(p);
    return h ? *h : std::string("missing");
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

inline bool hasProblem(const VerifyReport& r, VerifyProblem::Kind kind, const std::string& table = {}) {
    for (const auto& p : r.problems)
        if (p.kind == kind && (table.empty() || p.table == table)) return true;
    return false;
}

inline std::string describe(const VerifyReport& r) {
    std::string out;
    for (const auto& p : r.problems) out += std::string(toString(p.kind)) + ": " + p.message + "\n";
    return out;
}

}  // namespace rs::store::test
