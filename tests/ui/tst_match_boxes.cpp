// Partial-copy match boxes end to end: a generation that reuses a drawn scene (cut to a disc,
// shrunk, pasted into another scene) against a reference set holding that scene goes through
// audit::findForPrompt (ORB + homography + photometric check), the store (schema v5), the
// review queue and the comparison view, which outlines the region in both panes, follows
// zoom, pan, swap and wipe, can be switched off, and shows no boxes for a broken stored value.
#include "../metrics/test_images.h"
#include "../audit/find_in_reference_set.h"
#include "test_registry.h"

#include "reference/reference_import.h"
#include "store/case_repository.h"
#include "store/review_repository.h"
#include "store/run_repository.h"
#include "ui/case_session.h"
#include "ui/comparison_view.h"
#include "ui/image_pane.h"

#include <QCheckBox>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace rs;

namespace {

// Whether the pane shows the outline colour (cyan) at `pos`, give or take a pixel.
bool outlineAt(ui::ImagePane* pane, QPointF pos) {
    const QImage shot = pane->grab().toImage();
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            const QPoint p = pos.toPoint() + QPoint(dx, dy);
            if (!shot.rect().contains(p)) continue;
            const QColor c = shot.pixelColor(p);
            if (c.red() < 60 && c.green() > 180 && c.blue() > 200) return true;
        }
    return false;
}

QPointF topMiddle(const QRectF& r) { return {r.center().x(), r.top()}; }

QRectF boxOf(const store::MatchRegion& r) { return QRectF(r.box.x, r.box.y, r.box.width, r.box.height); }

}  // namespace

class TestMatchBoxes : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    ui::CaseSession m_session;
    std::int64_t m_candidateId = 0;
    store::MatchRegions m_regions;
    QRect m_pasted;  // where the copy was pasted into the generation

    std::optional<store::ReviewQueueItem> item() {
        auto page = store::reviewQueuePage(m_session.caseFile()->db(), {}, 10);
        if (!page || page->empty()) return std::nullopt;
        return page->front();
    }

private slots:
    void initTestCase() {
        store::CaseDetails details;
        details.caseNumber = "PC-1";
        details.title = "partial copy";
        details.examiner = "tester";
        QVERIFY(m_session.createCase(m_dir.filePath("pc.rscase"), details).isEmpty());
        store::CaseFile& c = *m_session.caseFile();

        // The training image, and a generation that reuses a disc of it at 280 px.
        const cv::Mat reference = test::drawScene(4242, 400, 400);
        cv::Mat generation = test::drawScene(77, 900, 700);
        cv::Mat mask(reference.size(), CV_8U, cv::Scalar(0));
        cv::circle(mask, {200, 200}, 190, cv::Scalar(255), cv::FILLED);
        cv::Mat small, smallMask;
        cv::resize(reference, small, {280, 280}, 0, 0, cv::INTER_AREA);
        cv::resize(mask, smallMask, small.size(), 0, 0, cv::INTER_AREA);
        small.copyTo(generation(cv::Rect(350, 200, 280, 280)), smallMask > 127);
        const cv::Rect pasted = cv::boundingRect(smallMask > 127);
        m_pasted = QRect(350 + pasted.x, 200 + pasted.y, pasted.width, pasted.height);

        QVERIFY(QDir(m_dir.path()).mkpath("refs"));
        QVERIFY(cv::imwrite(m_dir.filePath("refs/scene.png").toStdString(), reference));
        auto imported = reference::importReferenceSet(
            c, "portfolio", reference::ImportSource::folder(m_dir.filePath("refs").toStdString()));
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.message().c_str());

        auto storedGeneration = test::storeAsGeneration(c, generation);
        QVERIFY2(storedGeneration.ok(), storedGeneration.ok() ? "" : storedGeneration.message().c_str());
        // The scan's own step: descriptor search in the set, exact metrics, candidates.
        auto findings = test::findInReferenceSet(c, "portfolio", *storedGeneration, generation);
        QVERIFY2(findings.ok(), findings.ok() ? "" : findings.message().c_str());
        QCOMPARE(findings->candidates.size(), std::size_t(1));
        const store::Candidate& found = findings->candidates.front();
        QVERIFY2(found.matchRegions, "the partial copy has no match regions");
        QVERIFY(found.distances.count("partial_copy_inliers"));
        auto inserted = store::insertCandidates(c.db(), findings->candidates);
        QVERIFY(inserted.ok());
        m_candidateId = inserted->front();
        m_regions = *found.matchRegions;
        // The boxes are where the copy is: the pasted disc in the generation, the disc in the reference.
        const QRectF g = boxOf(m_regions.generation), r = boxOf(m_regions.other);
        const QRectF inter = g.intersected(QRectF(m_pasted));
        const double iou =
            inter.width() * inter.height() /
            (g.width() * g.height() + m_pasted.width() * m_pasted.height() - inter.width() * inter.height());
        QVERIFY2(iou > 0.5, qPrintable(QString("IoU %1").arg(iou)));
        QCOMPARE(m_regions.generation.imageWidth, 900);
        QCOMPARE(m_regions.other.imageWidth, 400);
        QVERIFY2(r.width() > 250 && r.height() > 250,
                 qPrintable(QString("reference box %1x%2").arg(r.width()).arg(r.height())));
    }

    void comparisonViewOutlinesBothSides() {
        auto it = item();
        QVERIFY(it);
        QCOMPARE(it->candidate.id, m_candidateId);
        QVERIFY(it->candidate.matchRegions);  // read back from the case
        QCOMPARE(boxOf(it->candidate.matchRegions->generation), boxOf(m_regions.generation));

        ui::ComparisonView view(&m_session);
        view.resize(1000, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy loaded(&view, &ui::ComparisonView::pairLoaded);
        view.showCandidate(*it);
        QVERIFY(loaded.wait(30000));
        auto* toggle = view.findChild<QCheckBox*>("matchBoxes");
        QVERIFY(toggle && toggle->isEnabled() && toggle->isChecked());
        QVERIFY(view.matchBoxesShown());
        ui::ImagePane* left = view.leftPane();
        ui::ImagePane* right = view.rightPane();
        QCOMPARE(left->matchBox(), boxOf(m_regions.generation));
        QCOMPARE(right->matchBox(), boxOf(m_regions.other));
        QVERIFY(outlineAt(left, topMiddle(left->mapFromImage(left->matchBox()))));
        QVERIFY(outlineAt(right, topMiddle(right->mapFromImage(right->matchBox()))));

        // Zoom 2x about the box's centre: the outline doubles and is still drawn on its edge.
        const QRectF before = left->mapFromImage(left->matchBox());
        const QPointF anchor(left->matchBox().center().x() / 900.0, left->matchBox().center().y() / 700.0);
        view.viewState()->zoomAt(2.0, anchor);
        const QRectF zoomed = left->mapFromImage(left->matchBox());
        QVERIFY2(qAbs(zoomed.width() - 2 * before.width()) < 1.0, qPrintable(QString::number(zoomed.width())));
        QVERIFY(outlineAt(left, QPointF(zoomed.left(), zoomed.center().y())));
        QCOMPARE(right->matchBox(), boxOf(m_regions.other));  // same image pixels, drawn at the new scale
        // Pan: it moves with the pixels.
        view.viewState()->panBy(QPointF(0.02, 0.0));
        const QRectF panned = left->mapFromImage(left->matchBox());
        QVERIFY(panned.left() > zoomed.left() + 1);
        QVERIFY(outlineAt(left, QPointF(panned.left(), panned.center().y())));
        view.zoomToFit();

        // Swap: each box stays with its image.
        view.swapSides();
        QCOMPARE(left->matchBox(), boxOf(m_regions.other));
        QCOMPARE(right->matchBox(), boxOf(m_regions.generation));
        QVERIFY(outlineAt(left, topMiddle(left->mapFromImage(left->matchBox()))));
        view.swapSides();

        // Wipe: one pane, the generation's box left of the split, the reference's right of it.
        view.setWipeMode(true);
        QCOMPARE(left->matchBox(), boxOf(m_regions.generation));
        QCOMPARE(left->wipeMatchBox(), boxOf(m_regions.other));
        QVERIFY(right->matchBox().isEmpty());
        const QRectF wiped = left->mapFromWipeImage(left->wipeMatchBox());
        QVERIFY(outlineAt(left, QPointF(wiped.right(), wiped.center().y())));  // right of the middle split
        view.setWipeMode(false);

        // The toggle hides them, and the choice holds for the next candidate with boxes.
        const QPointF edge = topMiddle(left->mapFromImage(left->matchBox()));
        toggle->click();
        QVERIFY(!view.matchBoxesShown());
        QVERIFY(left->matchBox().isEmpty() && right->matchBox().isEmpty());
        QVERIFY(!outlineAt(left, edge));
        view.showCandidate(*it);
        QVERIFY(loaded.wait(30000));
        QVERIFY(toggle->isEnabled() && !toggle->isChecked());
        QVERIFY(left->matchBox().isEmpty());
        toggle->click();
        QCOMPARE(left->matchBox(), boxOf(m_regions.generation));
    }

    void brokenStoredBoxesShowThePairWithout() {
        // Someone edited the case: a box far outside the image, then text that is not JSON.
        for (const char* value :
             {R"({"generation":{"box":[0,0,99999,5],"image":[900,700]},"other":{"box":[0,0,5,5],"image":[400,400]}})",
              "{{{{"}) {
            {
                auto st =
                    m_session.caseFile()->db().prepare("UPDATE candidates SET match_regions_json = ? WHERE id = ?");
                st.bindAll(std::string(value), m_candidateId);
                st.run();
            }
            auto it = item();
            QVERIFY(it);
            QVERIFY(!it->candidate.matchRegions);
            ui::ComparisonView view(&m_session);
            view.resize(800, 500);
            QSignalSpy loaded(&view, &ui::ComparisonView::pairLoaded);
            view.showCandidate(*it);
            QVERIFY(loaded.wait(30000));
            QVERIFY(!view.leftPane()->image().isNull() && !view.rightPane()->image().isNull());
            QVERIFY(!view.matchBoxesShown());
            QVERIFY(!view.findChild<QCheckBox*>("matchBoxes")->isEnabled());
            QVERIFY(view.leftPane()->matchBox().isEmpty() && view.rightPane()->matchBox().isEmpty());
        }
    }
};

RS_REGISTER_TEST(TestMatchBoxes)
#include "tst_match_boxes.moc"
