#include "report/output_staging.h"

#include <cerrno>
#include <cstring>
#include <random>
#include <system_error>

#include <unistd.h>

namespace rs::report {

namespace fs = std::filesystem;

namespace {

std::string randomSuffix() {
    static std::mt19937_64 generator{std::random_device{}()};
    const char* digits = "0123456789abcdef";
    std::string s;
    auto v = generator();
    for (int i = 0; i < 12; ++i, v >>= 4) s += digits[v & 15];
    return s;
}

fs::path sibling(const fs::path& target, const std::string& tag) {
    return target.parent_path() / ("." + target.filename().string() + "." + tag + "-" + randomSuffix());
}

bool isEmptyFolder(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec) && fs::is_empty(p, ec) && !ec;
}

}  // namespace

Expected<StagedOutput> StagedOutput::begin(const fs::path& requested, Kind kind, bool force) {
    if (requested.empty()) return makeError("no output path given");
    fs::path target = fs::absolute(requested).lexically_normal();
    if (target.filename().empty()) target = target.parent_path();  // "out/" names the folder "out"
    std::error_code ec;
    const fs::path parent = target.parent_path();
    if (!fs::is_directory(parent, ec))
        return makeError("cannot write " + target.string() + ": the folder " + parent.string() + " does not exist");
    const auto status = fs::symlink_status(target, ec);
    if (fs::exists(status)) {
        if (kind == Kind::Folder) {
            if (!fs::is_directory(status))
                return makeError(target.string() + " exists and is not a folder; the HTML report needs a folder");
            if (!force && !isEmptyFolder(target))
                return makeError("the folder " + target.string() +
                                 " exists and is not empty; use --force to replace it");
        } else {
            if (fs::is_directory(status))
                return makeError(target.string() + " is a folder; give a file name for this format");
            if (!force) return makeError(target.string() + " already exists; use --force to replace it");
        }
    }
    fs::path staging = sibling(target, "tmp");
    if (kind == Kind::Folder && !fs::create_directory(staging, ec))
        return makeError("cannot create the folder " + staging.string() + ": " + (ec ? ec.message() : "it exists"));
    if (kind == Kind::File && access(parent.c_str(), W_OK) != 0)
        return makeError("cannot write " + target.string() + ": " + std::strerror(errno));
    return StagedOutput(target, staging, kind, force);
}

StagedOutput::StagedOutput(StagedOutput&& other) noexcept
    : m_target(std::move(other.m_target)),
      m_staging(std::move(other.m_staging)),
      m_kind(other.m_kind),
      m_force(other.m_force),
      m_done(other.m_done) {
    other.m_done = true;
}

StagedOutput::~StagedOutput() {
    if (m_done) return;
    std::error_code ec;
    fs::remove_all(m_staging, ec);
}

Status StagedOutput::commit() {
    if (m_done) return makeError("the output " + m_target.string() + " was already committed");
    std::error_code ec;
    if (m_kind == Kind::File) {
        if (m_force) {
            fs::rename(m_staging, m_target, ec);  // atomic replace
        } else {
            fs::create_hard_link(m_staging, m_target, ec);  // never replaces a file that appeared meanwhile
            if (!ec) {
                std::error_code ignored;
                fs::remove(m_staging, ignored);
            }
        }
        if (ec) return makeError("cannot move the report into place at " + m_target.string() + ": " + ec.message());
        m_done = true;
        return {};
    }
    // Folder: rename() replaces only a missing or empty folder.
    fs::rename(m_staging, m_target, ec);
    if (ec && m_force) {
        const fs::path old = sibling(m_target, "old");
        std::error_code moveEc;
        fs::rename(m_target, old, moveEc);
        if (moveEc) return makeError("cannot move the old report " + m_target.string() + " aside: " + moveEc.message());
        ec.clear();
        fs::rename(m_staging, m_target, ec);
        if (ec) {
            fs::rename(old, m_target, moveEc);  // put the old one back
            return makeError("cannot move the report into place at " + m_target.string() + ": " + ec.message());
        }
        fs::remove_all(old, moveEc);
    }
    if (ec)
        return makeError("cannot move the report into place at " + m_target.string() + ": " + ec.message() +
                         " (the folder exists and is not empty; use --force to replace it)");
    m_done = true;
    return {};
}

}  // namespace rs::report
