#pragma once
// The findings as CSV: one row per finding, a header row, RFC 4180 quoting, UTF-8 (with a BOM so
// spreadsheets pick the encoding), CRLF line ends, formula-looking cells neutralised. The last
// four columns give a partial copy's match box in each image ("x y width height" in the pixels
// of an image of "width height"); they are empty for a finding without one.
#include "report/report_model.h"

#include <string>
#include <vector>

namespace rs::report {

std::vector<std::string> csvHeader();
std::string reportCsvText(const ReportModel& model);

}  // namespace rs::report
