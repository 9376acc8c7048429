#pragma once
// A real case for the review queue and comparison view tests: made through the store API in a
// temporary folder, with solid-colour PNG images in the case's image store (so a test can tell
// which pair a grabbed widget shows by its colours) and real candidate rows.
#include "store/case_repository.h"
#include "store/review_repository.h"
#include "store/run_repository.h"
#include "ui/case_session.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <string>
#include <vector>

namespace rs::ui::test {

inline std::string pngBytes(const QColor& colour, QSize size = {48, 48}) {
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.toStdString();
}

// Generation i has kGenerationColours[i], reference j kReferenceColours[j].
inline const QList<QColor> kGenerationColours = {QColor(255, 0, 0),   QColor(0, 255, 0),   QColor(0, 0, 255),
                                                 QColor(255, 255, 0), QColor(255, 0, 255), QColor(0, 255, 255)};
inline const QList<QColor> kReferenceColours = {QColor(255, 128, 0), QColor(128, 0, 255), QColor(0, 128, 128)};

struct ReviewCase {
    QTemporaryDir dir;
    std::unique_ptr<CaseSession> session = std::make_unique<CaseSession>();
    std::vector<std::int64_t> promptIds;
    std::vector<std::int64_t> generationIds;
    std::vector<std::string> generationShas;
    std::vector<std::string> referenceShas;
    std::vector<std::int64_t> candidateIds;  // in queue order (score descending)
    QString error;

    store::Connection& db() { return session->caseFile()->db(); }
};

// Six generations of two prompts ("a red barn": 0-2, "a blue lake": 3-5); three references in
// sets "portfolio" (0, 1) and "laion" (2). Candidates, scores 0.9 down to 0.4: generation i
// against reference i for i < 3 (metric tiled_l2), generation i against generation i-3 for
// i >= 3 (metric sscd). `extra` adds that many more low-score candidates (for paging).
inline std::unique_ptr<ReviewCase> makeReviewCase(int extra = 0) {
    auto rc = std::make_unique<ReviewCase>();
    auto fail = [&](const std::string& message) {
        rc->error = QString::fromStdString(message);
        return std::move(rc);
    };
    store::CaseDetails details;
    details.caseNumber = "UI-7";
    details.title = "Review queue test";
    details.examiner = "Tester";
    if (QString e = rc->session->createCase(rc->dir.filePath("review.rscase"), details); !e.isEmpty())
        return fail(e.toStdString());
    store::CaseFile& c = *rc->session->caseFile();
    store::Connection& db = c.db();

    store::ModelRecord model;
    model.name = "tiny";
    model.path = "/models/tiny";
    auto modelId = store::registerModel(db, model);
    if (!modelId) return fail(modelId.message());
    auto prompts = store::addPrompts(db, {{0, "a red barn", "test", ""}, {0, "a blue lake", "test", ""}});
    if (!prompts) return fail(prompts.message());
    rc->promptIds = *prompts;

    std::vector<store::ReferenceImage> portfolio, laion;
    for (int j = 0; j < 3; ++j) {
        auto stored = c.images().put(pngBytes(kReferenceColours[j]));
        if (!stored) return fail(stored.message());
        store::ReferenceImage r;
        r.setName = j < 2 ? "portfolio" : "laion";
        r.source = "/refs/ref" + std::to_string(j) + ".png";
        r.sha256 = stored->sha256;
        r.sizeBytes = stored->sizeBytes;
        (j < 2 ? portfolio : laion).push_back(r);
        rc->referenceShas.push_back(stored->sha256);
    }
    auto p = store::importReferenceImages(db, portfolio, "portfolio");
    auto l = store::importReferenceImages(db, laion, "laion");
    if (!p || !l) return fail("reference import failed");
    std::vector<std::int64_t> referenceIds = p->ids;
    referenceIds.push_back(l->ids.front());

    store::RunRecord run;
    run.modelId = *modelId;
    run.sampler = "ddim";
    run.steps = 10;
    run.guidance = 7.5;
    run.width = run.height = 48;
    run.seeds = {1, 2, 3};
    run.device = "cpu";
    run.dtype = "float32";
    auto runId = store::startRun(db, run);
    if (!runId) return fail(runId.message());
    std::vector<store::Generation> generations;
    for (int i = 0; i < 6; ++i) {
        auto stored = c.images().put(pngBytes(kGenerationColours[i]));
        if (!stored) return fail(stored.message());
        generations.push_back(
            {0, *runId, rc->promptIds[std::size_t(i / 3)], 1 + i % 3, i % 3, stored->sha256, 0.25 * i});
        rc->generationShas.push_back(stored->sha256);
    }
    auto genIds = store::insertGenerations(db, generations);
    if (!genIds) return fail(genIds.message());
    rc->generationIds = *genIds;
    if (auto s = store::finishRun(db, *runId, store::RunStatus::Finished); !s.ok()) return fail(s.message());

    std::vector<store::Candidate> candidates;
    for (int i = 0; i < 6 + extra; ++i) {
        const int g = i % 6;
        store::Candidate cand;
        cand.generationId = rc->generationIds[std::size_t(g)];
        if (g < 3)
            cand.referenceImageId = referenceIds[std::size_t(g)];
        else
            cand.otherGenerationId = rc->generationIds[std::size_t(g - 3)];
        cand.metric = g < 3 ? "tiled_l2" : "sscd";
        cand.distances = {{"tiled_l2", 0.05 + 0.05 * g}, {"phash_hamming", 4.0 + g}, {"sscd_cosine", 0.9 - 0.1 * g}};
        cand.thresholdsCrossed = {"tiled_l2"};
        cand.score = i < 6 ? 0.9 - 0.1 * i : 0.3 - 0.0001 * i;
        candidates.push_back(cand);
    }
    auto ids = store::insertCandidates(db, candidates);
    if (!ids) return fail(ids.message());
    rc->candidateIds = *ids;
    return rc;
}

inline std::int64_t countRows(store::Connection& db, const std::string& sql, std::int64_t candidateId = -1) {
    auto st = db.prepare(sql);
    if (candidateId >= 0) st.bind(1, candidateId);
    return st.step() ? st.int64(0) : -1;
}

inline std::int64_t reviewRows(store::Connection& db, std::int64_t candidateId) {
    return countRows(db, "SELECT count(*) FROM reviews WHERE candidate_id = ?", candidateId);
}

inline std::int64_t auditReviewRows(store::Connection& db, std::int64_t candidateId) {
    return countRows(db,
                     "SELECT count(*) FROM audit_log WHERE action = 'review.recorded'"
                     " AND json_extract(details_json, '$.candidate_id') = ?",
                     candidateId);
}

}  // namespace rs::ui::test
