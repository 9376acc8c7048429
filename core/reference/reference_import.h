#pragma once
// Importing a reference set (an artist's portfolio, a model's training shards) into a case.
//
// Per image: SHA-256 and size of the original bytes, upright width/height, caption, source
// (file path, "<shard.tar>#<member>", or URL), licence/attribution, a thumbnail (JPEG, long side
// 256, in the case's image store), the original bytes in the image store (unless
// storeOriginals is off), and a descriptor (a TorchScript model such as SSCD when configured,
// else the built-in one) stored with the row as float32 little-endian.
//
// Behaviour:
//  - Identical bytes are one row; every further occurrence adds to its dedupCount.
//  - A file that cannot be read, decoded or described is reported (source + reason) and
//    skipped; the import finishes the rest. URLs are recorded as "not fetched: no network
//    access" (ReplicaScope never downloads).
//  - Resumable: sources already recorded for the set (import_journal.h) are not read again,
//    bytes already in the set are not decoded again. Re-running an interrupted import ends
//    with exactly the rows an uninterrupted one writes.
//  - Batches of `batchSize` images are written in one transaction each (rows, journal row,
//    image files registered); cancellation discards only the batch in flight.
//  - Decode, thumbnail and descriptor run on `threads` worker threads (one extractor each);
//    reading, hashing and all SQLite writes stay on the calling thread and its connection.
//  - One set is described with one descriptor: importing into a set described with another
//    model is refused.
#include "base/expected.h"
#include "imaging/image_decode.h"
#include "imaging/image_ops.h"
#include "reference/webdataset_tar.h"
#include "store/case_file.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rs::reference {

struct ImportSource {
    enum class Kind { Folder, Tar, Manifest };
    Kind kind = Kind::Folder;
    std::vector<std::filesystem::path> paths;  // Folder: one folder; Tar: shards in order; Manifest: one .csv/.jsonl

    static ImportSource folder(std::filesystem::path dir) { return {Kind::Folder, {std::move(dir)}}; }
    static ImportSource tar(std::vector<std::filesystem::path> shards) { return {Kind::Tar, std::move(shards)}; }
    static ImportSource manifest(std::filesystem::path file) { return {Kind::Manifest, {std::move(file)}}; }
};

struct ImportProgress {
    std::int64_t done = 0;   // items handled (imported, duplicates, skipped, already in the set)
    std::int64_t total = 0;  // items found in the source
    std::int64_t imported = 0;
    std::int64_t duplicates = 0;
    std::int64_t failed = 0;
    double ratePerSecond = 0;  // items handled per second in this run (not counting ones already in the set)
    double etaSeconds = -1;    // -1 while unknown
    std::string current;       // last source handled
};

struct ImportIssue {
    std::string source;
    std::string reason;
};

struct ImportOptions {
    std::string descriptorModel;  // TorchScript file (e.g. sscd_disc_mixup.torchscript.pt); empty: built-in
    std::string defaultLicence;   // licence/attribution where the source gives none
    int threads = 2;              // worker threads for decode/thumbnail/descriptor (TorchScript: 1 is used)
    bool storeOriginals = true;   // keep the original bytes in the case's image store (evidence; re-ranking)
    int batchSize = 32;           // images per transaction
    imaging::DecodeLimits decodeLimits;
    imaging::ThumbnailOptions thumbnail{256, imaging::ThumbnailFormat::Jpeg, 85};
    TarLimits tarLimits;
    std::function<void(const ImportProgress&)> progress;  // called on the calling thread
    // Polled often, from the calling thread and the worker threads (must be thread-safe, e.g. an
    // atomic flag); once true the import stops, dropping the batch in flight.
    std::function<bool()> cancelled;
};

struct ImportSummary {
    std::string setName;
    std::string descriptorName;
    std::int64_t found = 0;               // items the source listed
    std::int64_t imported = 0;            // new rows
    std::int64_t duplicates = 0;          // occurrences merged into an existing row (dedupCount grew)
    std::int64_t alreadyImported = 0;     // skipped because an earlier import of the set had them
    std::vector<ImportIssue> failed;      // corrupt, unsupported, refused (hostile) items, with reasons
    std::vector<ImportIssue> notFetched;  // URLs (no network access)
    std::vector<std::string> notes;       // harmless findings (links to folders not followed, decoder warnings)
    bool cancelled = false;
    double seconds = 0;
};

// Errors are returned only when the import cannot start or the case cannot be written (disk
// full, read-only case, descriptor model unusable, set described with another descriptor,
// folder/manifest missing); everything per item goes into the summary.
Expected<ImportSummary> importReferenceSet(store::CaseFile& caseFile, const std::string& setName,
                                           const ImportSource& source, const ImportOptions& options = {});

// The JSON form of a summary (for the CLI's --json and the audit log).
std::string importSummaryJson(const ImportSummary& summary, std::size_t maxListed = 1000);

// Bytes of a reference image: the original from the case's image store when it was kept,
// else re-read from its source (a file, or a member of a .tar shard), checked against its
// SHA-256. For re-ranking candidates with exact metrics.
Expected<std::string> readReferenceBytes(store::CaseFile& caseFile, const store::ReferenceImage& reference);

}  // namespace rs::reference
