#pragma once
// The extraction experiment's result as text: a Markdown table for the README (one row per
// duplicate count, then all captions, followed by the Wen AUC and the exact settings) and JSON.
#include "detection/extraction_experiment.h"

#include <string>

namespace rs::detection {

std::string extractionMarkdown(const ExperimentResult& result);
// `source`: the dump's path, recorded in the JSON.
std::string extractionJson(const ExperimentResult& result, const std::string& source);

}  // namespace rs::detection
