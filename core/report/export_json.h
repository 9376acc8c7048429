#pragma once
// The report as one JSON document (nlohmann::json): case, models, runs, findings, audit head.
#include "report/report_model.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace rs::report {

inline constexpr const char* kJsonReportFormat = "replicascope-report-v1";

nlohmann::json reportJson(const ReportModel& model);
std::string reportJsonText(const ReportModel& model);  // pretty-printed, UTF-8, ends with a newline

}  // namespace rs::report
