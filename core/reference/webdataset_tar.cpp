#include "reference/webdataset_tar.h"

#include "reference/manifest.h"

#include <archive.h>
#include <archive_entry.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <deque>
#include <vector>

namespace rs::reference {

namespace fs = std::filesystem;

namespace {

enum class MemberKind { Image, Caption, Metadata, Other };

std::string lowerExtension(const std::string& name) {
    const auto slash = name.rfind('/');
    const auto dot = name.rfind('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = name.substr(dot + 1);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

MemberKind classify(const std::string& ext) {
    if (ext == "jpg" || ext == "jpeg" || ext == "png" || ext == "webp" || ext == "bmp" || ext == "tif" || ext == "tiff")
        return MemberKind::Image;
    if (ext == "txt") return MemberKind::Caption;
    if (ext == "json") return MemberKind::Metadata;
    return MemberKind::Other;
}

// webdataset's key: the path up to the first '.' of the file name.
std::string sampleKey(const std::string& name) {
    const auto slash = name.rfind('/');
    const std::size_t base = slash == std::string::npos ? 0 : slash + 1;
    const auto dot = name.find('.', base);
    return dot == std::string::npos ? name : name.substr(0, dot);
}

std::string typeName(mode_t type) {
    switch (type) {
    case AE_IFLNK:
        return "a symbolic link";
    case AE_IFCHR:
        return "a character device";
    case AE_IFBLK:
        return "a block device";
    case AE_IFIFO:
        return "a FIFO";
    case AE_IFSOCK:
        return "a socket";
    case AE_IFDIR:
        return "a folder";
    default:
        return "not a regular file";
    }
}

std::string jsonString(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct PendingImage {
    std::string member;
    std::string bytes;
    bool done = false;
};

}  // namespace

std::string tarMemberNameProblem(const std::string& name) {
    if (name.empty()) return "the member has an empty name";
    if (name.find('\0') != std::string::npos) return "the member name contains a NUL byte";
    if (name.front() == '/') return "absolute path (a member must stay inside the archive)";
    if (name.find('\\') != std::string::npos) return "the member name contains a backslash (possible path traversal)";
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find('/', start);
        if (end == std::string::npos) end = name.size();
        if (name.compare(start, end - start, "..") == 0 && end - start == 2)
            return "path traversal: the name contains a \"..\" component";
        start = end + 1;
    }
    return {};
}

struct WebDatasetReader::State {
    archive* a = nullptr;
    std::string shard;
    TarLimits limits;
    std::function<bool(const std::string&)> skip;
    bool headersOnly = false;
    bool finished = false;
    std::string lastMember;
    std::deque<TarEvent> pending;

    // The sample being assembled.
    std::string key;
    bool inSample = false;
    std::vector<PendingImage> images;
    std::string caption, jsonCaption, url, licence;
    bool hasCaption = false;
    bool rejectedImage = false;

    ~State() {
        if (a) archive_read_free(a);
    }

    std::string source(const std::string& member) const { return shard + "#" + member; }

    void reject(const std::string& member, const std::string& reason) {
        TarEvent e;
        e.kind = TarEvent::Kind::Rejected;
        e.source = source(member);
        e.member = member;
        e.key = sampleKey(member);
        e.reason = reason;
        pending.push_back(std::move(e));
    }

    void flushSample() {
        if (!inSample) return;
        if (images.empty() && !rejectedImage) {
            TarEvent e;
            e.kind = TarEvent::Kind::Rejected;
            e.source = source(key);
            e.key = key;
            e.reason = "sample \"" + key + "\" has a caption or metadata member but no image member";
            pending.push_back(std::move(e));
        }
        for (auto& img : images) {
            TarEvent e;
            e.kind = img.done ? TarEvent::Kind::AlreadyDone : TarEvent::Kind::Image;
            e.source = source(img.member);
            e.member = img.member;
            e.key = key;
            e.bytes = std::move(img.bytes);
            e.caption = hasCaption ? caption : jsonCaption;
            e.url = url;
            e.licence = licence;
            pending.push_back(std::move(e));
        }
        inSample = false;
        images.clear();
        caption.clear();
        jsonCaption.clear();
        url.clear();
        licence.clear();
        hasCaption = false;
        rejectedImage = false;
    }

    void startSample(const std::string& k) {
        if (inSample && k == key) return;
        flushSample();
        key = k;
        inSample = true;
    }

    // Reads the current member's data (size already checked against the limit).
    bool readData(std::string& out, std::uint64_t expected) {
        out.clear();
        out.reserve(static_cast<std::size_t>(expected));
        char buffer[65536];
        for (;;) {
            const la_ssize_t got = archive_read_data(a, buffer, sizeof buffer);
            if (got == 0) return true;
            if (got < 0) return false;
            if (out.size() + static_cast<std::size_t>(got) > expected) return false;
            out.append(buffer, static_cast<std::size_t>(got));
        }
    }

    void damaged(const std::string& what) {
        flushSample();
        TarEvent e;
        e.kind = TarEvent::Kind::Rejected;
        e.source = shard;
        e.reason = "damaged archive " + what +
                   (lastMember.empty() ? std::string(" at its start") : " after member " + lastMember) + ": " +
                   (archive_error_string(a) ? archive_error_string(a) : "unknown error") +
                   "; the rest of the shard was not read";
        pending.push_back(std::move(e));
        finished = true;
    }

    void step() {
        archive_entry* entry = nullptr;
        const int rc = archive_read_next_header(a, &entry);
        if (rc == ARCHIVE_EOF) {
            flushSample();
            finished = true;
            return;
        }
        if (rc < ARCHIVE_WARN) {
            damaged("(reading a member header)");
            return;
        }
        const char* rawName = archive_entry_pathname(entry);
        std::string name = rawName ? rawName : "";
        while (name.rfind("./", 0) == 0) name.erase(0, 2);
        lastMember = name.empty() ? "(unnamed)" : name;

        const mode_t type = archive_entry_filetype(entry);
        if (type == AE_IFDIR) return;
        if (std::string problem = tarMemberNameProblem(name); !problem.empty()) {
            flushSample();
            return reject(name, problem);
        }
        const std::string ext = lowerExtension(name);
        const MemberKind kind = classify(ext);
        const std::string k = sampleKey(name);
        const char* hardlinkTarget = archive_entry_hardlink(entry);
        if (hardlinkTarget || type != AE_IFREG) {
            if (kind == MemberKind::Image) {
                startSample(k);
                rejectedImage = true;
            }
            if (hardlinkTarget)
                return reject(name, std::string("hard link to ") + hardlinkTarget + " (links are not followed)");
            std::string reason = typeName(type);
            if (type == AE_IFLNK && archive_entry_symlink(entry))
                reason += std::string(" to ") + archive_entry_symlink(entry);
            return reject(name, reason + " (only regular files are read)");
        }
        if (kind == MemberKind::Other) {
            return reject(
                name,
                "not part of a webdataset sample: " +
                    (ext.empty() ? std::string("a name without extension") : "." + ext) +
                    " is not an image (jpg, jpeg, png, webp, bmp, tif, tiff), a caption (.txt) or metadata (.json)");
        }
        startSample(k);
        const std::int64_t size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
        const std::uint64_t limit = kind == MemberKind::Image ? limits.maxImageBytes : limits.maxTextBytes;
        if (size < 0 || static_cast<std::uint64_t>(size) > limit) {
            if (kind == MemberKind::Image) rejectedImage = true;
            return reject(name, size < 0
                                    ? std::string("the member header gives no size")
                                    : "the member header claims " + std::to_string(size) +
                                          " bytes, above the limit of " + std::to_string(limit) + " bytes (not read)");
        }
        if (kind == MemberKind::Image) {
            PendingImage img;
            img.member = name;
            if (skip && skip(source(name))) {
                img.done = true;
            } else if (!headersOnly && !readData(img.bytes, static_cast<std::uint64_t>(size))) {
                return damaged("(reading member " + name + ")");
            }
            images.push_back(std::move(img));
            return;
        }
        if (headersOnly) return;
        std::string text;
        if (!readData(text, static_cast<std::uint64_t>(size))) return damaged("(reading member " + name + ")");
        if (kind == MemberKind::Caption) {
            caption = std::move(text);
            hasCaption = true;
            return;
        }
        nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            TarEvent e;
            e.kind = TarEvent::Kind::Note;
            e.source = source(name);
            e.member = name;
            e.key = k;
            e.reason = "metadata member is not a JSON object; its url/caption were not used";
            pending.push_back(std::move(e));
            return;
        }
        url = jsonString(j, "url");
        jsonCaption = jsonString(j, "caption");
        std::string lic = jsonString(j, "licence");
        if (lic.empty()) lic = jsonString(j, "license");
        if (lic.empty()) lic = jsonString(j, "LICENSE");
        licence = combineLicence(lic, jsonString(j, "author"));
    }
};

WebDatasetReader::WebDatasetReader(std::unique_ptr<State> state)
    : m_state(std::move(state)), m_shardName(m_state->shard) {}
WebDatasetReader::~WebDatasetReader() = default;

Expected<std::unique_ptr<WebDatasetReader>> WebDatasetReader::open(const fs::path& shard, const TarLimits& limits,
                                                                   std::function<bool(const std::string&)> skip,
                                                                   bool headersOnly) {
    std::error_code ec;
    if (!fs::is_regular_file(shard, ec))
        return makeError("shard " + shard.string() + " does not exist or is not a file");
    auto state = std::make_unique<State>();
    state->shard = fs::absolute(shard, ec).lexically_normal().string();
    state->limits = limits;
    state->skip = std::move(skip);
    state->headersOnly = headersOnly;
    state->a = archive_read_new();
    if (!state->a) return makeError("out of memory opening shard " + shard.string());
    archive_read_support_format_tar(state->a);
    archive_read_support_filter_gzip(state->a);
    archive_read_support_filter_bzip2(state->a);
    archive_read_support_filter_xz(state->a);
    archive_read_support_filter_zstd(state->a);
    if (archive_read_open_filename(state->a, shard.c_str(), 1 << 16) != ARCHIVE_OK) {
        const char* why = archive_error_string(state->a);
        return makeError("cannot read shard " + shard.string() + " as a tar archive: " + (why ? why : "unknown error"));
    }
    return std::unique_ptr<WebDatasetReader>(new WebDatasetReader(std::move(state)));
}

bool WebDatasetReader::next(TarEvent& event) {
    State& s = *m_state;
    while (s.pending.empty() && !s.finished) s.step();
    if (s.pending.empty()) return false;
    event = std::move(s.pending.front());
    s.pending.pop_front();
    return true;
}

}  // namespace rs::reference
