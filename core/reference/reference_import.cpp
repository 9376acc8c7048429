#include "reference/reference_import.h"

#include "base/file_io.h"
#include "base/sha256.h"
#include "reference/image_processor.h"
#include "reference/import_journal.h"
#include "reference/import_sources.h"
#include "store/audit_log.h"
#include "store/case_repository.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace rs::reference {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBatchByteBudget = 128u << 20;  // bytes of originals held per batch
constexpr std::size_t kMaxEntriesPerBatch = 4096;

struct Entry {
    bool isNew = false;  // first occurrence of its bytes: decoded (job index = `job`)
    int job = -1;
    std::string source, caption, licence, url, sha256, bytes;
    std::int64_t size = 0;
};

struct Batch {
    std::vector<Entry> entries;
    std::vector<ProcessJob> jobs;
    std::vector<ProcessResult> results;
    std::size_t bytes = 0;
    void clear() {
        entries.clear();
        jobs.clear();
        results.clear();
        bytes = 0;
    }
    bool complete() const {
        for (const auto& r : results)
            if (!r.done) return false;
        return true;
    }
};

std::vector<std::uint8_t> descriptorBytes(const metrics::Descriptor& d) {
    std::vector<std::uint8_t> out(d.size() * sizeof(float));
    // float32 little-endian: the in-memory layout on every platform we build for.
    static_assert(sizeof(float) == 4, "float32 expected");
    if (!d.empty()) std::memcpy(out.data(), d.data(), out.size());
    return out;
}

class Importer {
public:
    Importer(store::CaseFile& c, const std::string& set, const ImportOptions& o)
        : m_case(c), m_set(set), m_options(o) {}

    Expected<ImportSummary> run(const ImportSource& source) {
        m_start = std::chrono::steady_clock::now();
        m_summary.setName = m_set;
        if (m_set.empty()) return makeError("a reference set needs a name");
        if (m_case.readOnly()) return makeError("the case " + m_case.paths().database.string() + " is open read-only");

        ProcessorOptions po;
        po.descriptorModel = m_options.descriptorModel;
        po.threads = m_options.descriptorModel.empty() ? std::max(1, m_options.threads) : 1;
        po.decodeLimits = m_options.decodeLimits;
        po.thumbnail = m_options.thumbnail;
        auto pool = ImageProcessorPool::create(po);
        if (!pool) return makeError("cannot open the descriptor: " + pool.message());
        m_pool = std::move(*pool);
        const auto& info = m_pool->descriptorInfo();
        m_descriptor = {info.name, info.modelSha256, info.dimension};
        m_summary.descriptorName = info.name;

        auto state = readSetImportState(m_case.db(), m_set);
        if (!state) return state.error();
        if (state->hasDescriptor && !(state->descriptor == m_descriptor))
            return makeError("reference set '" + m_set + "' is described with " + state->descriptor.name +
                             (state->descriptor.modelSha256.empty()
                                  ? ""
                                  : " (model SHA-256 " + state->descriptor.modelSha256 + ")") +
                             ", not " + m_descriptor.name + "; import with the same descriptor, or into a new set");
        if (!state->hasDescriptor && state->storedDescriptorBytes >= 0 &&
            state->storedDescriptorBytes != m_descriptor.dimension * static_cast<int>(sizeof(float)))
            return makeError("reference set '" + m_set + "' holds descriptors of " +
                             std::to_string(state->storedDescriptorBytes / 4) + " values; " + m_descriptor.name +
                             " gives " + std::to_string(m_descriptor.dimension));
        for (auto& [hash, src] : state->knownHashes) m_seen.insert(hash);
        std::unordered_set<std::string> done = std::move(state->doneSources);

        auto cursor = openSourceCursor(source, m_options, [&done](const std::string& s) { return done.count(s) > 0; });
        if (!cursor) return cursor.error();
        m_cursor = std::move(*cursor);
        m_label = utf8Safe(m_cursor->label());
        m_progress.total = m_cursor->total();
        m_summary.found = m_progress.total;

        Status st = pipeline();
        m_summary.seconds = seconds();
        if (!st) return st.error();
        auto finished = store::appendAudit(m_case.db(), kImportFinishedAction, importSummaryJson(m_summary, 200));
        if (!finished) return finished.error();
        report(true);
        return m_summary;
    }

private:
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count(); }
    bool cancelled() const { return m_options.cancelled && m_options.cancelled(); }

    void report(bool force) {
        if (!m_options.progress) return;
        const double now = seconds();
        if (!force && now - m_lastReport < 0.2) return;
        m_lastReport = now;
        m_progress.imported = m_summary.imported;
        m_progress.duplicates = m_summary.duplicates;
        m_progress.failed = static_cast<std::int64_t>(m_summary.failed.size());
        m_progress.total = std::max(m_progress.total, m_progress.done);
        const std::int64_t worked = m_progress.done - m_summary.alreadyImported;
        m_progress.ratePerSecond = now > 0 ? worked / now : 0;
        m_progress.etaSeconds =
            m_progress.ratePerSecond > 0 ? (m_progress.total - m_progress.done) / m_progress.ratePerSecond : -1;
        m_options.progress(m_progress);
    }

    // Reads events into `batch` until it holds enough work. False when the source is exhausted.
    bool fill(Batch& batch) {
        SourceEvent e;
        while (batch.jobs.size() < static_cast<std::size_t>(std::max(1, m_options.batchSize)) &&
               batch.bytes < kBatchByteBudget && batch.entries.size() < kMaxEntriesPerBatch) {
            if (cancelled()) return false;
            if (!m_cursor->next(e)) return false;
            m_progress.current = e.source;
            switch (e.kind) {
            case SourceEvent::Kind::Note:
                m_summary.notes.push_back(e.reason);
                continue;
            case SourceEvent::Kind::AlreadyDone:
                ++m_summary.alreadyImported;
                ++m_progress.done;
                report(false);
                continue;
            case SourceEvent::Kind::Failed:
                m_summary.failed.push_back({e.source, e.reason});
                ++m_progress.done;
                continue;
            case SourceEvent::Kind::NotFetched:
                m_summary.notFetched.push_back({e.source, e.reason});
                ++m_progress.done;
                continue;
            case SourceEvent::Kind::Item:
                break;
            }
            Entry entry;
            entry.source = std::move(e.source);
            entry.caption = std::move(e.caption);
            entry.licence = e.licence.empty() ? m_options.defaultLicence : std::move(e.licence);
            entry.url = std::move(e.url);
            entry.sha256 = sha256Hex(e.bytes);
            entry.size = static_cast<std::int64_t>(e.bytes.size());
            entry.isNew = m_seen.insert(entry.sha256).second;
            if (entry.isNew) {
                entry.job = static_cast<int>(batch.jobs.size());
                batch.jobs.push_back({});
                batch.bytes += e.bytes.size();
                entry.bytes = std::move(e.bytes);
            }
            batch.entries.push_back(std::move(entry));
        }
        return true;
    }

    void startProcessing(Batch& batch) {
        for (auto& entry : batch.entries)
            if (entry.isNew) batch.jobs[static_cast<std::size_t>(entry.job)] = {entry.source, &entry.bytes};
        m_pool->start(batch.jobs, batch.results, m_options.cancelled);
    }

    Status write(Batch& batch) {
        if (batch.entries.empty()) return {};
        store::Connection& db = m_case.db();
        try {
            store::Transaction tx(db);
            std::vector<store::ReferenceImage> rows;
            std::vector<JournalOccurrence> occurrences;
            std::vector<ImportIssue> failed;
            for (auto& entry : batch.entries) {
                store::ReferenceImage row;
                row.setName = m_set;
                row.source = entry.source;
                row.sha256 = entry.sha256;
                row.sizeBytes = entry.size;
                row.caption = entry.caption;
                row.licence = entry.licence;
                if (entry.isNew) {
                    ProcessResult& r = batch.results[static_cast<std::size_t>(entry.job)];
                    for (const auto& w : r.warnings) m_summary.notes.push_back(w);
                    if (!r.error.empty()) {
                        m_failedHashes[entry.sha256] = r.error;
                        failed.push_back({entry.source, r.error});
                        continue;
                    }
                    auto thumb = m_case.images().put(r.thumbnail);
                    if (!thumb) return makeError("storing the thumbnail of " + entry.source + ": " + thumb.message());
                    if (m_options.storeOriginals) {
                        auto original = m_case.images().put(entry.bytes);
                        if (!original) return makeError("storing " + entry.source + ": " + original.message());
                    }
                    row.width = r.width;
                    row.height = r.height;
                    row.thumbnailSha256 = thumb->sha256;
                    row.descriptor = descriptorBytes(r.descriptor);
                } else if (auto it = m_failedHashes.find(entry.sha256); it != m_failedHashes.end()) {
                    failed.push_back({entry.source, "same bytes as an earlier file that failed: " + it->second});
                    continue;
                }
                occurrences.push_back({entry.source, entry.sha256, entry.url});
                rows.push_back(std::move(row));
            }
            std::int64_t inserted = 0, merged = 0;
            if (!rows.empty()) {
                auto result = store::importReferenceImages(db, rows, m_label);
                if (!result) return result.error();
                Status journal = appendJournal(db, m_set, m_label, m_descriptor, occurrences);
                if (!journal) return journal;
                inserted = result->inserted;
                merged = result->merged;
            }
            tx.commit();
            m_summary.imported += inserted;
            m_summary.duplicates += merged;
            m_summary.failed.insert(m_summary.failed.end(), failed.begin(), failed.end());
            m_progress.done += static_cast<std::int64_t>(batch.entries.size());
        } catch (const store::StoreError& e) {
            return makeError(std::string("writing reference images: ") + e.what());
        }
        report(false);
        return {};
    }

    Status pipeline() {
        Batch batches[2];
        // The workers may still hold pointers into `batches`: wait for them on every way out.
        struct WaitForWorkers {
            ImageProcessorPool& pool;
            ~WaitForWorkers() { pool.wait(); }
        } guard{*m_pool};
        Batch* processing = nullptr;
        for (int turn = 0;; turn ^= 1) {
            Batch& cur = batches[turn];
            cur.clear();
            const bool more = fill(cur);
            const bool stop = cancelled();
            if (processing) {
                m_pool->wait();
                // A batch cut short by cancellation is dropped whole; nothing after it is written.
                if (!processing->complete()) {
                    m_summary.cancelled = true;
                    return {};
                }
            }
            if (!stop && !cur.entries.empty()) startProcessing(cur);
            if (processing) {
                Status st = write(*processing);
                if (!st) return st;
            }
            processing = (!stop && !cur.entries.empty()) ? &cur : nullptr;
            if (stop) {
                m_summary.cancelled = true;
                return {};
            }
            if (!more) {
                if (processing) {
                    m_pool->wait();
                    if (!processing->complete()) {
                        m_summary.cancelled = true;
                        return {};
                    }
                    Status st = write(*processing);
                    if (!st) return st;
                }
                return {};
            }
        }
    }

    store::CaseFile& m_case;
    std::string m_set;
    const ImportOptions& m_options;
    std::unique_ptr<ImageProcessorPool> m_pool;
    std::unique_ptr<SourceCursor> m_cursor;
    SetDescriptor m_descriptor;
    std::string m_label;
    std::unordered_set<std::string> m_seen;  // hashes in the set or handed to the workers
    std::unordered_map<std::string, std::string> m_failedHashes;
    ImportSummary m_summary;
    ImportProgress m_progress;
    std::chrono::steady_clock::time_point m_start;
    double m_lastReport = -1;
};

nlohmann::json issuesJson(const std::vector<ImportIssue>& issues, std::size_t maxListed) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < issues.size() && i < maxListed; ++i)
        list.push_back({{"source", utf8Safe(issues[i].source)}, {"reason", utf8Safe(issues[i].reason)}});
    return list;
}

}  // namespace

Expected<ImportSummary> importReferenceSet(store::CaseFile& caseFile, const std::string& setName,
                                           const ImportSource& source, const ImportOptions& options) {
    try {
        Importer importer(caseFile, setName, options);
        return importer.run(source);
    } catch (const std::exception& e) {
        return makeError("importing into reference set '" + setName + "': " + e.what());
    }
}

std::string importSummaryJson(const ImportSummary& s, std::size_t maxListed) {
    nlohmann::json notes = nlohmann::json::array();
    for (std::size_t i = 0; i < s.notes.size() && i < maxListed; ++i) notes.push_back(utf8Safe(s.notes[i]));
    nlohmann::json j = {{"set", utf8Safe(s.setName)},
                        {"descriptor", s.descriptorName},
                        {"found", s.found},
                        {"imported", s.imported},
                        {"duplicates", s.duplicates},
                        {"already_imported", s.alreadyImported},
                        {"failed_count", s.failed.size()},
                        {"failed", issuesJson(s.failed, maxListed)},
                        {"not_fetched_count", s.notFetched.size()},
                        {"not_fetched", issuesJson(s.notFetched, maxListed)},
                        {"notes", notes},
                        {"cancelled", s.cancelled},
                        {"seconds", s.seconds}};
    return j.dump();
}

Expected<std::string> readReferenceBytes(store::CaseFile& caseFile, const store::ReferenceImage& reference) {
    if (caseFile.images().contains(reference.sha256)) return caseFile.images().read(reference.sha256);
    auto checked = [&](std::string bytes, const std::string& where) -> Expected<std::string> {
        if (sha256Hex(bytes) != reference.sha256)
            return makeError("reference image " + std::to_string(reference.id) + ": " + where +
                             " no longer holds the imported bytes (SHA-256 differs)");
        return bytes;
    };
    std::error_code ec;
    const std::string& src = reference.source;
    if (fs::is_regular_file(src, ec)) {
        auto bytes = readFileLimited(src, 1ull << 31);
        if (!bytes) return bytes.error();
        return checked(std::move(*bytes), src);
    }
    for (std::size_t hash = src.find('#'); hash != std::string::npos; hash = src.find('#', hash + 1)) {
        const std::string shard = src.substr(0, hash);
        if (!fs::is_regular_file(shard, ec)) continue;
        auto reader = WebDatasetReader::open(shard, {}, [&](const std::string& s) { return s != src; });
        if (!reader) return reader.error();
        TarEvent ev;
        while ((*reader)->next(ev))
            if (ev.kind == TarEvent::Kind::Image && ev.source == src) return checked(std::move(ev.bytes), src);
        return makeError("reference image " + std::to_string(reference.id) + ": shard " + shard + " has no member " +
                         src.substr(hash + 1));
    }
    return makeError("reference image " + std::to_string(reference.id) +
                     ": its original was not kept in the case and its source " + src + " is not available");
}

}  // namespace rs::reference
