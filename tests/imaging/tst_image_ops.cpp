#include "imaging/image_decode.h"
#include "imaging/image_ops.h"

#include "test_registry.h"

#include <QtTest>

class TestImageOps : public QObject {
    Q_OBJECT
private slots:
    void comparisonSideFollowsThePolicy_data() {
        QTest::addColumn<int>("w1");
        QTest::addColumn<int>("h1");
        QTest::addColumn<int>("w2");
        QTest::addColumn<int>("h2");
        QTest::addColumn<int>("expected");
        QTest::newRow("two generations") << 512 << 512 << 512 << 512 << 512;
        QTest::newRow("large photos") << 4000 << 3000 << 1920 << 1080 << 512;
        QTest::newRow("small image sets the size") << 512 << 512 << 50 << 70 << 48;
        QTest::newRow("CIFAR") << 32 << 32 << 32 << 32 << 32;
        QTest::newRow("too small for the grid") << 512 << 512 << 3 << 3 << 0;
    }
    void comparisonSideFollowsThePolicy() {
        QFETCH(int, w1);
        QFETCH(int, h1);
        QFETCH(int, w2);
        QFETCH(int, h2);
        QFETCH(int, expected);
        QCOMPARE(rs::imaging::comparisonSide({cv::Size(w1, h1), cv::Size(w2, h2)}, 512, 4), expected);
    }
    void prepareCropsTheCentreSquare() {
        cv::Mat img(300, 600, CV_8UC3, cv::Scalar(0, 0, 0));
        img(cv::Rect(150, 0, 300, 300)).setTo(cv::Scalar(0, 255, 0));  // exactly the central square
        const cv::Mat p = rs::imaging::prepareForComparison(img, 100);
        QCOMPARE(p.size(), cv::Size(100, 100));
        QCOMPARE(cv::norm(p, cv::Mat(100, 100, CV_8UC3, cv::Scalar(0, 255, 0)), cv::NORM_INF), 0.0);
        const cv::Mat same = rs::imaging::prepareForComparison(p, 100);
        QCOMPARE(cv::norm(same, p, cv::NORM_INF), 0.0);
    }
    void thumbnailsKeepAspectAndNeverUpscale_data() {
        QTest::addColumn<int>("format");
        QTest::newRow("png") << int(rs::imaging::ThumbnailFormat::Png);
        QTest::newRow("jpeg") << int(rs::imaging::ThumbnailFormat::Jpeg);
    }
    void thumbnailsKeepAspectAndNeverUpscale() {
        QFETCH(int, format);
        rs::imaging::ThumbnailOptions options;
        options.format = rs::imaging::ThumbnailFormat(format);
        const cv::Mat big(600, 1000, CV_8UC3, cv::Scalar(10, 200, 30));
        auto bytes = rs::imaging::makeThumbnail(big, options);
        QVERIFY(bytes.ok());
        auto d = rs::imaging::decodeImageBytes(*bytes, format == 0 ? "t.png" : "t.jpg");
        QVERIFY(d.ok());
        QCOMPARE(d->bgr.size(), cv::Size(256, 154));
        QCOMPARE(d->header.format, format == 0 ? rs::imaging::ImageFormat::Png : rs::imaging::ImageFormat::Jpeg);
        auto small = rs::imaging::makeThumbnail(cv::Mat(40, 50, CV_8UC3, cv::Scalar(1, 2, 3)), options);
        QVERIFY(small.ok());
        QCOMPARE(rs::imaging::decodeImageBytes(*small, "s")->bgr.size(), cv::Size(50, 40));
        QVERIFY(!rs::imaging::makeThumbnail(cv::Mat()).ok());
    }
    void floatConversionIsRgbInUnitRange() {
        cv::Mat bgr(2, 3, CV_8UC3, cv::Scalar(0, 51, 255));  // B=0, G=51, R=255
        const std::vector<float> chw = rs::imaging::toFloatRgbChw(bgr);
        QCOMPARE(int(chw.size()), 18);
        QCOMPARE(chw[0], 1.0f);   // R plane
        QCOMPARE(chw[6], 0.2f);   // G plane
        QCOMPARE(chw[12], 0.0f);  // B plane
        const cv::Mat hwc = rs::imaging::toFloatRgb(bgr);
        QCOMPARE(hwc.type(), CV_32FC3);
        QCOMPARE(hwc.at<cv::Vec3f>(1, 2)[0], 1.0f);
    }
};
RS_REGISTER_TEST(TestImageOps)
#include "tst_image_ops.moc"
