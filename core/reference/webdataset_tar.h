#pragma once
// Streaming reader for img2dataset / webdataset .tar shards, straight from the archive with
// libarchive: nothing is unpacked to disk.
//
// A shard holds samples: members sharing a key (the member path up to the first '.' of its file
// name) are one sample, e.g. 000000001.jpg + 000000001.txt (caption) + 000000001.json
// (img2dataset's url, caption, key, ...). Members of a sample are contiguous, as webdataset and
// img2dataset write them.
//
// Hostile members are refused with a reason, before any of their data is read:
//   - names that are absolute, contain a ".." component, a backslash or a NUL, or are empty;
//   - anything but a regular file: symbolic and hard links, devices, FIFOs (directories are
//     silently passed over, they carry no data);
//   - sizes above the limits (an image above maxImageBytes, a caption or JSON above
//     maxTextBytes), judged from the header (a member claiming 10 GB is refused unread);
//   - members that are neither an image (jpg, jpeg, png, webp, bmp, tif, tiff), a caption
//     (.txt) nor metadata (.json).
// A damaged archive (e.g. a header whose size runs past the end of the file) stops the shard
// with an error naming the last member read; what was read before stays valid.
#include "base/expected.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace rs::reference {

struct TarLimits {
    std::uint64_t maxImageBytes = 200ull * 1024 * 1024;  // matches imaging::DecodeLimits::maxFileBytes
    std::uint64_t maxTextBytes = 4ull * 1024 * 1024;     // captions and JSON metadata
};

struct TarEvent {
    enum class Kind {
        Image,        // an image member of a complete sample: bytes + caption/metadata
        AlreadyDone,  // an image member the caller said to skip (its data was not read)
        Rejected,     // a member refused (reason says why)
        Note,         // informational (e.g. unreadable JSON metadata; the image is still imported)
    };
    Kind kind = Kind::Image;
    std::string source;   // "<shard path>#<member name>"
    std::string member;   // member name inside the shard
    std::string key;      // sample key
    std::string bytes;    // Image: the member's bytes
    std::string caption;  // from key.txt, else the JSON's "caption"
    std::string url;      // from the JSON's "url"
    std::string licence;  // from the JSON's "licence"/"license" (and "author"), if present
    std::string reason;   // Rejected / Note
};

class WebDatasetReader {
public:
    // skip(source) is asked for each image member before its data is read; true = already
    // imported (the event is AlreadyDone and its data is skipped). headersOnly reads no data at
    // all (for counting: image members become AlreadyDone-free Image events without bytes).
    static Expected<std::unique_ptr<WebDatasetReader>> open(const std::filesystem::path& shard,
                                                            const TarLimits& limits = {},
                                                            std::function<bool(const std::string&)> skip = {},
                                                            bool headersOnly = false);
    ~WebDatasetReader();
    WebDatasetReader(const WebDatasetReader&) = delete;
    WebDatasetReader& operator=(const WebDatasetReader&) = delete;

    // Next event; false at the end of the shard. A damaged archive gives one final Rejected
    // event for the shard (source "<shard>") and then false.
    bool next(TarEvent& event);

    const std::string& shardName() const { return m_shardName; }

private:
    struct State;
    explicit WebDatasetReader(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
    std::string m_shardName;
};

// Checks a member name; empty when acceptable, else the reason it is refused.
std::string tarMemberNameProblem(const std::string& name);

}  // namespace rs::reference
