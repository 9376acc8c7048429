#include "imaging/image_ops.h"
#include "metrics/comparison.h"
#include "metrics/evidence_visuals.h"
#include "test_images.h"

#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

namespace {
rs::imaging::DecodedImage decoded(const cv::Mat& bgr, const std::string& name) {
    auto png = rs::imaging::encodePng(bgr);
    auto d = rs::imaging::decodeImageBytes(*png, name);
    return *d;
}
}  // namespace

class TestComparison : public QObject {
    Q_OBJECT
private slots:
    void copyCrossesEveryThreshold() {
        const cv::Mat a = rs::test::drawScene(61);
        auto r = rs::metrics::compareImages(decoded(a, "a.png"), decoded(rs::test::jpegRoundTrip(a, 75), "b.png"));
        QVERIFY(r.ok());
        QCOMPARE(int(r->checks.size()), 3);
        for (const auto& c : r->checks) QVERIFY2(c.crossed, c.metric.c_str());
        QVERIFY(r->anyCrossed());
        const nlohmann::json j = rs::metrics::toJson(*r);
        QCOMPARE(j["tiled_l2"]["tiles"].size(), std::size_t(4));
        QCOMPARE(j["tiled_l2"]["tiles"][0].size(), std::size_t(4));
        QVERIFY(j["tiled_l2"]["distance"].get<double>() <= 0.15);
        QCOMPARE(j["phash"]["a"].get<std::string>().size(), std::size_t(16));
        QVERIFY(j["partial_copy"]["detected"].get<bool>());
        QCOMPARE(j["a"]["sha256"].get<std::string>().size(), std::size_t(64));
        QVERIFY(j["any_crossed"].get<bool>());
        QVERIFY(!j.contains("descriptor"));
    }
    void unrelatedCrossesNothing() {
        auto r = rs::metrics::compareImages(decoded(rs::test::drawScene(62), "a.png"),
                                            decoded(rs::test::drawScene(63), "b.png"));
        QVERIFY(r.ok());
        QVERIFY(!r->anyCrossed());
        QVERIFY(r->partial && !r->partial->reason.empty());
        rs::metrics::addDescriptorSimilarity(*r, "test-model", 0.8);
        QVERIFY(r->anyCrossed());
        const nlohmann::json j = rs::metrics::toJson(*r);
        QCOMPARE(j["descriptor"]["model"].get<std::string>(), std::string("test-model"));
        QCOMPARE(j["checks"].size(), std::size_t(6));
    }
    void filesWithErrorsNameTheFile() {
        QTemporaryDir dir;
        const std::string empty = dir.filePath("empty.png").toStdString();
        std::ofstream(empty).close();
        const std::string good = dir.filePath("good.png").toStdString();
        cv::imwrite(good, rs::test::drawScene(1, 64, 64));
        auto r = rs::metrics::compareImageFiles(good, empty);
        QVERIFY(!r.ok());
        QVERIFY(r.message().find("empty.png") != std::string::npos);
        auto ok = rs::metrics::compareImageFiles(good, good);
        QVERIFY(ok.ok());
        QCOMPARE(ok->tiled.distance, 0.0);
    }
    void evidenceImagesAreValidPngs() {
        const cv::Mat a = rs::test::drawScene(64);
        cv::Mat b = a.clone();
        cv::circle(b, {400, 100}, 60, cv::Scalar(0, 255, 0), cv::FILLED);
        const auto da = decoded(a, "a.png"), db = decoded(b, "b.png");
        auto r = rs::metrics::compareImages(da, db);
        QVERIFY(r.ok());
        auto png = rs::metrics::evidenceCompositePng(da, db, *r);
        QVERIFY(png.ok());
        auto back = rs::imaging::decodeImageBytes(*png, "composite.png");
        QVERIFY(back.ok());
        QCOMPARE(back->bgr.cols, 3 * 384 + 32);
        QVERIFY(back->bgr.rows > 384);
        const cv::Mat tiles = rs::metrics::tileHeatmap(r->tiled);
        QCOMPARE(tiles.cols, 4 * 96);
        // The changed tile (row 0, column 3) is brighter than an unchanged one.
        const cv::Scalar changed = cv::mean(tiles(cv::Rect(3 * 96 + 30, 30, 36, 20)));
        const cv::Scalar same = cv::mean(tiles(cv::Rect(30, 3 * 96 + 30, 36, 20)));
        QVERIFY(changed[0] + changed[1] + changed[2] > same[0] + same[1] + same[2]);
        auto heat = rs::metrics::pixelDifferenceHeatmap(a, b);
        QVERIFY(heat.ok());
        QCOMPARE(heat->size(), cv::Size(512, 512));
        QVERIFY(cv::norm(heat->at<cv::Vec3b>(100, 400)) > cv::norm(heat->at<cv::Vec3b>(400, 100)));
        QVERIFY(!rs::metrics::pixelDifferenceHeatmap(a, cv::Mat()).ok());
    }
};
RS_REGISTER_TEST(TestComparison)
#include "tst_comparison.moc"
