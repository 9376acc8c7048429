#pragma once
// Report outputs appear complete or not at all. A file is written under a temporary sibling
// name and moved into place; a folder (the HTML report) is built in a temporary sibling folder
// and renamed. Without `force` an existing file, or an existing non-empty folder, is refused
// (an empty folder is replaced). With `force` the old output is replaced only once the new one
// is complete. If the staged output is never committed, it is removed.
#include "base/expected.h"

#include <filesystem>

namespace rs::report {

class StagedOutput {
public:
    enum class Kind { File, Folder };
    // Checks the target and creates the staging file name or folder next to it.
    static Expected<StagedOutput> begin(const std::filesystem::path& target, Kind kind, bool force);

    StagedOutput(StagedOutput&& other) noexcept;
    StagedOutput& operator=(StagedOutput&&) = delete;
    StagedOutput(const StagedOutput&) = delete;
    ~StagedOutput();  // removes the staged output unless committed

    // Where to write: the staging file (not yet created) or the staging folder (created, empty).
    const std::filesystem::path& staging() const { return m_staging; }
    const std::filesystem::path& target() const { return m_target; }
    Status commit();

private:
    StagedOutput(std::filesystem::path target, std::filesystem::path staging, Kind kind, bool force)
        : m_target(std::move(target)), m_staging(std::move(staging)), m_kind(kind), m_force(force) {}
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    Kind m_kind;
    bool m_force;
    bool m_done = false;
};

}  // namespace rs::report
