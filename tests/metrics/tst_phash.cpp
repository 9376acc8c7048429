#include "metrics/phash.h"
#include "test_images.h"

#include "test_registry.h"

#include <QtTest>

class TestPhash : public QObject {
    Q_OBJECT
private slots:
    void hexRoundTrip() {
        const std::uint64_t h = 0x8f3a00ff12345678ull;
        QCOMPARE(QString::fromStdString(rs::metrics::phashToHex(h)), QString("8f3a00ff12345678"));
        std::uint64_t back = 0;
        QVERIFY(rs::metrics::phashFromHex("8F3A00FF12345678", back));
        QCOMPARE(back, h);
        QVERIFY(!rs::metrics::phashFromHex("xyz", back));
        QCOMPARE(rs::metrics::hammingDistance(0, ~0ull), 64);
        QCOMPARE(rs::metrics::hammingDistance(h, h ^ 0x5), 2);
    }
    void identicalIsZero() {
        const cv::Mat a = rs::test::drawScene(7);
        QCOMPARE(rs::metrics::hammingDistance(rs::metrics::perceptualHash(a), rs::metrics::perceptualHash(a.clone())),
                 0);
    }
    // Edits that keep the image the same for a viewer: pHash is the metric meant for them.
    void phashDetectsNearDuplicate_data() {
        QTest::addColumn<QString>("edit");
        for (const char* e : {"jpeg75", "noise", "brightness", "resize", "crop5"}) QTest::newRow(e) << QString(e);
    }
    void phashDetectsNearDuplicate() {
        QFETCH(QString, edit);
        for (unsigned seed : {1u, 2u, 3u}) {
            const cv::Mat a = rs::test::drawScene(seed);
            cv::Mat b;
            if (edit == "jpeg75")
                b = rs::test::jpegRoundTrip(a, 75);
            else if (edit == "noise") {
                cv::Mat noise(a.size(), CV_16SC3);
                cv::randn(noise, 0, 6);
                a.convertTo(b, CV_16SC3);
                b = b + noise;
                b.convertTo(b, CV_8UC3);
            } else if (edit == "brightness")
                a.convertTo(b, -1, 1.0, 20);
            else if (edit == "resize")
                cv::resize(a, b, cv::Size(300, 300), 0, 0, cv::INTER_AREA);
            else {
                const int m = a.cols * 5 / 200;  // 5% of the area off the borders (2.5% per side)
                b = a(cv::Rect(m, m, a.cols - 2 * m, a.rows - 2 * m)).clone();
            }
            const int d = rs::metrics::hammingDistance(rs::metrics::perceptualHash(a), rs::metrics::perceptualHash(b));
            QVERIFY2(d <= rs::metrics::kPhashNearDuplicateDistance,
                     qPrintable(QString("%1 seed %2: Hamming %3").arg(edit).arg(seed).arg(d)));
        }
    }
    void unrelatedImagesAreFar() {
        int minDistance = 64;
        for (unsigned i = 1; i <= 6; ++i)
            for (unsigned j = i + 1; j <= 6; ++j)
                minDistance = std::min(
                    minDistance, rs::metrics::hammingDistance(rs::metrics::perceptualHash(rs::test::drawScene(i)),
                                                              rs::metrics::perceptualHash(rs::test::drawScene(j))));
        QVERIFY2(minDistance > rs::metrics::kPhashNearDuplicateDistance, qPrintable(QString::number(minDistance)));
    }
};
RS_REGISTER_TEST(TestPhash)
#include "tst_phash.moc"
