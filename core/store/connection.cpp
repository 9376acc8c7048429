#include "store/connection.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <sstream>

namespace rs::store {
namespace {

constexpr int kBusyTimeoutMs = 10000;
// Grows on demand; large enough that batched inserts into a case with ~1M candidates keep the
// index pages they touch in memory instead of re-reading them for every batch.
constexpr int kDefaultCacheMiB = 256;

std::string hintFor(int rc) {
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return " (the disk is full or the case reached its size limit; nothing from this step was stored)";
    case SQLITE_READONLY:
        return " (the case or its folder is read-only)";
    case SQLITE_CORRUPT:
        return " (the case file is damaged; run 'replicascope-cli case verify')";
    case SQLITE_NOTADB:
        return " (not an SQLite database)";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return " (another program kept the case locked for too long)";
    case SQLITE_CANTOPEN:
        return " (cannot open the file or create its -wal/-shm siblings; check the folder exists and is writable)";
    case SQLITE_IOERR:
        return " (input/output error)";
    default:
        return "";
    }
}

}  // namespace

// ---------------------------------------------------------------- Statement

Statement::Statement(Connection* connection, std::string sql, sqlite3_stmt* stmt)
    : m_connection(connection), m_sql(std::move(sql)), m_stmt(stmt) {}

Statement::Statement(Statement&& other) noexcept
    : m_connection(other.m_connection), m_sql(std::move(other.m_sql)), m_stmt(other.m_stmt) {
    other.m_stmt = nullptr;
}

Statement::~Statement() {
    if (m_stmt) m_connection->release(m_sql, m_stmt);
}

void Statement::check(int rc, const char* what) const {
    if (rc != SQLITE_OK) m_connection->fail(rc, std::string(what) + " for [" + m_sql.substr(0, 80) + "]");
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(sqlite3_bind_double(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    check(sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
    check(sqlite3_bind_null(m_stmt, index), "bind");
    return *this;
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t size) {
    // A zero-length blob must stay a blob, not NULL: pass a non-null pointer.
    static const char empty = 0;
    check(sqlite3_bind_blob64(m_stmt, index, size ? data : &empty, size, SQLITE_TRANSIENT), "bind");
    return *this;
}

int Statement::parameterIndex(const char* name) const {
    const int index = sqlite3_bind_parameter_index(m_stmt, name);
    if (index == 0)
        throw StoreError(std::string("statement has no parameter ") + name + " [" + m_sql.substr(0, 80) + "]");
    return index;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(m_stmt);
    m_connection->fail(rc, "executing [" + m_sql.substr(0, 80) + "]");
}

void Statement::run() {
    while (step()) {}
    sqlite3_reset(m_stmt);
}

void Statement::reset() { sqlite3_reset(m_stmt); }

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

std::vector<std::uint8_t> Statement::blob(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

std::optional<std::int64_t> Statement::optionalInt64(int column) const {
    if (isNull(column)) return std::nullopt;
    return int64(column);
}

std::optional<double> Statement::optionalReal(int column) const {
    if (isNull(column)) return std::nullopt;
    return real(column);
}

std::optional<std::string> Statement::optionalText(int column) const {
    if (isNull(column)) return std::nullopt;
    return text(column);
}

// ---------------------------------------------------------------- Transaction

Transaction::Transaction(Connection& connection) : m_connection(connection) {
    if (m_connection.inTransaction()) {
        m_savepoint = m_connection.nextSavepointName();
        m_connection.exec("SAVEPOINT " + m_savepoint);
    } else {
        m_connection.exec("BEGIN IMMEDIATE");
    }
}

Transaction::~Transaction() {
    if (m_done) return;
    // SQLITE_FULL, IOERR and friends may already have rolled the whole transaction back.
    if (!m_connection.inTransaction()) return;
    if (m_savepoint.empty()) {
        sqlite3_exec(m_connection.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    } else {
        const std::string sql = "ROLLBACK TO " + m_savepoint + "; RELEASE " + m_savepoint;
        sqlite3_exec(m_connection.handle(), sql.c_str(), nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    if (!m_savepoint.empty()) {
        m_connection.exec("RELEASE " + m_savepoint);
    } else if (!m_connection.inTransaction()) {
        // An earlier failure that was swallowed rolled the transaction back already.
        throw StoreError("case " + m_connection.path().string() +
                         ": the transaction was rolled back by an earlier error");
    } else {
        m_connection.exec("COMMIT");
    }
    m_done = true;
}

// ---------------------------------------------------------------- Connection

Connection::Connection(std::filesystem::path path, OpenMode mode, sqlite3* db)
    : m_path(std::move(path)), m_mode(mode), m_db(db), m_owner(std::this_thread::get_id()) {}

Connection::~Connection() {
    for (auto& entry : m_cache) sqlite3_finalize(entry.second);
    sqlite3_close_v2(m_db);
}

std::unique_ptr<Connection> Connection::open(const std::filesystem::path& file, OpenMode mode, bool create) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    flags |= mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (create && mode == OpenMode::ReadWrite) flags |= SQLITE_OPEN_CREATE;

    // URI form so that a path containing '?' or '#' is taken literally, and so read-only media
    // without -wal/-shm can be opened immutable (see CaseFile::open).
    std::string uri = "file:";
    for (const char c : file.string()) {
        if (c == '?' || c == '#' || c == '%') {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
            uri += buf;
        } else {
            uri += c;
        }
    }
    if (mode == OpenMode::ReadOnly) {
        std::error_code ec;
        const bool walExists = std::filesystem::exists(file.string() + "-wal", ec);
        const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
        if (!walExists && ::access(folder.c_str(), W_OK) != 0) uri += "?immutable=1";
    }

    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(uri.c_str(), &db, flags, nullptr);
    std::unique_ptr<Connection> connection(new Connection(file, mode, db));
    if (rc != SQLITE_OK) connection->fail(rc, "opening");
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    connection->exec("PRAGMA foreign_keys = ON");
    connection->setCacheSizeMiB(kDefaultCacheMiB);
    return connection;
}

void Connection::setCacheSizeMiB(int mib) {
    exec("PRAGMA cache_size = " + std::to_string(-1024 * static_cast<long long>(mib)));
}

void Connection::enableWal() {
    if (readOnly()) return;
    std::string got;
    {
        auto journal = prepare("PRAGMA journal_mode = WAL");
        got = journal.step() ? journal.text(0) : std::string();
    }
    if (got != "wal")
        throw StoreError("case " + m_path.string() + ": cannot switch to write-ahead logging (journal mode is '" + got +
                         "'); is the folder on a network file system?");
    // FULL: a committed transaction survives power loss, not only a crash of the program.
    exec("PRAGMA synchronous = FULL");
    // Checkpoint the WAL into the database every 64 MiB instead of every 4 MiB: bulk inserts copy
    // pages back less often (bench_store, 1M candidates: 66k -> 78k rows/s). Durability is the same.
    exec("PRAGMA wal_autocheckpoint = 16384");
}

void Connection::fail(int rc, const std::string& what) const {
    std::ostringstream out;
    out << "case " << m_path.string() << ": " << what << ": ";
    const char* message = m_db ? sqlite3_errmsg(m_db) : nullptr;
    out << (message && std::strcmp(message, "not an error") != 0 ? message : sqlite3_errstr(rc));
    out << hintFor(rc);
    throw StoreError(out.str());
}

void Connection::checkThread() const {
    if (std::this_thread::get_id() != m_owner)
        throw StoreError(
            "case " + m_path.string() +
            ": connection used from a thread other than the one that opened it; open one connection per thread");
}

Statement Connection::prepare(const std::string& sql) {
    checkThread();
    if (auto it = m_cache.find(sql); it != m_cache.end()) {
        sqlite3_stmt* stmt = it->second;
        m_cache.erase(it);
        return Statement(this, sql, stmt);
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "preparing [" + sql.substr(0, 80) + "]");
    return Statement(this, sql, stmt);
}

void Connection::release(const std::string& sql, sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    constexpr std::size_t kMaxCached = 128;
    if (m_cache.size() >= kMaxCached) {
        sqlite3_finalize(stmt);
        return;
    }
    m_cache.emplace(sql, stmt);
}

void Connection::exec(const std::string& sql) {
    checkThread();
    char* error = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw StoreError("case " + m_path.string() + ": " + sql.substr(0, 60) + ": " + message + hintFor(rc));
    }
}

std::int64_t Connection::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int Connection::changes() const { return sqlite3_changes(m_db); }
bool Connection::inTransaction() const { return sqlite3_get_autocommit(m_db) == 0; }

ReadSnapshot::ReadSnapshot(Connection& connection) : m_connection(connection) {
    if (connection.inTransaction()) return;
    connection.exec("BEGIN");
    m_open = true;
}

ReadSnapshot::~ReadSnapshot() {
    if (!m_open) return;
    try {
        m_connection.exec("COMMIT");
    } catch (const StoreError&) {
        // Nothing was written; the read transaction ends with the connection.
    }
}

}  // namespace rs::store
