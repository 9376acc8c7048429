#pragma once
// What a scan needs before it starts, shared by the CLI (scan, screen, generate) and the GUI's
// scan panel: the model folder's basic check, prompt lists from text or a file, the embedded
// default model and its training set as the default reference set.
#include "base/expected.h"
#include "store/case_file.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rs::audit {

inline constexpr const char* kDefaultReferenceSet = "default-training-set";

// The folder exists and has model_index.json; the message says which is wrong. The full
// validation (every part named) happens when the pipeline loads it.
Status checkModelFolder(const std::string& dir);

// The embedded default model's folder, or "" when it is not installed.
std::string defaultModelDir();

// One prompt per line (UTF-8; a BOM, CR line ends and blank lines are dropped). Fails on a
// prompt over 16384 bytes, a NUL byte, more than 1,000,000 prompts or none at all; the message
// names `sourceName` and the line.
Expected<std::vector<std::string>> parsePromptLines(const std::string& text, const std::string& sourceName);
// The same from a file of at most 64 MiB.
Expected<std::vector<std::string>> readPromptFile(const std::filesystem::path& path);

// With the embedded default model and a case without reference sets, the model's own training
// set (resources/default-reference) is imported as kDefaultReferenceSet, so the default audit is
// complete. *imported says whether it was (a case that already has sets is left alone).
Status addDefaultReferenceSet(store::CaseFile& caseFile, bool* imported = nullptr);

}  // namespace rs::audit
