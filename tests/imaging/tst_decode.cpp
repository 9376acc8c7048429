#include "base/sha256.h"
#include "imaging/image_decode.h"
#include "imaging/image_header.h"
#include "image_bytes.h"

#include "test_registry.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <fstream>

namespace {

cv::Mat pattern(int w, int h) {
    cv::Mat img(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            img.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 255 / w), uchar(y * 255 / h), uchar((x + y) % 256));
    cv::rectangle(img, cv::Rect(2, 2, w / 4, h / 5), cv::Scalar(0, 0, 255), cv::FILLED);  // red block, top left
    return img;
}

std::string writeFile(const QTemporaryDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    return path;
}

bool contains(const std::string& text, const QString& part) { return QString::fromStdString(text).contains(part); }

}  // namespace

class TestDecode : public QObject {
    Q_OBJECT
private slots:
    void decodesEveryFormat_data() {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<int>("quality");  // -1 lossless
        QTest::addColumn<QString>("format");
        QTest::newRow("png") << ".png" << -1 << "PNG";
        QTest::newRow("jpeg") << ".jpg" << 95 << "JPEG";
        QTest::newRow("webp lossy (VP8)") << ".webp" << 90 << "WebP";
        QTest::newRow("webp lossless (VP8L)") << ".webp" << 101 << "WebP";
        QTest::newRow("bmp") << ".bmp" << -1 << "BMP";
        QTest::newRow("tiff") << ".tiff" << -1 << "TIFF";
    }
    void decodesEveryFormat() {
        QFETCH(QString, ext);
        QFETCH(int, quality);
        QFETCH(QString, format);
        const cv::Mat img = pattern(123, 77);
        std::vector<int> params;
        if (ext == ".jpg") params = {cv::IMWRITE_JPEG_QUALITY, quality};
        if (ext == ".webp") params = {cv::IMWRITE_WEBP_QUALITY, quality};
        const std::string bytes = rs::test::encode(img, ext.toStdString(), params);
        auto header = rs::imaging::probeImageHeader(bytes, "x");
        QVERIFY2(header.ok(), header.ok() ? "" : header.message().c_str());
        QCOMPARE(header->width, 123);
        QCOMPARE(header->height, 77);
        auto d = rs::imaging::decodeImageBytes(bytes, "image" + ext.toStdString());
        QVERIFY2(d.ok(), d.ok() ? "" : d.message().c_str());
        QCOMPARE(QString(rs::imaging::formatName(d->header.format)), format);
        QCOMPARE(d->bgr.type(), CV_8UC3);
        QCOMPARE(d->bgr.size(), img.size());
        QVERIFY(d->warnings.empty());
        QCOMPARE(d->sha256, rs::sha256Hex(bytes));
        const double err = cv::norm(d->bgr, img, cv::NORM_L1) / double(img.total() * 3);
        QVERIFY2(err < (quality < 0 || quality > 100 ? 1e-9 : 6.0), qPrintable(QString::number(err)));
    }
    void badInputsGiveClearErrors_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        const std::string png = rs::test::encode(pattern(64, 64), ".png");
        auto qb = [](const std::string& s) { return QByteArray(s.data(), int(s.size())); };
        QTest::newRow("0-byte") << QByteArray() << "empty.png"
                                << "empty (0 bytes)";
        QTest::newRow("truncated PNG") << qb(png.substr(0, png.size() / 2)) << "cut.png"
                                       << "truncated or corrupt";
        QTest::newRow("PNG cut inside its header") << qb(png.substr(0, 20)) << "cut.png"
                                                   << "header is truncated";
        QTest::newRow("1x1") << qb(rs::test::encode(cv::Mat(1, 1, CV_8UC3, cv::Scalar(1, 2, 3)), ".png")) << "dot.png"
                             << "too small to compare (minimum 8x8)";
        QTest::newRow("PNG header 30000x30000")
            << qb(rs::test::rawPng(30000, 30000, 8, 2, std::string(100, '\0'))) << "huge.png"
            << "30000x30000 (900 MP), over the 100 MP limit";
        QTest::newRow("JPEG header 30000x30000") << qb(rs::test::jpegHeaderClaiming(30000, 30000)) << "huge.jpg"
                                                 << "over the 100 MP limit";
        QTest::newRow("text file") << QByteArray("hello, this is not an image") << "notes.png"
                                   << "not a supported image format";
        QTest::newRow("GIF") << QByteArray("GIF89a\x40\x00\x40\x00\x00\x00\x00", 13) << "anim.gif"
                             << "GIF cannot be decoded";
        QTest::newRow("JPEG without frame") << QByteArray("\xFF\xD8\xFF\xD9", 4) << "x.jpg"
                                            << "no frame header";
    }
    void badInputsGiveClearErrors() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string path = writeFile(dir, name.toStdString(), bytes.toStdString());
        QElapsedTimer timer;
        timer.start();
        auto d = rs::imaging::decodeImageFile(path);
        QVERIFY(!d.ok());
        QVERIFY2(contains(d.message(), expected), d.message().c_str());
        QVERIFY2(contains(d.message(), name), d.message().c_str());  // names the file
        QVERIFY(timer.elapsed() < 2000);                             // refused before allocating pixels
    }
    void missingAndOversizedFiles() {
        auto missing = rs::imaging::decodeImageFile("/nonexistent/a.png");
        QVERIFY(!missing.ok());
        QVERIFY(contains(missing.message(), "/nonexistent/a.png: file does not exist"));
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "big.png", rs::test::encode(pattern(200, 200), ".png"));
        rs::imaging::DecodeLimits limits;
        limits.maxFileBytes = 1000;
        auto big = rs::imaging::decodeImageFile(path, limits);
        QVERIFY(!big.ok());
        QVERIFY2(contains(big.message(), "over the 1000 bytes limit"), big.message().c_str());
        limits = {};
        limits.maxPixels = 200 * 199;
        QVERIFY(!rs::imaging::decodeImageFile(path, limits).ok());
        QVERIFY(!rs::imaging::decodeImageFile(dir.path().toStdString()).ok());  // a folder
    }
    void wrongExtensionDecodesByContentAndWarns() {
        const cv::Mat img = pattern(40, 30);
        QTemporaryDir dir;
        const std::string path = writeFile(dir, "photo.jpg", rs::test::encode(img, ".png"));
        auto d = rs::imaging::decodeImageFile(path);
        QVERIFY(d.ok());
        QCOMPARE(d->header.format, rs::imaging::ImageFormat::Png);
        QCOMPARE(cv::norm(d->bgr, img, cv::NORM_INF), 0.0);
        QCOMPARE(int(d->warnings.size()), 1);
        QVERIFY2(contains(d->warnings[0], "extension .jpg but the content is PNG"), d->warnings[0].c_str());
    }
    void cmykJpegConvertsToRgb() {
        // Patches of pure inks: cyan, magenta, yellow, black 50%, none (paper white).
        const cv::Vec4b inks[5] = {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 128}, {0, 0, 0, 0}};
        const cv::Vec3b expected[5] = {
            {255, 255, 0}, {255, 0, 255}, {0, 255, 255}, {127, 127, 127}, {255, 255, 255}};  // BGR
        cv::Mat cmyk(32, 5 * 32, CV_8UC4);
        for (int p = 0; p < 5; ++p)
            cmyk(cv::Rect(p * 32, 0, 32, 32)).setTo(cv::Scalar(inks[p][0], inks[p][1], inks[p][2], inks[p][3]));
        const std::string bytes = rs::test::cmykJpeg(cmyk);
        auto header = rs::imaging::probeImageHeader(bytes, "cmyk.jpg");
        QVERIFY(header.ok() && header->cmyk);
        auto d = rs::imaging::decodeImageBytes(bytes, "cmyk.jpg");
        QVERIFY2(d.ok(), d.ok() ? "" : d.message().c_str());
        for (int p = 0; p < 5; ++p) {
            const cv::Vec3b got = d->bgr.at<cv::Vec3b>(16, p * 32 + 16);
            for (int c = 0; c < 3; ++c)
                QVERIFY2(
                    std::abs(int(got[c]) - int(expected[p][c])) <= 6,
                    qPrintable(QString("patch %1 channel %2: %3 vs %4").arg(p).arg(c).arg(got[c]).arg(expected[p][c])));
        }
    }
    void sixteenBitPngScalesTo8Bit() {
        cv::Mat img16(16, 16, CV_16UC3);
        img16.setTo(cv::Scalar(65535, 32768, 257 * 10));
        img16(cv::Rect(0, 0, 8, 16)).setTo(cv::Scalar(0, 1000, 65000));
        const std::string bytes = rs::test::encode(img16, ".png");
        auto header = rs::imaging::probeImageHeader(bytes, "deep.png");
        QVERIFY(header.ok());
        QCOMPARE(header->bitsPerChannel, 16);
        auto d = rs::imaging::decodeImageBytes(bytes, "deep.png");
        QVERIFY(d.ok());
        QCOMPARE(d->bgr.at<cv::Vec3b>(0, 12), cv::Vec3b(255, 128, 10));
        QCOMPARE(d->bgr.at<cv::Vec3b>(0, 2), cv::Vec3b(0, 4, 253));
    }
    void alphaIsCompositedOnWhite_data() {
        QTest::addColumn<bool>("grayAlpha");
        QTest::newRow("RGBA") << false;
        QTest::newRow("gray+alpha") << true;
    }
    void alphaIsCompositedOnWhite() {
        QFETCH(bool, grayAlpha);
        cv::Mat gray(20, 30, CV_8U, cv::Scalar(40)), alpha(20, 30, CV_8U, cv::Scalar(255));
        alpha(cv::Rect(0, 0, 10, 20)).setTo(0);     // transparent: white
        alpha(cv::Rect(10, 0, 10, 20)).setTo(128);  // half: (40*128 + 255*127)/255 = 147
        std::string bytes;
        if (grayAlpha) {
            bytes = rs::test::grayAlphaPng(gray, alpha);
        } else {
            cv::Mat bgra;
            cv::merge(std::vector<cv::Mat>{gray, gray, gray, alpha}, bgra);
            bytes = rs::test::encode(bgra, ".png");
        }
        auto d = rs::imaging::decodeImageBytes(bytes, "a.png");
        QVERIFY2(d.ok(), d.ok() ? "" : d.message().c_str());
        QVERIFY(d->hadAlpha);
        QCOMPARE(d->bgr.type(), CV_8UC3);
        QCOMPARE(d->bgr.at<cv::Vec3b>(5, 5), cv::Vec3b(255, 255, 255));
        QCOMPARE(d->bgr.at<cv::Vec3b>(5, 15), cv::Vec3b(147, 147, 147));
        QCOMPARE(d->bgr.at<cv::Vec3b>(5, 25), cv::Vec3b(40, 40, 40));
    }
    void webpWithAlphaIsExtendedFormat() {
        cv::Mat bgra(40, 60, CV_8UC4, cv::Scalar(0, 0, 200, 255));
        bgra(cv::Rect(0, 0, 30, 40)).setTo(cv::Scalar(0, 0, 200, 0));
        const std::string bytes = rs::test::encode(bgra, ".webp", {cv::IMWRITE_WEBP_QUALITY, 90});
        auto header = rs::imaging::probeImageHeader(bytes, "a.webp");
        QVERIFY(header.ok());
        QCOMPARE(header->width, 60);
        QCOMPARE(header->height, 40);
        QCOMPARE(header->channels, 4);
        auto d = rs::imaging::decodeImageBytes(bytes, "a.webp");
        QVERIFY(d.ok());
        QVERIFY(d->hadAlpha);
        QVERIFY(cv::norm(d->bgr.at<cv::Vec3b>(20, 5), cv::Vec3b(255, 255, 255)) < 12);
        QVERIFY(cv::norm(d->bgr.at<cv::Vec3b>(20, 55), cv::Vec3b(0, 0, 200)) < 12);
    }
    void grayJpegBecomesThreeChannels() {
        cv::Mat gray(24, 24, CV_8U, cv::Scalar(90));
        auto d = rs::imaging::decodeImageBytes(rs::test::encode(gray, ".jpg"), "g.jpg");
        QVERIFY(d.ok());
        QCOMPARE(d->bgr.type(), CV_8UC3);
        QVERIFY(std::abs(int(d->bgr.at<cv::Vec3b>(5, 5)[1]) - 90) <= 1);
    }
    // EXIF orientation is applied; the result matches OpenCV's own cv::imread(IMREAD_COLOR),
    // which applies EXIF in 4.6 (this test is the check).
    void exifOrientationIsApplied_data() {
        QTest::addColumn<int>("orientation");
        for (int o = 1; o <= 8; ++o) QTest::newRow(qPrintable(QString("orientation %1").arg(o))) << o;
    }
    void exifOrientationIsApplied() {
        QFETCH(int, orientation);
        const cv::Mat img = pattern(80, 48);
        const std::string plain = rs::test::encode(img, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 98});
        const std::string bytes = rs::test::withExifOrientation(plain, orientation);
        auto header = rs::imaging::probeImageHeader(bytes, "o.jpg");
        QVERIFY(header.ok());
        QCOMPARE(header->exifOrientation, orientation);
        auto d = rs::imaging::decodeImageBytes(bytes, "o.jpg");
        QVERIFY(d.ok());
        const bool swaps = orientation >= 5;
        QCOMPARE(d->bgr.cols, swaps ? 48 : 80);
        QTemporaryDir dir;
        const cv::Mat opencv = cv::imread(writeFile(dir, "o.jpg", bytes), cv::IMREAD_COLOR);
        QCOMPARE(opencv.size(), d->bgr.size());
        QVERIFY(cv::norm(opencv, d->bgr, cv::NORM_INF) <= 1);
        if (orientation == 6) {  // rotate 90 degrees clockwise: the red block moves to the top right
            const cv::Vec3b topRight = d->bgr.at<cv::Vec3b>(5, d->bgr.cols - 6);
            QVERIFY(topRight[2] > 200 && topRight[0] < 60);
        }
    }
    void canonicalConversionHandlesTypes() {
        cv::Mat f(10, 10, CV_32FC1, cv::Scalar(0.5));
        auto c = rs::imaging::toCanonicalBgr(f);
        QVERIFY(c.ok());
        QCOMPARE(c->at<cv::Vec3b>(0, 0), cv::Vec3b(128, 128, 128));
        QVERIFY(!rs::imaging::toCanonicalBgr(cv::Mat()).ok());
        QVERIFY(!rs::imaging::toCanonicalBgr(cv::Mat(4, 4, CV_8SC3)).ok());
    }
};
RS_REGISTER_TEST(TestDecode)
#include "tst_decode.moc"
