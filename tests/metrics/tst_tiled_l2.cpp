#include "imaging/image_ops.h"
#include "metrics/tiled_l2.h"
#include "metrics/tiled_l2_all_pairs.h"
#include "test_images.h"

#include "test_registry.h"

#include <QtTest>

#include <cmath>
#include <map>

namespace {

// Carlini's definition written out independently of the library, in double.
double naiveTiledL2(const cv::Mat& a, const cv::Mat& b, int grid) {
    const int tile = a.cols / grid;
    double worst = 0;
    for (int ty = 0; ty < grid; ++ty)
        for (int tx = 0; tx < grid; ++tx) {
            double s = 0;
            for (int y = ty * tile; y < (ty + 1) * tile; ++y)
                for (int x = tx * tile; x < (tx + 1) * tile; ++x)
                    for (int c = 0; c < 3; ++c) {
                        const double d = (a.at<cv::Vec3b>(y, x)[c] - b.at<cv::Vec3b>(y, x)[c]) / 255.0;
                        s += d * d;
                    }
            worst = std::max(worst, std::sqrt(s / (3.0 * tile * tile)));
        }
    return worst;
}

cv::Mat addNoise(const cv::Mat& img, double sigma, unsigned seed) {
    cv::theRNG().state = seed;
    cv::Mat noise(img.size(), CV_16SC3), out;
    cv::randn(noise, 0, sigma);
    img.convertTo(out, CV_16SC3);
    out += noise;
    out.convertTo(out, CV_8UC3);
    return out;
}

// A set of "generations": clusters of near-copies (noise of several strengths, so some pairs
// fall near any threshold) among unrelated scenes.
std::vector<cv::Mat> generationSet(int side, int unrelated, const std::vector<int>& clusterSizes) {
    std::vector<cv::Mat> set;
    unsigned seed = 1000;
    for (int size : clusterSizes) {
        const cv::Mat base = rs::test::drawScene(seed++, side, side);
        for (int k = 0; k < size; ++k) set.push_back(addNoise(base, 2.0 + 30.0 * k / std::max(1, size - 1), seed++));
    }
    for (int k = 0; k < unrelated; ++k) set.push_back(rs::test::drawScene(seed++, side, side));
    return set;
}

}  // namespace

class TestTiledL2 : public QObject {
    Q_OBJECT
private slots:
    void identicalIsZero() {
        const cv::Mat a = rs::test::drawScene(3);
        auto r = rs::metrics::tiledL2(a, a.clone());
        QVERIFY(r.ok());
        QCOMPARE(r->distance, 0.0);
        QCOMPARE(r->grid, 4);
        QCOMPARE(r->workingSize, 512);
        QCOMPARE(int(r->tiles.size()), 16);
    }
    void directEqualsNaiveDefinition_data() {
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("grid");
        QTest::newRow("512, 4x4") << 512 << 4;
        QTest::newRow("96, 3x3") << 96 << 3;
        QTest::newRow("64, 8x8") << 64 << 8;
    }
    void directEqualsNaiveDefinition() {
        QFETCH(int, side);
        QFETCH(int, grid);
        const cv::Mat a = rs::test::drawScene(11, side, side), b = rs::test::drawScene(12, side, side);
        auto r = rs::metrics::tiledL2Prepared(a, b, grid);
        QVERIFY(r.ok());
        QVERIFY(std::abs(r->distance - naiveTiledL2(a, b, grid)) < 1e-12);
        cv::Mat af, bf;
        a.convertTo(af, CV_32FC3, 1 / 255.0);
        b.convertTo(bf, CV_32FC3, 1 / 255.0);
        auto rf = rs::metrics::tiledL2Prepared(af, bf, grid);
        QVERIFY(rf.ok());
        QVERIFY(std::abs(rf->distance - r->distance) < 1e-6);
    }
    void tileMatrixLocatesTheChange() {
        const cv::Mat a = rs::test::drawScene(5);
        cv::Mat b = a.clone();
        cv::rectangle(b, cv::Rect(3 * 128 + 10, 1 * 128 + 10, 60, 60), cv::Scalar(0, 0, 255),
                      cv::FILLED);  // row 1, column 3
        auto r = rs::metrics::tiledL2(a, b);
        QVERIFY(r.ok());
        QCOMPARE(r->worstTile, 1 * 4 + 3);
        for (int t = 0; t < 16; ++t)
            if (t != 7) QCOMPARE(r->tiles[std::size_t(t)], 0.0);
        QVERIFY(r->distance > 0.15);
    }
    // Pixel-aligned edits that keep the image: tiled l2 (Carlini's metric) calls them copies.
    void tiledL2DetectsAlignedCopy_data() {
        QTest::addColumn<QString>("edit");
        for (const char* e : {"jpeg75", "noise", "brightness", "resized_copy"}) QTest::newRow(e) << QString(e);
    }
    void tiledL2DetectsAlignedCopy() {
        QFETCH(QString, edit);
        std::vector<cv::Mat> originals{rs::test::drawScene(21)};
        for (const std::string& path : rs::test::clipartFiles(2)) originals.push_back(rs::test::loadCanonical(path));
        for (const cv::Mat& a : originals) {
            cv::Mat b;
            if (edit == "jpeg75")
                b = rs::test::jpegRoundTrip(a, 75);
            else if (edit == "noise")
                b = addNoise(a, 8, 1);
            else if (edit == "brightness")
                a.convertTo(b, -1, 1.0, 25);
            else
                cv::resize(a, b, cv::Size(), 1.5, 1.5, cv::INTER_CUBIC);
            auto r = rs::metrics::tiledL2(a, b);
            QVERIFY(r.ok());
            QVERIFY2(r->distance <= rs::metrics::kTiledL2Threshold,
                     qPrintable(QString("%1: %2").arg(edit).arg(r->distance)));
        }
    }
    void unrelatedImagesAreFar() {
        const auto clip = rs::test::clipartFiles(4);
        std::vector<cv::Mat> images;
        for (unsigned s = 30; s < 33; ++s) images.push_back(rs::test::drawScene(s));
        for (const auto& p : clip) images.push_back(rs::test::loadCanonical(p));
        for (std::size_t i = 0; i < images.size(); ++i)
            for (std::size_t j = i + 1; j < images.size(); ++j) {
                auto r = rs::metrics::tiledL2(images[i], images[j]);
                QVERIFY(r.ok());
                QVERIFY2(r->distance > rs::metrics::kTiledL2Threshold,
                         qPrintable(QString("%1-%2: %3").arg(i).arg(j).arg(r->distance)));
            }
    }
    void smallImagesUseTheirOwnSize() {
        const cv::Mat big = rs::test::drawScene(8, 640, 480), small = rs::test::drawScene(8, 50, 70);
        auto r = rs::metrics::tiledL2(big, small);
        QVERIFY(r.ok());
        QCOMPARE(r->workingSize, 48);  // shorter side 50, rounded down to a multiple of 4
    }
    void badInputsAreErrors() {
        const cv::Mat a = rs::test::drawScene(1, 64, 64), b = rs::test::drawScene(1, 32, 32);
        auto r1 = rs::metrics::tiledL2Prepared(a, b, 4);
        QVERIFY(!r1.ok());
        QVERIFY(r1.message().find("differ") != std::string::npos);
        auto r2 = rs::metrics::tiledL2Prepared(a, a, 5);
        QVERIFY(!r2.ok());
        auto r3 = rs::metrics::tiledL2(a, cv::Mat());
        QVERIFY(!r3.ok());
        std::vector<cv::Mat> mixed{a, b};
        QVERIFY(!rs::metrics::tiledL2Matrix(mixed).ok());
        QVERIFY(!rs::metrics::tiledL2Edges(mixed).ok());
    }
    void allPairsOfFewImages() {
        auto none = rs::metrics::tiledL2Edges({});
        QVERIFY(none.ok() && none->empty());
        const std::vector<cv::Mat> one{rs::test::drawScene(1, 64, 64)};
        auto single = rs::metrics::tiledL2Edges(one);
        QVERIFY(single.ok() && single->empty());
        const std::vector<cv::Mat> twins{one[0], one[0].clone()};
        auto pair = rs::metrics::tiledL2Edges(twins);
        QVERIFY(pair.ok());
        QCOMPARE(int(pair->size()), 1);
        QCOMPARE((*pair)[0].distance, 0.0);
    }
    void allPairsMatrixEqualsDirect_data() {
        QTest::addColumn<int>("side");
        QTest::newRow("512 (128-px tiles, d = 49152)") << 512;
        QTest::newRow("64") << 64;
    }
    void allPairsMatrixEqualsDirect() {
        QFETCH(int, side);
        const std::vector<cv::Mat> set = generationSet(side, side == 512 ? 4 : 20, {4, 3});
        rs::metrics::AllPairsStats stats;
        auto m = rs::metrics::tiledL2Matrix(set, 4, 0, &stats);
        QVERIFY(m.ok());
        const std::size_t n = set.size();
        double worstError = 0;
        for (std::size_t i = 0; i < n; ++i) {
            QCOMPARE((*m)[i * n + i], 0.0f);
            for (std::size_t j = i + 1; j < n; ++j) {
                QCOMPARE((*m)[i * n + j], (*m)[j * n + i]);
                worstError = std::max(worstError, std::abs((*m)[i * n + j] - naiveTiledL2(set[i], set[j], 4)));
            }
        }
        qInfo("largest |GEMM - direct| = %.3g over %zu pairs", worstError, n * (n - 1) / 2);
        QVERIFY(worstError < 1e-4);
        QVERIFY(worstError < rs::metrics::kDecisionBand / 10);
        QVERIFY(stats.gemmFlops > 0);
    }
    void lowResolutionIsALowerBound() {
        const std::vector<cv::Mat> set = generationSet(128, 6, {5});
        for (int factor : {2, 4, 8, 32})
            for (std::size_t i = 0; i < set.size(); ++i)
                for (std::size_t j = i + 1; j < set.size(); ++j) {
                    auto low = rs::metrics::tiledL2Prepared(rs::metrics::blockMeanDownsample(set[i], factor),
                                                            rs::metrics::blockMeanDownsample(set[j], factor), 4);
                    auto full = rs::metrics::tiledL2Prepared(set[i], set[j], 4);
                    QVERIFY(low.ok() && full.ok());
                    for (std::size_t t = 0; t < 16; ++t) QVERIFY(low->tiles[t] <= full->tiles[t] + 1e-7);
                }
    }
    // Pruned and unpruned all-pairs give the same edges as the direct definition, through both
    // full-resolution paths (exact sums for few survivors, Gram matrices for many).
    void prunedEqualsUnprunedEqualsDirect_data() {
        QTest::addColumn<double>("threshold");
        QTest::addColumn<QVector<int>>("clusters");
        QTest::newRow("0.15, few survivors") << 0.15 << QVector<int>{4, 3};
        QTest::newRow("0.05, few survivors") << 0.05 << QVector<int>{6};
        QTest::newRow("0.15, dense cluster of 40") << 0.15 << QVector<int>{40, 3};
        QTest::newRow("0.30, dense cluster of 40") << 0.30 << QVector<int>{40};
    }
    void prunedEqualsUnprunedEqualsDirect() {
        QFETCH(double, threshold);
        QFETCH(QVector<int>, clusters);
        const std::vector<cv::Mat> set = generationSet(128, 30, std::vector<int>(clusters.begin(), clusters.end()));
        std::map<std::pair<int, int>, double> direct;
        for (std::size_t i = 0; i < set.size(); ++i)
            for (std::size_t j = i + 1; j < set.size(); ++j) {
                const double d = naiveTiledL2(set[i], set[j], 4);
                if (d <= threshold) direct[{int(i), int(j)}] = d;
            }
        QVERIFY(!direct.empty());
        for (bool prune : {false, true}) {
            rs::metrics::AllPairsOptions options;
            options.threshold = threshold;
            options.prune = prune;
            rs::metrics::AllPairsStats stats;
            auto edges = rs::metrics::tiledL2Edges(set, options, &stats);
            QVERIFY(edges.ok());
            QCOMPARE(edges->size(), direct.size());
            for (const auto& e : *edges) {
                QVERIFY(direct.count({e.i, e.j}) == 1);
                QVERIFY(std::abs(direct[{e.i, e.j}] - e.distance) < 1e-4);
            }
            if (prune) {
                QVERIFY2(stats.survivors < stats.pairs / 2, qPrintable(QString::number(stats.survivors)));
                // 40 near-copies make the survivors dense: decided with Gram matrices; else exactly.
                if (clusters.front() >= 40)
                    QVERIFY(stats.gemmRows >= 40);
                else
                    QCOMPARE(stats.exactPairs, stats.survivors);
            }
        }
    }
};
RS_REGISTER_TEST(TestTiledL2)
#include "tst_tiled_l2.moc"
