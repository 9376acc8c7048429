#pragma once
// A ReplicaScope case on disk:
//
//   <dir>/<name>.rscase                  SQLite database (WAL; <name>.rscase-wal/-shm exist while open)
//   <dir>/<name>.rscase-images/          content-addressed image store (image_store.h)
//       ab/abcdef0123…(64 hex).png       file name = SHA-256 of the bytes, fanned out by its first 2 hex
//       .tmp/                            files being written; renamed (linked) into place when complete
//
// Copy or archive the .rscase file and the -images folder together (after closing the case).
// A path given without the .rscase extension gets it appended.
//
// One CaseFile (and so one SQLite connection) per thread: a worker thread opens its own.
#include "base/expected.h"
#include "store/connection.h"
#include "store/image_store.h"
#include "store/records.h"

#include <filesystem>
#include <memory>
#include <string>

namespace rs::store {

inline constexpr const char* kCaseExtension = ".rscase";
// Page size of new cases. 16 KiB pages make the three candidate indexes shallower: bench_store
// inserts 1M candidates 20-30 % faster than with 4 KiB, and a review commit costs 0.9 ms instead of
// 0.6 (32 KiB: no faster to insert, 1.4 ms per review). Cases made before keep their page size.
inline constexpr int kCasePageSize = 16384;

struct CasePaths {
    std::filesystem::path database;
    std::filesystem::path imagesDir;
};
CasePaths casePathsFor(const std::filesystem::path& caseFile);

class CaseFile {
public:
    // Creates a new case; refuses an existing path. The case appears complete or not at all:
    // it is built under a temporary name and linked into place. Appends "case.created".
    // actor: who the audit log names (default: the login name).
    static Expected<CaseFile> create(const std::filesystem::path& caseFile, const CaseDetails& details,
                                     const std::string& actor = {});
    // Opens a case. ReadWrite migrates an older schema (audited); ReadOnly never writes (works on
    // read-only media) and accepts older schema versions as they are. Refuses non-SQLite,
    // truncated, foreign and newer-version files with a message naming the file.
    static Expected<CaseFile> open(const std::filesystem::path& caseFile, OpenMode mode = OpenMode::ReadWrite,
                                   const std::string& actor = {});

    CaseFile(CaseFile&&) noexcept;
    CaseFile& operator=(CaseFile&&) noexcept;
    ~CaseFile();

    const CasePaths& paths() const { return m_paths; }
    Connection& db() { return *m_db; }
    ImageStore& images() { return *m_images; }
    int schemaVersion() const { return m_schemaVersion; }
    bool readOnly() const { return m_db->readOnly(); }

private:
    CaseFile() = default;
    CasePaths m_paths;
    std::unique_ptr<Connection> m_db;
    std::unique_ptr<ImageStore> m_images;
    int m_schemaVersion = 0;
};

// The login name of the current user ("unknown" if none), the default audit actor.
std::string currentUserName();

}  // namespace rs::store
