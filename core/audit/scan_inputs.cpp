#include "audit/scan_inputs.h"

#include "base/file_io.h"
#include "base/resource_paths.h"
#include "reference/reference_import.h"
#include "store/case_repository.h"

namespace rs::audit {

namespace fs = std::filesystem;

namespace {
constexpr std::uintmax_t kMaxPromptFileBytes = 64u << 20;
constexpr std::size_t kMaxPromptBytes = 16384;
constexpr std::size_t kMaxPrompts = 1000000;
}  // namespace

Status checkModelFolder(const std::string& dir) {
    std::error_code ec;
    if (dir.empty()) return badInput("no model folder given", "model");
    if (!fs::is_directory(dir, ec))
        return notFound("model folder " + dir + " does not exist or is not a folder", "model");
    if (!fs::is_regular_file(fs::path(dir) / "model_index.json", ec))
        return badInput("model folder " + dir + " lacks model_index.json (is it a diffusers folder?)", "model");
    return Status::success();
}

std::string defaultModelDir() { return findResource("default-model").string(); }

Expected<std::vector<std::string>> parsePromptLines(const std::string& text, const std::string& sourceName) {
    std::vector<std::string> prompts;
    std::size_t number = 0, start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        if (line.size() > kMaxPromptBytes)
            return badInput(sourceName + " line " + std::to_string(number) + ": prompt longer than 16384 bytes");
        if (line.find('\0') != std::string::npos)
            return badInput(sourceName + " line " + std::to_string(number) + ": NUL byte");
        prompts.push_back(std::move(line));
        if (prompts.size() > kMaxPrompts) return badInput(sourceName + ": more than 1,000,000 prompts");
    }
    if (prompts.empty()) return badInput(sourceName + " has no prompts");
    return prompts;
}

Expected<std::vector<std::string>> readPromptFile(const fs::path& path) {
    auto text = readFileLimited(path, kMaxPromptFileBytes);
    if (!text) return badInput("cannot read the prompt file " + path.string() + ": " + text.message(), "prompts");
    return parsePromptLines(*text, "the prompt file " + path.string());
}

Status addDefaultReferenceSet(store::CaseFile& caseFile, bool* imported) {
    if (imported) *imported = false;
    auto sets = store::listReferenceSets(caseFile.db());
    if (!sets) return sets.error();
    if (!sets->empty()) return {};
    const auto manifest = findResource("default-reference/manifest.csv");
    if (manifest.empty()) return makeError("the embedded default reference set is not installed");
    auto summary =
        reference::importReferenceSet(caseFile, kDefaultReferenceSet, reference::ImportSource::manifest(manifest));
    if (!summary) return summary.error();
    if (imported) *imported = true;
    return {};
}

}  // namespace rs::audit
