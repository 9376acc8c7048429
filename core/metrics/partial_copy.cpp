#include "metrics/partial_copy.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace rs::metrics {
namespace {

struct Prepared {
    cv::Mat gray;
    double scale = 1;  // working / original
};

Prepared prepare(const cv::Mat& bgr, int longSide) {
    Prepared p;
    cv::Mat gray;
    if (bgr.channels() == 3)
        cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    else
        gray = bgr;
    const int current = std::max(gray.cols, gray.rows);
    if (current > longSide) {
        p.scale = double(longSide) / current;
        cv::resize(gray, p.gray, cv::Size(), p.scale, p.scale, cv::INTER_AREA);
    } else {
        p.gray = gray;
    }
    return p;
}

cv::Rect boxOf(const std::vector<cv::Point2f>& points, double scale, const cv::Size& bounds) {
    if (points.empty()) return {};
    cv::Rect2f r = cv::boundingRect(points);
    const cv::Rect box(int(std::floor(r.x / scale)), int(std::floor(r.y / scale)), int(std::ceil(r.width / scale)) + 1,
                       int(std::ceil(r.height / scale)) + 1);
    return box & cv::Rect(0, 0, bounds.width, bounds.height);
}

struct Verification {
    cv::Rect regionA, regionB;
    double verifiedFraction = 0;
};

// Photometric check of the fitted homography: warp A onto B (B at <= 512 px), and count how
// many of B's textured pixels near the inliers agree with the warped A. Chance inliers (a few
// similar corners) fail it; a real copy agrees almost everywhere. The agreeing connected
// regions that overlap the inliers' hull give the matched region, uniform parts included.
Verification verify(const cv::Mat& a, const cv::Mat& b, const cv::Mat& h, const std::vector<cv::Point2f>& inliersB) {
    Verification v;
    const double s = std::min(1.0, 512.0 / std::max(b.cols, b.rows));
    cv::Mat bs;
    if (s < 1)
        cv::resize(b, bs, cv::Size(), s, s, cv::INTER_AREA);
    else
        bs = b;
    const cv::Mat scale = (cv::Mat_<double>(3, 3) << s, 0, 0, 0, s, 0, 0, 0, 1);
    const cv::Mat hv = scale * h;
    cv::Mat warped, valid;
    cv::warpPerspective(a, warped, hv, bs.size(), cv::INTER_AREA, cv::BORDER_CONSTANT);
    cv::warpPerspective(cv::Mat(a.size(), CV_8U, cv::Scalar(255)), valid, hv, bs.size(), cv::INTER_NEAREST,
                        cv::BORDER_CONSTANT);
    cv::erode(valid, valid, cv::Mat(), cv::Point(-1, -1), 2);
    cv::Mat wb, bb, diff;
    cv::GaussianBlur(warped, wb, cv::Size(5, 5), 1.5);
    cv::GaussianBlur(bs, bb, cv::Size(5, 5), 1.5);
    cv::absdiff(wb, bb, diff);
    std::vector<cv::Mat> planes;
    cv::split(diff, planes);
    cv::Mat maxDiff = cv::max(cv::max(planes[0], planes[1]), planes[2]);
    cv::Mat agree = (maxDiff <= 32) & valid;
    cv::morphologyEx(agree, agree, cv::MORPH_OPEN, cv::Mat());
    cv::Mat gray, gx, gy, magnitude;
    cv::cvtColor(bb, gray, cv::COLOR_BGR2GRAY);
    cv::Sobel(gray, gx, CV_32F, 1, 0);
    cv::Sobel(gray, gy, CV_32F, 0, 1);
    cv::magnitude(gx, gy, magnitude);
    const cv::Mat textured = (magnitude > 40) & valid;
    std::vector<cv::Point> hull, scaled;
    for (const auto& p : inliersB) scaled.emplace_back(int(p.x * s), int(p.y * s));
    cv::convexHull(scaled, hull);
    cv::Mat hullMask(bs.size(), CV_8U, cv::Scalar(0));
    cv::fillConvexPoly(hullMask, hull, cv::Scalar(255));
    cv::dilate(hullMask, hullMask, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(11, 11)));
    const double texturedInHull = cv::countNonZero(textured & hullMask);
    v.verifiedFraction = texturedInHull > 0 ? cv::countNonZero(textured & hullMask & agree) / texturedInHull : 0.0;
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(agree, labels, stats, centroids, 8, CV_32S);
    std::vector<int> inside(std::size_t(count), 0);
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        const uchar* m = hullMask.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (l[x] > 0 && m[x]) ++inside[std::size_t(l[x])];
    }
    cv::Rect united;
    for (int c = 1; c < count; ++c) {
        const int area = stats.at<int>(c, cv::CC_STAT_AREA);
        if (area < 16 || inside[std::size_t(c)] < area / 4) continue;
        const cv::Rect r(stats.at<int>(c, cv::CC_STAT_LEFT), stats.at<int>(c, cv::CC_STAT_TOP),
                         stats.at<int>(c, cv::CC_STAT_WIDTH), stats.at<int>(c, cv::CC_STAT_HEIGHT));
        united = united.area() == 0 ? r : (united | r);
    }
    if (united.area() == 0) return v;
    v.regionB = cv::Rect(int(united.x / s), int(united.y / s), int(std::ceil(united.width / s)),
                         int(std::ceil(united.height / s))) &
                cv::Rect(0, 0, b.cols, b.rows);
    const std::vector<cv::Point2f> corners{cv::Point2f(float(v.regionB.x), float(v.regionB.y)),
                                           cv::Point2f(float(v.regionB.br().x), float(v.regionB.y)),
                                           cv::Point2f(float(v.regionB.br().x), float(v.regionB.br().y)),
                                           cv::Point2f(float(v.regionB.x), float(v.regionB.br().y))};
    std::vector<cv::Point2f> back;
    cv::perspectiveTransform(corners, back, h.inv());
    v.regionA = cv::boundingRect(back) & cv::Rect(0, 0, a.cols, a.rows);
    return v;
}

// One matching pass with A at the working scale of `pa` against B's features.
void matchAtScale(const cv::Mat& a, const cv::Mat& b, const Prepared& pa, const Prepared& pb, cv::Feature2D& orb,
                  const std::vector<cv::KeyPoint>& kb, const cv::Mat& db, const PartialCopyOptions& options,
                  PartialCopy& result) {
    std::vector<cv::KeyPoint> ka;
    cv::Mat da;
    orb.detectAndCompute(pa.gray, cv::noArray(), ka, da);
    result.keypointsA = int(ka.size());
    result.keypointsB = int(kb.size());
    if (ka.size() < 4 || kb.size() < 4) {
        result.reason = "too few keypoints (" + std::to_string(ka.size()) + " and " + std::to_string(kb.size()) + ")";
        return;
    }
    cv::BFMatcher matcher(cv::NORM_HAMMING);
    std::vector<std::vector<cv::DMatch>> knn;
    matcher.knnMatch(da, db, knn, 2);
    std::vector<cv::Point2f> ptsA, ptsB;
    for (const auto& m : knn)
        if (m.size() == 2 && m[0].distance < options.ratio * m[1].distance) {
            ptsA.push_back(ka[std::size_t(m[0].queryIdx)].pt);
            ptsB.push_back(kb[std::size_t(m[0].trainIdx)].pt);
        }
    result.matches = int(ptsA.size());
    if (ptsA.size() < 4) {
        result.reason = "only " + std::to_string(ptsA.size()) + " distinctive matches";
        return;
    }
    cv::Mat mask;
    const cv::Mat h = cv::findHomography(ptsA, ptsB, cv::RANSAC, options.ransacThresholdPx, mask, 2000, 0.995);
    std::vector<cv::Point2f> inA, inB;
    for (int i = 0; i < mask.rows; ++i)
        if (mask.at<uchar>(i)) {
            inA.push_back(ptsA[std::size_t(i)]);
            inB.push_back(ptsB[std::size_t(i)]);
        }
    result.inliers = int(inA.size());
    result.inlierRatio = double(result.inliers) / double(result.matches);
    cv::Mat ho;
    if (!h.empty()) {
        // Back to original pixels: H_orig = S_b^-1 * H * S_a.
        const cv::Mat sa = (cv::Mat_<double>(3, 3) << pa.scale, 0, 0, 0, pa.scale, 0, 0, 0, 1);
        const cv::Mat sbInv = (cv::Mat_<double>(3, 3) << 1 / pb.scale, 0, 0, 0, 1 / pb.scale, 0, 0, 0, 1);
        ho = sbInv * h * sa;
        ho /= ho.at<double>(2, 2);
        for (int i = 0; i < 9; ++i) result.homography[std::size_t(i)] = ho.at<double>(i / 3, i % 3);
        const double det = ho.at<double>(0, 0) * ho.at<double>(1, 1) - ho.at<double>(0, 1) * ho.at<double>(1, 0);
        const double perspective = std::abs(ho.at<double>(2, 0)) * a.cols + std::abs(ho.at<double>(2, 1)) * a.rows;
        result.plausibleHomography = det > 1.0 / 400 && det < 400 && perspective < 0.5;  // linear scale 1/20..20
    }
    if (result.plausibleHomography && result.inliers >= 4) {
        std::vector<cv::Point2f> inBOriginal;
        for (const auto& p : inB) inBOriginal.emplace_back(float(p.x / pb.scale), float(p.y / pb.scale));
        const Verification v = verify(a, b, ho, inBOriginal);
        result.verifiedFraction = v.verifiedFraction;
        result.regionA = v.regionA;
        result.regionB = v.regionB;
    }
    if (result.regionA.area() == 0 || result.regionB.area() == 0) {
        result.regionA = boxOf(inA, pa.scale, a.size());
        result.regionB = boxOf(inB, pb.scale, b.size());
    }
    result.regionFractionA = double(result.regionA.area()) / (double(a.cols) * a.rows);
    result.regionFractionB = double(result.regionB.area()) / (double(b.cols) * b.rows);
    if (result.inliers < options.minInliers)
        result.reason =
            "only " + std::to_string(result.inliers) + " inliers (< " + std::to_string(options.minInliers) + ")";
    else if (result.inlierRatio < options.minInlierRatio)
        result.reason = "inlier ratio " + std::to_string(result.inlierRatio).substr(0, 4) + " < " +
                        std::to_string(options.minInlierRatio).substr(0, 4);
    else if (!result.plausibleHomography)
        result.reason = "the geometric fit is implausible (reflection, extreme scale or perspective)";
    else if (result.verifiedFraction < options.minVerifiedFraction)
        result.reason = "only " + std::to_string(int(result.verifiedFraction * 100)) +
                        "% of the textured pixels near the matches agree after alignment (< " +
                        std::to_string(int(options.minVerifiedFraction * 100)) + "%)";
    else if (std::min(result.regionFractionA, result.regionFractionB) < options.minRegionFraction)
        result.reason =
            "matched region is under " + std::to_string(int(options.minRegionFraction * 100)) + "% of an image";
    else
        result.detected = true;
}

}  // namespace

Expected<PartialCopy> findPartialCopy(const cv::Mat& a, const cv::Mat& b, const PartialCopyOptions& options) {
    if (a.empty() || b.empty()) return makeError("partial copy: an image is empty");
    PartialCopy best;
    try {
        // 12 pyramid levels at 1.2 cover a 7x scale difference between the copy and the source.
        auto orb = cv::ORB::create(options.maxFeatures, 1.2f, 12);
        const Prepared pb = prepare(b, options.workingLongSide);
        std::vector<cv::KeyPoint> kb;
        cv::Mat db;
        orb->detectAndCompute(pb.gray, cv::noArray(), kb, db);
        // A copy inside B is often much smaller than its source: if A at the working size
        // does not match, retry with A at 1/2 and 1/4 of it, where its coarse structure
        // gives the keypoints.
        int lastSide = 0;
        bool first = true;
        for (const int divisor : {1, 2, 4}) {
            const Prepared pa = prepare(a, options.workingLongSide / divisor);
            const int side = std::max(pa.gray.cols, pa.gray.rows);
            if (side == lastSide || (!first && side < 128)) continue;
            lastSide = side;
            PartialCopy attempt;
            matchAtScale(a, b, pa, pb, *orb, kb, db, options, attempt);
            if (first || attempt.detected || (!best.detected && attempt.inliers > best.inliers)) best = attempt;
            first = false;
            if (best.detected) break;
        }
    } catch (const cv::Exception& e) {
        return makeError(std::string("partial copy: OpenCV failed: ") + e.what());
    }
    return best;
}

}  // namespace rs::metrics
