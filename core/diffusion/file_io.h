#pragma once
// File helpers for rs_diffusion, which may not use rs_common (standard library + POSIX only).
//
// API:
//   Expected<std::string> readFileToString(path, maxBytes)        // errors name the file
//   Status writeFileAtomic(path, bytes)                           // temp file + fsync + rename
//   AtomicFileWriter w; w.open(path); w.write(p, n)...; w.commit(); // streaming version; a writer
//                                                   // destroyed without commit() removes its temp file
#include "common/expected.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rs::diffusion {

Expected<std::string> readFileToString(const std::string& path, std::uint64_t maxBytes);
Status writeFileAtomic(const std::string& path, std::string_view bytes);

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

}  // namespace rs::diffusion
