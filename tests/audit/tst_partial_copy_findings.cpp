// audit::findForPrompt when a generation copies from two training images at once: most of it is
// one drawn scene (the closest reference by tiled l2) with a disc cut from a second scene pasted
// in. Both references must become candidates, each with match boxes on its own copied region,
// so the part taken from the second image is not hidden behind the closer first one.
#include "../metrics/test_images.h"
#include "find_in_reference_set.h"
#include "test_registry.h"

#include "reference/reference_import.h"
#include "store/case_file.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace rs;

namespace {

double intersectionOverUnion(const store::MatchRegion& region, const cv::Rect& truth) {
    const cv::Rect box(region.box.x, region.box.y, region.box.width, region.box.height);
    const double inter = (box & truth).area();
    return inter / (box.area() + truth.area() - inter);
}

const store::Candidate* candidateFor(const std::vector<store::Candidate>& candidates, std::int64_t referenceId) {
    for (const auto& c : candidates)
        if (c.referenceImageId == referenceId) return &c;
    return nullptr;
}

}  // namespace

class TestPartialCopyFindings : public QObject {
    Q_OBJECT

private slots:
    void eachCopiedReferenceGetsItsOwnBoxedCandidate() {
        QTemporaryDir dir;
        store::CaseDetails details{"PC-2", "two sources", "tester", "", "", ""};
        auto c = store::CaseFile::create(dir.filePath("two.rscase").toStdString(), details);
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());

        // The generation: scene 77 (900x700) with a 280 px disc of scene 4242 pasted in.
        const cv::Mat background = test::drawScene(77, 900, 700);
        const cv::Mat source = test::drawScene(4242, 400, 400);
        cv::Mat generation = background.clone();
        cv::Mat mask(source.size(), CV_8U, cv::Scalar(0));
        cv::circle(mask, {200, 200}, 190, cv::Scalar(255), cv::FILLED);
        cv::Mat small, smallMask;
        cv::resize(source, small, {280, 280}, 0, 0, cv::INTER_AREA);
        cv::resize(mask, smallMask, small.size(), 0, 0, cv::INTER_AREA);
        small.copyTo(generation(cv::Rect(350, 200, 280, 280)), smallMask > 127);
        const cv::Rect disc = cv::boundingRect(smallMask > 127) + cv::Point(350, 200);

        QVERIFY(QDir(dir.path()).mkpath("refs"));
        QVERIFY(cv::imwrite(dir.filePath("refs/background.png").toStdString(), background));
        QVERIFY(cv::imwrite(dir.filePath("refs/source.png").toStdString(), source));
        auto imported = reference::importReferenceSet(
            *c, "training", reference::ImportSource::folder(dir.filePath("refs").toStdString()));
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.message().c_str());
        auto references = store::listReferenceImages(c->db(), "training");
        QVERIFY(references.ok());
        std::int64_t backgroundId = 0, sourceId = 0;
        for (const auto& r : *references)
            (r.source.find("background") != std::string::npos ? backgroundId : sourceId) = r.id;
        QVERIFY(backgroundId && sourceId);

        auto stored = test::storeAsGeneration(*c, generation);
        QVERIFY2(stored.ok(), stored.ok() ? "" : stored.message().c_str());
        auto findings = test::findInReferenceSet(*c, "training", *stored, generation);
        QVERIFY2(findings.ok(), findings.ok() ? "" : findings.message().c_str());

        // The background is the closest image: its candidate is the tiled l2 one.
        const store::Candidate* closest = candidateFor(findings->candidates, backgroundId);
        QVERIFY2(closest, "no candidate for the background scene");
        QCOMPARE(closest->metric, std::string("tiled_l2"));
        // The disc's source is farther by tiled l2, yet has its own candidate, boxed on the disc.
        const store::Candidate* copied = candidateFor(findings->candidates, sourceId);
        QVERIFY2(copied, "the partial copy of the second reference was dropped");
        QCOMPARE(copied->metric, std::string("partial_copy"));
        QVERIFY(copied->distances.at("tiled_l2") > closest->distances.at("tiled_l2"));
        QVERIFY(std::find(copied->thresholdsCrossed.begin(), copied->thresholdsCrossed.end(), "partial_copy_inliers") !=
                copied->thresholdsCrossed.end());
        QVERIFY2(copied->matchRegions, "the partial copy has no match boxes");
        const double iou = intersectionOverUnion(copied->matchRegions->generation, disc);
        QVERIFY2(iou > 0.5, qPrintable(QString("IoU with the pasted disc %1").arg(iou)));
        QCOMPARE(copied->matchRegions->other.imageWidth, 400);

        // Both are stored and read back with their boxes.
        auto inserted = store::insertCandidates(c->db(), findings->candidates);
        QVERIFY2(inserted.ok(), inserted.ok() ? "" : inserted.message().c_str());
        auto back = store::listCandidatesForGeneration(c->db(), stored->generationId);
        QVERIFY(back.ok());
        const store::Candidate* storedCopy = candidateFor(*back, sourceId);
        QVERIFY(storedCopy && storedCopy->matchRegions);
        QCOMPARE(storedCopy->metric, std::string("partial_copy"));
    }
};

RS_REGISTER_TEST(TestPartialCopyFindings)
#include "tst_partial_copy_findings.moc"
