#pragma once
// Reading files with a size limit and writing them atomically (temporary sibling, fsync, rename,
// fsync of the folder), so that a crash never leaves a partial file where a case, model or
// export expects a whole one. POSIX + the standard library; errors name the file.
#include "base/expected.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace rs {

// Reads a whole regular file, refusing one larger than maxBytes.
Expected<std::string> readFileLimited(const std::filesystem::path& path, std::uintmax_t maxBytes);

// Writes bytes to target via a temporary sibling and rename(); never leaves a partial target.
Status writeFileAtomically(const std::filesystem::path& target, const void* data, std::size_t size);
inline Status writeFileAtomically(const std::filesystem::path& target, std::string_view bytes) {
    return writeFileAtomically(target, bytes.data(), bytes.size());
}

// The streaming form: open(path), write(...)..., commit(). A writer destroyed without commit()
// removes its temporary file.
class AtomicFileWriter {
public:
    AtomicFileWriter() = default;
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    // Creates a temporary file beside path (same folder, so rename() is atomic).
    Status open(const std::string& path);
    Status write(const void* data, std::size_t size);
    // Flushes to disk and renames over path. After an error the temporary file is removed.
    Status commit();
    // Removes the temporary file (also done by the destructor when not committed).
    void abandon();

private:
    Status fail(const std::string& what);
    std::string m_path;
    std::string m_tempPath;
    int m_fd = -1;
};

}  // namespace rs
