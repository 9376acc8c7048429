#pragma once
// Where run-time resources (default model, default reference set, CLIP vocabulary) live:
// $REPLICASCOPE_RESOURCES if set, else <exe>/../share/replicascope (installed), else the
// source tree's resources/ (running from a build folder).
#include <filesystem>

namespace rs {

std::filesystem::path resourceDir();
// A path inside the resource folder; empty when the file does not exist there.
std::filesystem::path findResource(const std::filesystem::path& relative);

}  // namespace rs
