#include "atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace rs {
namespace {

std::string uniqueSuffix() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    return ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(rd());
}

Status errnoError(const std::string& what, const std::filesystem::path& path) {
    return makeError(what + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

Status writeFileAtomically(const std::filesystem::path& target, const void* data, std::size_t size) {
    const std::filesystem::path temp = target.string() + uniqueSuffix();
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return errnoError("cannot create", temp);
    const char* p = static_cast<const char*>(data);
    std::size_t left = size;
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            Status s = errnoError("cannot write", temp);
            ::close(fd);
            ::unlink(temp.c_str());
            return s;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        Status s = errnoError("cannot flush", temp);
        ::unlink(temp.c_str());
        return s;
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        Status s = errnoError("cannot rename into place", target);
        ::unlink(temp.c_str());
        return s;
    }
    return Status::success();
}

Expected<std::string> readFileLimited(const std::filesystem::path& path, std::uintmax_t maxBytes) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return makeError("cannot read " + path.string() + ": " + ec.message());
    if (size > maxBytes)
        return makeError(path.string() + " is " + std::to_string(size) + " bytes, over the limit of " +
                         std::to_string(maxBytes));
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError("cannot open " + path.string());
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) return makeError("short read on " + path.string());
    return bytes;
}

}  // namespace rs
