#pragma once
// Content-addressed image store of a case (layout in case_file.h). A file's name is the SHA-256
// of its bytes; it is written to .tmp/, fsynced, then hard-linked into place (link() never
// replaces an existing file), so a stored file is never overwritten and storing the same bytes
// twice is a no-op. Each stored file is also registered in the stored_files table, which is
// what verifyCase() checks the folder against.
#include "base/expected.h"
#include "store/connection.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace rs::store {

struct StoredImage {
    std::string sha256;
    std::string extension;  // "png", "jpg", "webp", "bmp" or "bin", from the magic bytes
    std::int64_t sizeBytes = 0;
    std::filesystem::path path;
    bool alreadyStored = false;
};

class ImageStore {
public:
    ImageStore(Connection& db, std::filesystem::path root);

    const std::filesystem::path& root() const { return m_root; }

    Expected<StoredImage> put(const void* data, std::size_t size);
    Expected<StoredImage> put(const std::string& bytes) { return put(bytes.data(), bytes.size()); }
    Expected<StoredImage> putFile(const std::filesystem::path& source);  // reads at most 512 MiB

    // Where the file for a hash lives; error if the case has no such image.
    Expected<std::filesystem::path> pathOf(const std::string& sha256);
    // The bytes, checked against their name (an altered file is an error, not silently returned).
    Expected<std::string> read(const std::string& sha256, std::uintmax_t maxBytes = 512u << 20);
    bool contains(const std::string& sha256);

    // Path layout only (no lookup): <root>/<sha[0:2]>/<sha>.<extension>
    std::filesystem::path layoutPath(const std::string& sha256, const std::string& extension) const;
    static std::string extensionFor(const void* data, std::size_t size);

private:
    Connection& m_db;
    std::filesystem::path m_root;
};

}  // namespace rs::store
