#include "metrics/relative_l2.h"
#include "test_images.h"

#include "test_registry.h"

#include <QtTest>

#include <cmath>

namespace {
double rms(const cv::Mat& a, const cv::Mat& b) {
    double s = 0;
    for (int y = 0; y < a.rows; ++y)
        for (int x = 0; x < a.cols * 3; ++x) {
            const double d = (a.ptr<uchar>(y)[x] - b.ptr<uchar>(y)[x]) / 255.0;
            s += d * d;
        }
    return std::sqrt(s / (3.0 * a.rows * a.cols));
}
}  // namespace

class TestRelativeL2 : public QObject {
    Q_OBJECT
private slots:
    // CIFAR-sized references: a generation that reproduces one of them is "extracted"; a new
    // scene is not. The score is checked against the definition computed here.
    void relativeL2SeparatesCopiesFromNovelImages() {
        std::vector<cv::Mat> refs;
        for (unsigned s = 0; s < 80; ++s) refs.push_back(rs::test::drawScene(200 + s, 32, 32));
        cv::Mat noisy;
        refs[17].convertTo(noisy, -1, 1.0, 6);  // near-verbatim copy of reference 17
        const std::vector<cv::Mat> gens{noisy, rs::test::drawScene(999, 32, 32)};
        rs::metrics::RelativeL2Options options;
        auto r = rs::metrics::relativeL2(gens, refs, options);
        QVERIFY(r.ok());
        QCOMPARE(int(r->size()), 2);
        const auto& copy = (*r)[0];
        QCOMPARE(copy.nearest, 17);
        QCOMPARE(copy.neighboursUsed, 50);
        QVERIFY(copy.extracted);
        QVERIFY(!(*r)[1].extracted);
        // Definition: nearest / (alpha * mean of the 50 nearest).
        std::vector<double> d;
        for (const auto& ref : refs) d.push_back(rms(noisy, ref));
        std::sort(d.begin(), d.end());
        double mean = 0;
        for (int k = 0; k < 50; ++k) mean += d[std::size_t(k)] / 50;
        QVERIFY(std::abs(copy.nearestDistance - d[0]) < 1e-6);
        QVERIFY(std::abs(copy.meanNeighbourDistance - mean) < 1e-6);
        QVERIFY(std::abs(copy.score - d[0] / (0.5 * mean)) < 1e-6);
    }
    void fewerReferencesThanNUsesAll() {
        std::vector<cv::Mat> refs{rs::test::drawScene(1, 48, 48), rs::test::drawScene(2, 48, 48),
                                  rs::test::drawScene(3, 48, 48)};
        auto r = rs::metrics::relativeL2({refs[1].clone()}, refs);
        QVERIFY(r.ok());
        QCOMPARE((*r)[0].neighboursUsed, 3);
        QCOMPARE((*r)[0].nearest, 1);
        QCOMPARE((*r)[0].score, 0.0);
    }
    void errors() {
        QVERIFY(!rs::metrics::relativeL2({rs::test::drawScene(1, 32, 32)}, {}).ok());
        QVERIFY(!rs::metrics::relativeL2({cv::Mat()}, {rs::test::drawScene(1, 32, 32)}).ok());
    }
};
RS_REGISTER_TEST(TestRelativeL2)
#include "tst_relative_l2.moc"
