#include "base/file_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace rs {
namespace {

std::string errnoText() { return std::strerror(errno); }

std::string parentDir(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

}  // namespace

Expected<std::string> readFileLimited(const std::filesystem::path& file, std::uintmax_t maxBytes) {
    const std::string path = file.string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return makeError(path + ": cannot open (" + errnoText() + ")");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError(path + ": not a regular file");
    }
    if (std::uintmax_t(st.st_size) > maxBytes) {
        ::close(fd);
        return makeError(path + ": " + std::to_string(st.st_size) + " bytes is over the limit of " +
                         std::to_string(maxBytes) + " bytes");
    }
    std::string data(std::size_t(st.st_size), '\0');
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::read(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = n < 0 ? errnoText() : "file shrank while reading";
            ::close(fd);
            return makeError(path + ": read failed (" + why + ")");
        }
        done += std::size_t(n);
    }
    ::close(fd);
    return data;
}

Status writeFileAtomically(const std::filesystem::path& target, const void* data, std::size_t size) {
    AtomicFileWriter w;
    if (auto s = w.open(target.string()); !s) return s;
    if (auto s = w.write(data, size); !s) return s;
    return w.commit();
}

AtomicFileWriter::~AtomicFileWriter() { abandon(); }

void AtomicFileWriter::abandon() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_tempPath.empty()) ::unlink(m_tempPath.c_str());
    m_tempPath.clear();
}

Status AtomicFileWriter::fail(const std::string& what) {
    const std::string message = m_path + ": " + what + " (" + errnoText() + ")";
    abandon();
    return makeError(message);
}

Status AtomicFileWriter::open(const std::string& path) {
    abandon();
    m_path = path;
    std::string templ = path + ".tmp-XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    m_fd = ::mkstemp(buf.data());
    if (m_fd < 0)
        return makeError(path + ": cannot create a temporary file in " + parentDir(path) + " (" + errnoText() + ")");
    m_tempPath = buf.data();
    // mkstemp creates 0600; give the file the usual permissions (umask applies).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(m_fd, 0666 & ~mask);
    return Status::success();
}

Status AtomicFileWriter::write(const void* data, std::size_t size) {
    if (m_fd < 0) return makeError(m_path + ": write to a file that is not open");
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail("write failed");
        p += n;
        size -= std::size_t(n);
    }
    return Status::success();
}

Status AtomicFileWriter::commit() {
    if (m_fd < 0) return makeError(m_path + ": commit of a file that is not open");
    if (::fsync(m_fd) != 0) return fail("fsync failed");
    if (::close(m_fd) != 0) {
        m_fd = -1;
        return fail("close failed");
    }
    m_fd = -1;
    if (::rename(m_tempPath.c_str(), m_path.c_str()) != 0) return fail("cannot rename the temporary file into place");
    m_tempPath.clear();
    // Make the rename itself durable.
    const int dirFd = ::open(parentDir(m_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return Status::success();
}

}  // namespace rs
