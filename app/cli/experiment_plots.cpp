#include "experiment_plots.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace rs::cli {
namespace {

constexpr int kLeft = 80, kRight = 20, kTop = 80, kBottom = 60;
const cv::Scalar kInk(40, 40, 40), kGrid(225, 225, 225), kBar(180, 119, 31), kOther(150, 150, 150), kHit(40, 90, 230);
constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

std::string format(const char* fmt, double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, x);
    return buf;
}

// `anchor`: 0 left, 1 centred, 2 right of x.
void text(cv::Mat& img, const std::string& s, int x, int y, double scale = 0.45, int anchor = 1) {
    int baseline = 0;
    const cv::Size size = cv::getTextSize(s, kFont, scale, 1, &baseline);
    cv::putText(img, s, {x - anchor * size.width / 2, y}, kFont, scale, kInk, 1, cv::LINE_AA);
}

cv::Rect plotArea() { return {kLeft, kTop, kPlotWidth - kLeft - kRight, kPlotHeight - kTop - kBottom}; }

// Horizontal grid lines and y labels from 0 to `top`, `steps` of them.
void yAxis(cv::Mat& img, double top, int steps, const char* fmt, const std::string& label) {
    const cv::Rect a = plotArea();
    for (int i = 0; i <= steps; ++i) {
        const int y = a.y + a.height - int(double(a.height) * i / steps);
        cv::line(img, {a.x, y}, {a.x + a.width, y}, kGrid, 1);
        text(img, format(fmt, top * i / steps), a.x - 8, y + 4, 0.4, 2);
    }
    cv::Mat rotated(24, a.height, CV_8UC3, cv::Scalar::all(255));
    text(rotated, label, a.height / 2, 17);
    cv::rotate(rotated, rotated, cv::ROTATE_90_COUNTERCLOCKWISE);
    rotated.copyTo(img(cv::Rect(2, a.y, 24, a.height)));
}

void frame(cv::Mat& img, const std::string& title, const std::string& subtitle, const std::string& xLabel) {
    const cv::Rect a = plotArea();
    cv::line(img, {a.x, a.y + a.height}, {a.x + a.width, a.y + a.height}, kInk, 1);
    cv::line(img, {a.x, a.y}, {a.x, a.y + a.height}, kInk, 1);
    text(img, title, kPlotWidth / 2, 22, 0.55);
    text(img, subtitle, kPlotWidth / 2, 44, 0.4);
    text(img, xLabel, a.x + a.width / 2, kPlotHeight - 12);
}

}  // namespace

cv::Mat extractionRatePlot(const detection::ExperimentResult& r) {
    cv::Mat img(kPlotHeight, kPlotWidth, CV_8UC3, cv::Scalar::all(255));
    const cv::Rect a = plotArea();
    yAxis(img, 100.0, 5, "%.0f%%", "captions extracted");
    const int n = std::max<int>(1, int(r.groups.size()));
    const double slot = double(a.width) / n;
    int i = 0;
    for (const auto& [count, g] : r.groups) {
        const double rate = g.captions ? double(g.extractedAny) / double(g.captions) : 0.0;
        const int cx = a.x + int(slot * (i + 0.5)), half = int(slot * 0.3);
        const int top = a.y + a.height - int(std::lround(rate * a.height));
        if (rate > 0)
            cv::rectangle(img, cv::Point(cx - half, top), cv::Point(cx + half, a.y + a.height), kBar, cv::FILLED);
        text(img, std::to_string(g.extractedAny) + "/" + std::to_string(g.captions), cx, top - 6);
        text(img, std::to_string(count), cx, a.y + a.height + 20);
        ++i;
    }
    frame(img, "Extraction rate by duplicate count",
          "extracted: clique >= " + std::to_string(r.options.minCliqueSize) + " of " + std::to_string(r.generations) +
              " generations, its medoid within tiled l2 " + format("%g", r.options.threshold) + " of a training image",
          "copies of the image in the training set");
    return img;
}

cv::Mat wenScorePlot(const detection::ExperimentResult& r) {
    cv::Mat img(kPlotHeight, kPlotWidth, CV_8UC3, cv::Scalar::all(255));
    const cv::Rect a = plotArea();
    constexpr int kBins = 24;
    double lo = 0.0, hi = 1.0;
    if (!r.captions.empty()) {
        const auto [mn, mx] = std::minmax_element(r.captions.begin(), r.captions.end(),
                                                  [](const auto& x, const auto& y) { return x.wen < y.wen; });
        lo = mn->wen;
        hi = mx->wen;
    }
    if (hi - lo < 1e-9) lo -= 0.5, hi += 0.5;
    std::vector<double> hist[2] = {std::vector<double>(kBins, 0.0), std::vector<double>(kBins, 0.0)};
    std::size_t counts[2] = {0, 0};
    for (const auto& c : r.captions) {
        const int bin = std::clamp(int((c.wen - lo) / (hi - lo) * kBins), 0, kBins - 1);
        hist[c.extractedAny][std::size_t(bin)] += 1.0;
        ++counts[c.extractedAny];
    }
    double peak = 0.0;
    for (int k = 0; k < 2; ++k)
        for (double& h : hist[k]) peak = std::max(peak, h = counts[k] ? h / double(counts[k]) : 0.0);
    const double top = std::min(1.0, std::ceil(std::max(peak, 0.05) * 10.0) / 10.0);
    yAxis(img, top * 100.0, 5, "%.0f%%", "share of its class");
    const double binW = double(a.width) / kBins;
    const cv::Scalar colours[2] = {kOther, kHit};
    for (int k = 0; k < 2; ++k) {
        cv::Mat layer = img.clone();
        for (int b = 0; b < kBins; ++b) {
            if (hist[k][std::size_t(b)] <= 0.0) continue;
            const int y = a.y + a.height - int(std::lround(hist[k][std::size_t(b)] / top * a.height));
            cv::rectangle(layer, cv::Point(a.x + int(binW * b) + 1, y),
                          cv::Point(a.x + int(binW * (b + 1)) - 1, a.y + a.height), colours[k], cv::FILLED);
        }
        cv::addWeighted(layer, 0.6, img, 0.4, 0.0, img);
    }
    for (int t = 0; t <= 4; ++t)
        text(img, format("%.3g", lo + (hi - lo) * t / 4), a.x + a.width * t / 4, a.y + a.height + 20, 0.4);
    const std::string names[2] = {"not extracted (" + std::to_string(counts[0]) + ")",
                                  "extracted (" + std::to_string(counts[1]) + ")"};
    // Legend above the plot area, in the bars' blended colours.
    for (int k = 0; k < 2; ++k) {
        const int x = a.x + a.width / 2 - 180 + 200 * k, y = 66;
        cv::rectangle(img, cv::Point(x, y - 10), cv::Point(x + 14, y + 2),
                      colours[k] * 0.6 + cv::Scalar::all(255) * 0.4, cv::FILLED);
        text(img, names[k], x + 20, y, 0.45, 0);
    }
    frame(img, "Wen score: extracted vs not, AUC " + (r.wenAuc ? format("%.3f", *r.wenAuc) : std::string("n/a")),
          "per caption: mean over its " + std::to_string(r.generations) +
              " generations of |eps(prompt) - eps(\"\")| (as the trainer records it)",
          "Wen score");
    return img;
}

}  // namespace rs::cli
