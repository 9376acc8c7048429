#pragma once
// The findings as CSV: one row per finding, a header row, RFC 4180 quoting, UTF-8 (with a BOM so
// spreadsheets pick the encoding), CRLF line ends, formula-looking cells neutralised.
#include "report/report_model.h"

#include <string>
#include <vector>

namespace rs::report {

std::vector<std::string> csvHeader();
std::string reportCsvText(const ReportModel& model);

}  // namespace rs::report
