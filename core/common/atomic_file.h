#pragma once
// Files the case refers to are written atomically: temp file in the same folder, fsync, rename.
#include "expected.h"

#include <filesystem>
#include <string>

namespace rs {

// Writes bytes to target via a temporary sibling and rename(); never leaves a partial target.
Status writeFileAtomically(const std::filesystem::path& target, const void* data, std::size_t size);
inline Status writeFileAtomically(const std::filesystem::path& target, const std::string& bytes) {
    return writeFileAtomically(target, bytes.data(), bytes.size());
}

// Reads a whole file, refusing files larger than maxBytes.
Expected<std::string> readFileLimited(const std::filesystem::path& path, std::uintmax_t maxBytes);

}  // namespace rs
