#include "store/image_store.h"

#include "base/file_io.h"
#include "base/sha256.h"
#include "store/internal.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace rs::store {
namespace {

std::string errnoText(const std::string& what, const std::filesystem::path& path) {
    return what + " " + path.string() + ": " + std::strerror(errno);
}

void writeAll(int fd, const char* p, std::size_t left, const std::filesystem::path& path) {
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw StoreError(errnoText("cannot write", path));
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void fsyncDirectory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::filesystem::path tempName(const std::filesystem::path& tmpDir, const std::string& sha256) {
    static std::atomic<unsigned> counter{0};
    return tmpDir / (sha256.substr(0, 16) + "." + std::to_string(::getpid()) + "." + std::to_string(counter++));
}

}  // namespace

ImageStore::ImageStore(Connection& db, std::filesystem::path root) : m_db(db), m_root(std::move(root)) {}

std::filesystem::path ImageStore::layoutPath(const std::string& sha256, const std::string& extension) const {
    return m_root / sha256.substr(0, 2) / (sha256 + "." + extension);
}

std::string ImageStore::extensionFor(const void* data, std::size_t size) {
    const auto* b = static_cast<const unsigned char*>(data);
    auto starts = [&](const char* magic, std::size_t n, std::size_t at = 0) {
        return size >= at + n && std::memcmp(b + at, magic, n) == 0;
    };
    if (starts("\x89PNG\r\n\x1a\n", 8)) return "png";
    if (starts("\xff\xd8\xff", 3)) return "jpg";
    if (starts("RIFF", 4) && starts("WEBP", 4, 8)) return "webp";
    if (starts("BM", 2)) return "bmp";
    return "bin";
}

Expected<StoredImage> ImageStore::put(const void* data, std::size_t size) {
    return detail::guarded("storing an image in " + m_root.string(), [&] {
        if (m_db.readOnly()) throw StoreError("the case " + m_db.path().string() + " is open read-only");
        StoredImage out;
        out.sha256 = sha256Hex(data, size);
        out.extension = extensionFor(data, size);
        out.sizeBytes = static_cast<std::int64_t>(size);
        out.path = layoutPath(out.sha256, out.extension);

        std::error_code ec;
        const auto shardDir = out.path.parent_path();
        const auto tmpDir = m_root / ".tmp";
        std::filesystem::create_directories(shardDir, ec);
        if (ec) throw StoreError("cannot create folder " + shardDir.string() + ": " + ec.message());
        std::filesystem::create_directories(tmpDir, ec);
        if (ec) throw StoreError("cannot create folder " + tmpDir.string() + ": " + ec.message());

        if (std::filesystem::exists(out.path, ec)) {
            const auto existing = std::filesystem::file_size(out.path, ec);
            if (ec || existing != size)
                throw StoreError("stored file " + out.path.string() +
                                 " does not match its name (wrong size); the store was altered, run 'case verify'");
            out.alreadyStored = true;
        } else {
            const auto temp = tempName(tmpDir, out.sha256);
            const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
            if (fd < 0) throw StoreError(errnoText("cannot create", temp));
            try {
                writeAll(fd, static_cast<const char*>(data), size, temp);
                if (::fsync(fd) != 0) throw StoreError(errnoText("cannot flush", temp));
            } catch (...) {
                ::close(fd);
                ::unlink(temp.c_str());
                throw;
            }
            if (::close(fd) != 0) {
                const std::string message = errnoText("cannot flush", temp);
                ::unlink(temp.c_str());
                throw StoreError(message);
            }
            if (::link(temp.c_str(), out.path.c_str()) != 0) {
                const int err = errno;
                const std::string message = errnoText("cannot move into place", out.path);
                ::unlink(temp.c_str());
                if (err != EEXIST) throw StoreError(message);
                out.alreadyStored = true;  // another writer stored the same bytes first
            } else {
                ::unlink(temp.c_str());
                fsyncDirectory(shardDir);
            }
        }
        // The file is complete before its row exists: a crash in between leaves an unregistered
        // file (reported by verify as a note), never a row without its file.
        auto st = m_db.prepare(
            "INSERT INTO stored_files (sha256, extension, size_bytes, stored_utc) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (sha256) DO NOTHING");
        st.bindAll(out.sha256, out.extension, out.sizeBytes, detail::nowUtc()).run();
        return out;
    });
}

Expected<StoredImage> ImageStore::putFile(const std::filesystem::path& source) {
    auto bytes = readFileLimited(source, 512u << 20);
    if (!bytes) return bytes.error();
    return put(*bytes);
}

Expected<std::filesystem::path> ImageStore::pathOf(const std::string& sha256) {
    return detail::guarded("finding image " + sha256, [&] {
        auto st = m_db.prepare("SELECT extension FROM stored_files WHERE sha256 = ?");
        st.bind(1, sha256);
        if (!st.step()) throw StoreError("the case " + m_db.path().string() + " holds no image " + sha256);
        return layoutPath(sha256, st.text(0));
    });
}

Expected<std::string> ImageStore::read(const std::string& sha256, std::uintmax_t maxBytes) {
    auto path = pathOf(sha256);
    if (!path) return path.error();
    auto bytes = readFileLimited(*path, maxBytes);
    if (!bytes) return bytes.error();
    if (sha256Hex(*bytes) != sha256)
        return makeError("image file " + path->string() +
                         " does not match its SHA-256 name: it was altered after storing");
    return bytes;
}

bool ImageStore::contains(const std::string& sha256) { return pathOf(sha256).ok(); }

}  // namespace rs::store
