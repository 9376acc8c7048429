#include "base/resource_paths.h"

#include <cstdlib>
#include <system_error>

namespace rs {
namespace {

std::filesystem::path executableDir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

std::filesystem::path resourceDir() {
    if (const char* env = std::getenv("REPLICASCOPE_RESOURCES"); env && *env) return env;
    const auto exeDir = executableDir();
    if (!exeDir.empty()) {
        const auto installed = exeDir / ".." / "share" / "replicascope";
        std::error_code ec;
        if (std::filesystem::is_directory(installed, ec)) return std::filesystem::weakly_canonical(installed, ec);
    }
    return RS_SOURCE_RESOURCE_DIR;
}

std::filesystem::path findResource(const std::filesystem::path& relative) {
    const auto path = resourceDir() / relative;
    std::error_code ec;
    return std::filesystem::exists(path, ec) ? path : std::filesystem::path();
}

}  // namespace rs
