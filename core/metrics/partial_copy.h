#pragma once
// Partial copies (Somepalli et al. 2023, "copying parts": an object or background reused
// inside an otherwise different image). Local features survive crops, rescaling, small
// rotations and re-encoding, where whole-image metrics do not:
//   1. both images are scaled so their long side is <= workingLongSide (speed; features are
//      scale-invariant), converted to gray;
//   2. ORB keypoints + binary descriptors (up to maxFeatures per image, 8-level pyramid);
//   3. 2-nearest-neighbour Hamming matching from A to B with Lowe's ratio test;
//   4. RANSAC homography (reprojection error ransacThresholdPx at working scale);
//   5. photometric verification: A is warped onto B with the homography; of B's textured
//      pixels (Sobel magnitude > 40) near the inliers' hull, the fraction that agree with the
//      warped A (max channel difference <= 32 after a light blur) is `verifiedFraction`;
//   6. the matched region in B is the bounding box of the agreeing connected regions that
//      overlap the inliers' hull (so uniform parts of a copied object count too); in A it is
//      that box mapped back through the homography. Original pixel coordinates.
// Defaults for "partial copy" (chosen on drawn scenes and clip art, see tests/metrics):
// >= 12 inliers AND inlier ratio (inliers / ratio-test matches) >= 0.15 AND a plausible
// homography (no reflection, linear scale within 1/20..20, mild perspective) AND
// verifiedFraction >= 0.5 AND a matched region covering >= 1% of each image. Unrelated
// images give up to ~30 chance inliers (repeated glyphs, corners) but verify below 0.2.
#include "base/expected.h"

#include <opencv2/core.hpp>

#include <array>
#include <string>

namespace rs::metrics {

struct PartialCopyOptions {
    int workingLongSide = 1024;
    int maxFeatures = 3000;
    double ratio = 0.8;  // Lowe's ratio for binary descriptors
    double ransacThresholdPx = 5.0;
    int minInliers = 12;
    double minInlierRatio = 0.15;
    double minVerifiedFraction = 0.5;
    double minRegionFraction = 0.01;
};

struct PartialCopy {
    int keypointsA = 0, keypointsB = 0;
    int matches = 0;                                  // after the ratio test
    int inliers = 0;                                  // RANSAC inliers
    double inlierRatio = 0;                           // inliers / matches
    cv::Rect regionA, regionB;                        // matched region in each image, original pixels (empty if none)
    double regionFractionA = 0, regionFractionB = 0;  // region area / image area
    std::array<double, 9> homography{};               // A -> B in original pixels, row-major; zeros if none
    bool plausibleHomography = false;
    double verifiedFraction = 0;  // textured pixels near the matches that agree after warping
    bool detected = false;        // all the criteria above hold
    std::string reason;           // why not detected, for the report ("only 7 inliers (< 25)")
};

// a and b: canonical BGR images of any sizes.
Expected<PartialCopy> findPartialCopy(const cv::Mat& a, const cv::Mat& b, const PartialCopyOptions& options = {});

}  // namespace rs::metrics
