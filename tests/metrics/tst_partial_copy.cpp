#include "metrics/partial_copy.h"
#include "test_images.h"

#include "test_registry.h"

#include <QtTest>

namespace {

double iou(const cv::Rect& a, const cv::Rect& b) {
    const double inter = (a & b).area();
    const double uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0;
}

// An object: clip art (its alpha as mask) or, for path "drawn", a drawn scene cut to a disc.
void loadObject(const std::string& path, cv::Mat& object, cv::Mat& alpha) {
    if (path == "drawn") {
        object = rs::test::drawScene(4242, 400, 400);
        alpha = cv::Mat(object.size(), CV_8U, cv::Scalar(0));
        cv::circle(alpha, {200, 200}, 190, cv::Scalar(255), cv::FILLED);
        return;
    }
    const cv::Mat rgba = cv::imread(path, cv::IMREAD_UNCHANGED);
    if (rgba.channels() == 4)
        cv::extractChannel(rgba, alpha, 3);
    else
        alpha = cv::Mat(rgba.size(), CV_8U, cv::Scalar(255));
    object = rs::test::loadCanonical(path);
}

// Pastes the object's opaque pixels, scaled to `longSide`, at `at` into `background`; returns
// the box of the pasted pixels. `objectBox` gets the box of the opaque pixels in the object.
cv::Rect pasteObject(const cv::Mat& object, const cv::Mat& alpha, int longSide, cv::Point at, cv::Mat& background,
                     cv::Rect& objectBox) {
    objectBox = cv::boundingRect(alpha > 127);
    const double scale = double(longSide) / std::max(object.cols, object.rows);
    cv::Mat small, smallAlpha;
    cv::resize(object, small, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    cv::resize(alpha, smallAlpha, small.size(), 0, 0, cv::INTER_AREA);
    small.copyTo(background(cv::Rect(at, small.size())), smallAlpha > 127);
    const cv::Rect box = cv::boundingRect(smallAlpha > 127);
    return cv::Rect(box.x + at.x, box.y + at.y, box.width, box.height);
}

}  // namespace

class TestPartialCopy : public QObject {
    Q_OBJECT
private slots:
    // Geometric edits of a whole image: the local-feature matcher is the metric for these.
    void partialCopyDetectsEditedCopy_data() {
        QTest::addColumn<QString>("edit");
        for (const char* e : {"identical", "crop_center_60pct", "scale_0.6", "rotate_8deg", "shift_8px", "jpeg60"})
            QTest::newRow(e) << QString(e);
    }
    void partialCopyDetectsEditedCopy() {
        QFETCH(QString, edit);
        const cv::Mat a = rs::test::drawScene(41, 640, 480);
        cv::Mat b;
        cv::Rect expectedA(0, 0, a.cols, a.rows);
        if (edit == "identical")
            b = a.clone();
        else if (edit == "crop_center_60pct") {
            expectedA = cv::Rect(128, 96, 384, 288);
            b = a(expectedA).clone();
        } else if (edit == "scale_0.6")
            cv::resize(a, b, cv::Size(), 0.6, 0.6, cv::INTER_AREA);
        else if (edit == "rotate_8deg") {
            const cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(320, 240), 8, 1.0);
            cv::warpAffine(a, b, rot, a.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255, 255, 255));
        } else if (edit == "shift_8px") {
            b = cv::Mat(a.size(), a.type(), cv::Scalar(255, 255, 255));
            a(cv::Rect(0, 0, a.cols - 8, a.rows - 8)).copyTo(b(cv::Rect(8, 8, a.cols - 8, a.rows - 8)));
        } else
            b = rs::test::jpegRoundTrip(a, 60);
        auto r = rs::metrics::findPartialCopy(a, b);
        QVERIFY(r.ok());
        QVERIFY2(r->detected, qPrintable(QString::fromStdString(r->reason)));
        QVERIFY(r->inlierRatio >= 0.3);
        qInfo("%s: %d inliers of %d, verified %.2f", qPrintable(edit), r->inliers, r->matches, r->verifiedFraction);
        if (edit == "crop_center_60pct")
            QVERIFY2(iou(r->regionA, expectedA) > 0.5, qPrintable(QString::number(iou(r->regionA, expectedA))));
    }
    void pastedObjectIsFoundWithItsBox_data() {
        QTest::addColumn<int>("which");  // -1: drawn object; else index into clipartFiles(5, 300)
        QTest::addColumn<int>("longSide");
        QTest::addColumn<bool>("knownLimit");
        QTest::newRow("drawn disc, 280 px") << -1 << 280 << false;
        QTest::newRow("clip art bird, 250 px") << 1 << 250 << false;
        QTest::newRow("clip art crawfish, 420 px") << 2 << 420 << false;
        // Flat, smooth clip art gives ORB too few distinctive keypoints once shrunk; recorded
        // as expected failures so an improvement shows up (XPASS).
        QTest::newRow("clip art dolphin (smooth), 320 px") << 3 << 320 << true;
        QTest::newRow("clip art horse (flat), 320 px") << 4 << 320 << true;
    }
    void pastedObjectIsFoundWithItsBox() {
        QFETCH(int, which);
        QFETCH(int, longSide);
        QFETCH(bool, knownLimit);
        const auto files = rs::test::clipartFiles(5, 300);
        if (which >= 0 && files.size() < 5) QSKIP("openclipart-png is not installed");
        const std::string path = which < 0 ? "drawn" : files[std::size_t(which)];
        cv::Mat object, alpha;
        loadObject(path, object, alpha);
        cv::Mat scene = rs::test::drawScene(77, 900, 700);
        cv::Rect objectBox;
        const cv::Rect pastedBox =
            pasteObject(object, alpha, longSide, {90 + 60 * which, 80 + 30 * which}, scene, objectBox);
        auto r = rs::metrics::findPartialCopy(object, rs::test::jpegRoundTrip(scene, 85));
        QVERIFY(r.ok());
        if (knownLimit) QEXPECT_FAIL("", "flat clip art gives ORB too few keypoints when shrunk (known limit)", Abort);
        QVERIFY2(r->detected, qPrintable(QString::fromStdString(r->reason)));
        const double iouB = iou(r->regionB, pastedBox), iouA = iou(r->regionA, objectBox);
        qInfo("%s: %d inliers of %d, verified %.2f, IoU in scene %.2f, in object %.2f", path.c_str(), r->inliers,
              r->matches, r->verifiedFraction, iouB, iouA);
        QVERIFY(iouB >= 0.5);
        QVERIFY(iouA >= 0.5);
    }
    void unrelatedImagesAreNotPartialCopies() {
        std::vector<cv::Mat> images;
        for (unsigned s = 50; s < 54; ++s) images.push_back(rs::test::drawScene(s, 640, 480));
        for (const auto& p : rs::test::clipartFiles(3, 300)) images.push_back(rs::test::loadCanonical(p));
        int maxInliers = 0;
        double maxRatio = 0;
        for (std::size_t i = 0; i < images.size(); ++i)
            for (std::size_t j = i + 1; j < images.size(); ++j) {
                auto r = rs::metrics::findPartialCopy(images[i], images[j]);
                QVERIFY(r.ok());
                maxInliers = std::max(maxInliers, r->inliers);
                maxRatio = std::max(maxRatio, r->inlierRatio);
                qInfo("unrelated %zu-%zu: %d inliers of %d matches (%.2f), verified %.2f", i, j, r->inliers, r->matches,
                      r->inlierRatio, r->verifiedFraction);
                QVERIFY2(!r->detected,
                         qPrintable(
                             QString("%1-%2: %3 inliers, ratio %4").arg(i).arg(j).arg(r->inliers).arg(r->inlierRatio)));
                QVERIFY(!r->reason.empty());
            }
    }
    void blankImagesGiveAReasonNotAnError() {
        const cv::Mat white(200, 200, CV_8UC3, cv::Scalar(255, 255, 255));
        auto r = rs::metrics::findPartialCopy(white, white);
        QVERIFY(r.ok());
        QVERIFY(!r->detected);
        QVERIFY(r->reason.find("keypoints") != std::string::npos);
        QVERIFY(!rs::metrics::findPartialCopy(cv::Mat(), white).ok());
    }
};
RS_REGISTER_TEST(TestPartialCopy)
#include "tst_partial_copy.moc"
