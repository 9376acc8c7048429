#pragma once
// Low-level SQLite layer of the case file: one Connection per thread, RAII statements with a
// per-connection cache, RAII transactions.
//
// Threading: a Connection belongs to the thread that opened it. SQLite is opened with
// SQLITE_OPEN_NOMUTEX, so sharing one handle between threads is undefined behaviour; every
// prepare()/exec()/transaction() checks the calling thread and throws StoreError otherwise.
// A worker thread opens its own CaseFile (WAL lets readers and one writer work side by side).
//
// Errors: this layer throws rs::store::StoreError (message names the case file). The public
// repository functions (case_repository.h, run_repository.h, ...) catch it and return
// rs::Expected / rs::Status, so code outside core/store never sees an exception.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace rs::store {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class OpenMode { ReadWrite, ReadOnly };

class Connection;

// A prepared statement borrowed from the connection's cache; reset and returned on destruction.
// Must not outlive its Connection. Parameters are 1-based, columns 0-based (as in SQLite).
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bind(int index, std::nullptr_t);
    Statement& bindBlob(int index, const void* data, std::size_t size);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, nullptr);
    }
    // Named parameters (":name"), for SQL assembled from optional fragments.
    int parameterIndex(const char* name) const;  // throws if the statement has no such parameter
    template <class T>
    Statement& bindNamed(const char* name, const T& value) {
        return bind(parameterIndex(name), value);
    }
    // Binds arguments to parameters 1..N in order.
    template <class... A>
    Statement& bindAll(const A&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    bool step();   // true: a row is ready; false: done. Throws StoreError on failure.
    void run();    // steps to completion (statements returning no rows)
    void reset();  // ready to be stepped again; bindings are kept

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::vector<std::uint8_t> blob(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;
    std::optional<double> optionalReal(int column) const;
    std::optional<std::string> optionalText(int column) const;

private:
    friend class Connection;
    Statement(Connection* connection, std::string sql, sqlite3_stmt* stmt);
    void check(int rc, const char* what) const;

    Connection* m_connection;
    std::string m_sql;
    sqlite3_stmt* m_stmt;
};

// BEGIN IMMEDIATE (or a SAVEPOINT when already inside a transaction); rolls back unless
// commit() is called. IMMEDIATE takes the write lock up front, so two writers never deadlock
// upgrading a read lock, and reading the audit head then appending is atomic.
class Transaction {
public:
    explicit Transaction(Connection& connection);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Connection& m_connection;
    std::string m_savepoint;  // empty for a top-level transaction
    bool m_done = false;
};

// A read transaction (WAL: a consistent snapshot while writers carry on beside it), for readers
// that gather from many tables; nothing is written, so it ends with COMMIT whatever happened.
// Inside a caller's transaction it does nothing.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Connection& connection);
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    ~ReadSnapshot();

private:
    Connection& m_connection;
    bool m_open = false;
};

class Connection {
public:
    // Opens an existing SQLite file (create=false) or creates one, with foreign_keys=ON and a
    // busy timeout. Writes nothing: CaseFile checks what the file is before enableWal().
    static std::unique_ptr<Connection> open(const std::filesystem::path& file, OpenMode mode, bool create);
    // Read-write connections: journal_mode=WAL (persistent in the file) and synchronous=FULL.
    void enableWal();
    // Upper bound of this connection's page cache (allocated only as pages are used). Bulk
    // writers of candidates want the queue indexes to fit: ~100 MiB per million candidates.
    void setCacheSizeMiB(int mib);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    bool readOnly() const { return m_mode == OpenMode::ReadOnly; }

    // Who the audit log names for changes made through this connection.
    const std::string& actor() const { return m_actor; }
    void setActor(std::string actor) { m_actor = std::move(actor); }

    Statement prepare(const std::string& sql);
    void exec(const std::string& sql);  // schema and pragmas only; data always goes through bind()
    std::int64_t lastInsertRowId() const;
    int changes() const;
    bool inTransaction() const;

    // Throws unless called on the thread that opened this connection.
    void checkThread() const;
    // Hands the connection to the calling thread; only when the old owner will never use it again.
    void adoptByCurrentThread() { m_owner = std::this_thread::get_id(); }

    // "case /x/y.rscase: <what>: <sqlite message>", with a plain-language hint for common codes.
    [[noreturn]] void fail(int rc, const std::string& what) const;

    sqlite3* handle() const { return m_db; }  // for tests and diagnostics

private:
    friend class Statement;
    friend class Transaction;
    Connection(std::filesystem::path path, OpenMode mode, sqlite3* db);
    void release(const std::string& sql, sqlite3_stmt* stmt);
    std::string nextSavepointName() { return "rs_sp" + std::to_string(++m_savepointCounter); }

    std::filesystem::path m_path;
    OpenMode m_mode;
    sqlite3* m_db;
    std::thread::id m_owner;
    std::string m_actor;
    std::multimap<std::string, sqlite3_stmt*> m_cache;
    unsigned m_savepointCounter = 0;
};

}  // namespace rs::store
