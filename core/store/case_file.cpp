#include "store/case_file.h"

#include "rs_version.h"
#include "store/internal.h"
#include "store/schema.h"

#include <pwd.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

namespace rs::store {
namespace {

std::filesystem::path withExtension(const std::filesystem::path& p) {
    if (p.extension() == kCaseExtension) return p;
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p;  // an existing file is taken as named
    return p.string() + kCaseExtension;
}

std::filesystem::path folderOf(const std::filesystem::path& file) {
    return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

std::uint32_t bigEndian32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

// Checks the 100-byte SQLite header before SQLite touches the file, so that a foreign or
// truncated file gets a precise message (SQLite would only say "file is not a database" or
// fail later, on the first page it cannot read).
void checkHeader(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw StoreError("case " + file.string() + " does not exist");
    if (!std::filesystem::is_regular_file(file, ec)) throw StoreError(file.string() + " is not a file");
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) throw StoreError("cannot read " + file.string() + ": " + ec.message());
    if (size == 0) throw StoreError(file.string() + " is empty, not a ReplicaScope case");
    unsigned char header[100] = {};
    std::ifstream in(file, std::ios::binary);
    if (!in) throw StoreError("cannot read " + file.string());
    in.read(reinterpret_cast<char*>(header), sizeof header);
    if (in.gcount() < 16 || std::memcmp(header, "SQLite format 3", 16) != 0)
        throw StoreError(file.string() + " is not a ReplicaScope case (not an SQLite database)");
    if (size < 100) throw StoreError("case " + file.string() + " is truncated (" + std::to_string(size) + " bytes)");
    std::uint64_t pageSize = (std::uint64_t(header[16]) << 8) | header[17];
    if (pageSize == 1) pageSize = 65536;
    const std::uint32_t pages = bigEndian32(header + 28);
    const bool pagesValid = pages != 0 && bigEndian32(header + 24) == bigEndian32(header + 92);
    if (pageSize >= 512 && (size % pageSize != 0 || (pagesValid && size < pages * pageSize)))
        throw StoreError("case " + file.string() + " is truncated: it has " + std::to_string(size) +
                         " bytes but its header records " + std::to_string(pages) + " pages of " +
                         std::to_string(pageSize) + " bytes; restore it from a copy");
}

void checkWritable(const std::filesystem::path& file) {
    const auto folder = folderOf(file);
    if (::access(folder.c_str(), W_OK) != 0)
        throw StoreError("cannot open case " + file.string() + " for writing: folder " + folder.string() +
                         " is not writable (" + std::strerror(errno) +
                         "); open it read-only or copy the case to a writable folder");
    if (::access(file.c_str(), W_OK) != 0)
        throw StoreError("cannot open case " + file.string() + " for writing: " + std::strerror(errno));
}

void insertDetails(Connection& db, const CaseDetails& d) {
    auto st = db.prepare(
        "INSERT INTO case_details (id, case_number, title, examiner, organisation, notes, created_utc)"
        " VALUES (1, ?, ?, ?, ?, ?, ?)");
    st.bindAll(d.caseNumber, d.title, d.examiner, d.organisation, d.notes, d.createdUtc).run();
}

void removeDatabaseFiles(const std::filesystem::path& file) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(file.string() + suffix, ec);
}

}  // namespace

CasePaths casePathsFor(const std::filesystem::path& caseFile) {
    const auto db = withExtension(caseFile);
    return {db, db.string() + "-images"};
}

std::string currentUserName() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
    if (const char* user = std::getenv("USER"); user && *user) return user;
    return "unknown";
}

CaseFile::CaseFile(CaseFile&&) noexcept = default;
CaseFile& CaseFile::operator=(CaseFile&&) noexcept = default;
CaseFile::~CaseFile() {
    m_images.reset();
    m_db.reset();
}

Expected<CaseFile> CaseFile::create(const std::filesystem::path& caseFile, const CaseDetails& details,
                                    const std::string& actor) {
    const CasePaths paths = casePathsFor(caseFile);
    std::filesystem::path temp;
    auto result = detail::guarded("creating case " + paths.database.string(), [&] {
        if (details.caseNumber.empty()) throw StoreError("a case needs a case number");
        if (details.title.empty()) throw StoreError("a case needs a title");
        if (details.examiner.empty()) throw StoreError("a case needs an examiner");
        std::error_code ec;
        if (std::filesystem::exists(paths.database, ec))
            throw StoreError(paths.database.string() + " already exists; open it or choose another name");
        if (std::filesystem::exists(paths.imagesDir, ec) && !std::filesystem::is_empty(paths.imagesDir, ec))
            throw StoreError(paths.imagesDir.string() + " already exists and is not empty");
        const auto folder = folderOf(paths.database);
        if (!std::filesystem::is_directory(folder, ec))
            throw StoreError("folder " + folder.string() + " does not exist");
        if (::access(folder.c_str(), W_OK) != 0)
            throw StoreError("folder " + folder.string() + " is not writable: " + std::strerror(errno));

        // Built under a temporary name, then linked into place: a crash or a full disk during
        // creation never leaves a half-made case under the real name.
        temp = folder / ("." + paths.database.filename().string() + ".creating-" + std::to_string(::getpid()));
        removeDatabaseFiles(temp);
        {
            auto db = Connection::open(temp, OpenMode::ReadWrite, true);
            db->exec("PRAGMA page_size = " + std::to_string(kCasePageSize));  // before the first table; fixed after
            db->enableWal();
            db->setActor(actor.empty() ? currentUserName() : actor);
            Transaction tx(*db);
            migrateSchema(*db, 0, kSchemaVersion, false);
            CaseDetails d = details;
            d.createdUtc = detail::nowUtc();
            insertDetails(*db, d);
            detail::appendAuditRow(*db, "case.created",
                                   {{"case_number", d.caseNumber},
                                    {"title", d.title},
                                    {"examiner", d.examiner},
                                    {"organisation", d.organisation},
                                    {"notes", d.notes},
                                    {"created_utc", d.createdUtc},
                                    {"schema_version", kSchemaVersion},
                                    {"software_version", kVersion}});
            tx.commit();
        }
        if (::link(temp.c_str(), paths.database.c_str()) != 0)
            throw StoreError("cannot create " + paths.database.string() + ": " + std::strerror(errno));
        removeDatabaseFiles(temp);
        std::filesystem::create_directories(paths.imagesDir, ec);
        if (ec) throw StoreError("cannot create folder " + paths.imagesDir.string() + ": " + ec.message());
        return 0;
    });
    if (!temp.empty()) removeDatabaseFiles(temp);
    if (!result) return result.error();
    return open(paths.database, OpenMode::ReadWrite, actor);
}

Expected<CaseFile> CaseFile::open(const std::filesystem::path& caseFile, OpenMode mode, const std::string& actor) {
    const CasePaths paths = casePathsFor(caseFile);
    CaseFile out;
    try {
        checkHeader(paths.database);
        if (mode == OpenMode::ReadWrite) checkWritable(paths.database);
        auto db = Connection::open(paths.database, mode, false);
        db->setActor(actor.empty() ? currentUserName() : actor);
        const std::int32_t appId = readApplicationId(*db);
        const int version = readSchemaVersion(*db);
        if (appId != kApplicationId)
            throw StoreError(paths.database.string() + " is an SQLite database but not a ReplicaScope case");
        if (version > kSchemaVersion)
            throw StoreError("case " + paths.database.string() + " has schema version " + std::to_string(version) +
                             "; this ReplicaScope (" + kVersion + ") understands up to " +
                             std::to_string(kSchemaVersion) + ". Open it with a newer ReplicaScope");
        if (version < 1) throw StoreError("case " + paths.database.string() + " has no schema (version 0)");
        db->enableWal();  // only now that the file is known to be one of our cases
        if (version < kSchemaVersion && mode == OpenMode::ReadWrite) migrateSchema(*db, version, kSchemaVersion, true);
        // Reads the schema and a table: a damaged file fails here rather than later.
        auto details = db->prepare("SELECT count(*) FROM case_details");
        details.step();
        if (details.int64(0) != 1) throw StoreError("case " + paths.database.string() + " has no case details row");
        if (mode == OpenMode::ReadWrite) {
            std::error_code ec;
            std::filesystem::create_directories(paths.imagesDir, ec);
            if (ec) throw StoreError("cannot create folder " + paths.imagesDir.string() + ": " + ec.message());
        }
        out.m_schemaVersion = readSchemaVersion(*db);
        out.m_paths = paths;
        out.m_db = std::move(db);
        out.m_images = std::make_unique<ImageStore>(*out.m_db, paths.imagesDir);
    } catch (const std::exception& e) {
        // Every message here already names the file.
        return makeError(e.what());
    }
    return out;
}

}  // namespace rs::store
