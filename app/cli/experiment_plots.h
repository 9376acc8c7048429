#pragma once
// The extraction experiment's plots (README): drawn with OpenCV, 800×500 BGR images.
#include "detection/extraction_experiment.h"

#include <opencv2/core.hpp>

namespace rs::cli {

constexpr int kPlotWidth = 800, kPlotHeight = 500;

// Share of captions extracted per duplicate count, one bar each, labelled "k/n".
cv::Mat extractionRatePlot(const detection::ExperimentResult& result);
// Histograms of the captions' Wen scores, extracted over not extracted (each as a share of its
// class, since the classes differ in size), with the AUC in the title.
cv::Mat wenScorePlot(const detection::ExperimentResult& result);

}  // namespace rs::cli
