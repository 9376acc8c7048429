#pragma once
// The HTML report: a self-contained folder
//   index.html                    the report (no scripts, no external URLs; a CSP forbids both)
//   images/<sha256>.<ext>         the generation and matched images, copied from the case's
//                                 image store under their content names
//   images/difference-<id>.png    the per-pixel difference heatmap of each finding
// The caller gives an empty folder (output_staging.h makes it appear atomically).
#include "base/expected.h"
#include "report/report_model.h"
#include "report/written_report.h"
#include "store/case_file.h"

#include <filesystem>

namespace rs::report {

Expected<WrittenReport> writeHtmlReport(store::CaseFile& caseFile, const ReportModel& model,
                                        const std::filesystem::path& folder);

}  // namespace rs::report
