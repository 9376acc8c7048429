#include "reference/import_sources.h"

#include "base/file_io.h"
#include "reference/folder_source.h"
#include "reference/manifest.h"

#include <algorithm>

namespace rs::reference {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxCaptionBytes = 4u << 20;

// Reads an image file for import; fills a Failed event when it cannot.
bool readImageFile(const fs::path& path, std::uintmax_t maxBytes, SourceEvent& e) {
    auto bytes = readFileLimited(path, maxBytes);
    if (!bytes) {
        e.kind = SourceEvent::Kind::Failed;
        e.reason = bytes.message();
        return false;
    }
    e.bytes = std::move(*bytes);
    return true;
}

class FolderCursor final : public SourceCursor {
public:
    FolderCursor(FolderListing listing, const ImportOptions& options, std::function<bool(const std::string&)> isDone)
        : m_listing(std::move(listing)), m_options(options), m_isDone(std::move(isDone)) {}

    std::int64_t total() const override {
        return static_cast<std::int64_t>(m_listing.images.size() + m_listing.refused.size());
    }
    std::string label() const override { return "folder " + m_listing.root.string(); }

    bool next(SourceEvent& e) override {
        e = SourceEvent{};
        if (m_note < m_listing.notes.size()) {
            e.kind = SourceEvent::Kind::Note;
            e.reason = m_listing.notes[m_note++];
            return true;
        }
        if (m_refused < m_listing.refused.size()) {
            e.kind = SourceEvent::Kind::Failed;
            e.source = m_listing.refused[m_refused].source;
            e.reason = m_listing.refused[m_refused++].reason;
            return true;
        }
        if (m_image >= m_listing.images.size()) return false;
        const FolderImage& img = m_listing.images[m_image++];
        e.source = img.path.string();
        if (m_isDone && m_isDone(e.source)) {
            e.kind = SourceEvent::Kind::AlreadyDone;
            return true;
        }
        if (!readImageFile(img.path, m_options.decodeLimits.maxFileBytes, e)) return true;
        if (!img.captionFile.empty()) {
            auto caption = readFileLimited(img.captionFile, kMaxCaptionBytes);
            if (caption) e.caption = std::move(*caption);
            // An unreadable sidecar leaves the caption empty; the image itself is fine.
        }
        return true;
    }

private:
    FolderListing m_listing;
    const ImportOptions& m_options;
    std::function<bool(const std::string&)> m_isDone;
    std::size_t m_note = 0, m_refused = 0, m_image = 0;
};

class TarCursor final : public SourceCursor {
public:
    TarCursor(std::vector<fs::path> shards, const ImportOptions& options,
              std::function<bool(const std::string&)> isDone)
        : m_shards(std::move(shards)), m_options(options), m_isDone(std::move(isDone)) {
        // Counting pass over the headers only (uncompressed shards are seeked through, not read).
        for (const auto& shard : m_shards) {
            auto reader = WebDatasetReader::open(shard, m_options.tarLimits, {}, true);
            if (!reader) {
                ++m_total;
                continue;
            }
            TarEvent ev;
            while ((*reader)->next(ev))
                if (ev.kind != TarEvent::Kind::Note) ++m_total;
        }
    }

    std::int64_t total() const override { return m_total; }
    std::string label() const override {
        std::string text = m_shards.size() == 1 ? "webdataset shard " : "webdataset shards ";
        for (std::size_t i = 0; i < m_shards.size(); ++i) {
            if (i == 3) {
                text += ", ... (" + std::to_string(m_shards.size()) + " in all)";
                break;
            }
            text += (i ? ", " : "") + fs::absolute(m_shards[i]).lexically_normal().string();
        }
        return text;
    }

    bool next(SourceEvent& e) override {
        for (;;) {
            e = SourceEvent{};
            if (!m_reader) {
                if (m_shard >= m_shards.size()) return false;
                const fs::path& shard = m_shards[m_shard++];
                auto reader = WebDatasetReader::open(shard, m_options.tarLimits, m_isDone, false);
                if (!reader) {
                    e.kind = SourceEvent::Kind::Failed;
                    e.source = shard.string();
                    e.reason = reader.message();
                    return true;
                }
                m_reader = std::move(*reader);
            }
            TarEvent ev;
            if (!m_reader->next(ev)) {
                m_reader.reset();
                continue;
            }
            e.source = ev.source;
            e.caption = std::move(ev.caption);
            e.licence = std::move(ev.licence);
            e.url = std::move(ev.url);
            e.reason = std::move(ev.reason);
            switch (ev.kind) {
            case TarEvent::Kind::Image:
                e.kind = SourceEvent::Kind::Item;
                e.bytes = std::move(ev.bytes);
                break;
            case TarEvent::Kind::AlreadyDone:
                e.kind = SourceEvent::Kind::AlreadyDone;
                break;
            case TarEvent::Kind::Rejected:
                e.kind = SourceEvent::Kind::Failed;
                break;
            case TarEvent::Kind::Note:
                e.kind = SourceEvent::Kind::Note;
                e.reason = ev.source + ": " + e.reason;
                break;
            }
            return true;
        }
    }

private:
    std::vector<fs::path> m_shards;
    const ImportOptions& m_options;
    std::function<bool(const std::string&)> m_isDone;
    std::int64_t m_total = 0;
    std::size_t m_shard = 0;
    std::unique_ptr<WebDatasetReader> m_reader;
};

class ManifestCursor final : public SourceCursor {
public:
    ManifestCursor(Manifest manifest, const ImportOptions& options, std::function<bool(const std::string&)> isDone)
        : m_manifest(std::move(manifest)), m_options(options), m_isDone(std::move(isDone)) {
        // Rows and problems interleaved by line, as the manifest lists them.
        std::stable_sort(m_manifest.problems.begin(), m_manifest.problems.end(),
                         [](const ManifestProblem& a, const ManifestProblem& b) { return a.line < b.line; });
    }

    std::int64_t total() const override {
        return static_cast<std::int64_t>(m_manifest.entries.size() + m_manifest.problems.size());
    }
    std::string label() const override {
        return "manifest " + fs::absolute(m_manifest.path).lexically_normal().string();
    }

    bool next(SourceEvent& e) override {
        e = SourceEvent{};
        const bool haveEntry = m_entry < m_manifest.entries.size();
        const bool haveProblem = m_problem < m_manifest.problems.size();
        if (!haveEntry && !haveProblem) return false;
        if (haveProblem && (!haveEntry || m_manifest.problems[m_problem].line <= m_manifest.entries[m_entry].line)) {
            const ManifestProblem& p = m_manifest.problems[m_problem++];
            e.kind = SourceEvent::Kind::Failed;
            e.source = m_manifest.path.string() + ":" + std::to_string(p.line) +
                       (p.source.empty() ? "" : " (" + p.source + ")");
            e.reason = p.message;
            return true;
        }
        const ManifestEntry& row = m_manifest.entries[m_entry++];
        e.caption = row.caption;
        e.licence = row.licence;
        if (!row.url.empty()) {
            e.kind = SourceEvent::Kind::NotFetched;
            e.source = row.url;
            e.url = row.url;
            e.reason = "not fetched: no network access (line " + std::to_string(row.line) + " of " +
                       m_manifest.path.string() + ")";
            return true;
        }
        e.source = row.file.string();
        if (m_isDone && m_isDone(e.source)) {
            e.kind = SourceEvent::Kind::AlreadyDone;
            return true;
        }
        readImageFile(row.file, m_options.decodeLimits.maxFileBytes, e);
        return true;
    }

private:
    Manifest m_manifest;
    const ImportOptions& m_options;
    std::function<bool(const std::string&)> m_isDone;
    std::size_t m_entry = 0, m_problem = 0;
};

}  // namespace

Expected<std::unique_ptr<SourceCursor>> openSourceCursor(const ImportSource& source, const ImportOptions& options,
                                                         std::function<bool(const std::string&)> isDone) {
    switch (source.kind) {
    case ImportSource::Kind::Folder: {
        if (source.paths.size() != 1) return makeError("a folder import takes exactly one folder");
        auto listing = listFolderImages(source.paths.front());
        if (!listing) return listing.error();
        return std::unique_ptr<SourceCursor>(new FolderCursor(std::move(*listing), options, std::move(isDone)));
    }
    case ImportSource::Kind::Tar: {
        if (source.paths.empty()) return makeError("a webdataset import needs at least one .tar shard");
        return std::unique_ptr<SourceCursor>(new TarCursor(source.paths, options, std::move(isDone)));
    }
    case ImportSource::Kind::Manifest: {
        if (source.paths.size() != 1) return makeError("a manifest import takes exactly one manifest file");
        auto manifest = readManifest(source.paths.front());
        if (!manifest) return manifest.error();
        return std::unique_ptr<SourceCursor>(new ManifestCursor(std::move(*manifest), options, std::move(isDone)));
    }
    }
    return makeError("unknown import source");
}

}  // namespace rs::reference
