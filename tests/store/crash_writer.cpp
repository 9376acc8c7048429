// Helper for TestCrashSafety: commits a first batch of generations, then inserts one big batch
// (a single insertGenerations call, one transaction) and is killed with SIGKILL by the test
// while doing so. A watcher thread prints "in-batch" once uncommitted pages have reached the
// -wal file, so the kill lands in the middle of the batch with its data partly on disk.
//   store_crash_writer CASE RUN_ID PROMPT_ID COMMITTED_ROWS BATCH_ROWS
#include "base/sha256.h"
#include "store/case_file.h"
#include "store/run_repository.h"

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

using namespace rs::store;

namespace {

long long fileSize(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
}

std::vector<Generation> batch(std::int64_t run, std::int64_t prompt, std::int64_t firstSeed, std::int64_t rows) {
    std::vector<Generation> out;
    out.reserve(static_cast<std::size_t>(rows));
    for (std::int64_t i = 0; i < rows; ++i) {
        const std::int64_t seed = firstSeed + i;
        out.push_back(
            {0, run, prompt, seed, static_cast<int>(i), rs::sha256Hex("crash image " + std::to_string(seed)), 0.5});
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: store_crash_writer CASE RUN_ID PROMPT_ID COMMITTED_ROWS BATCH_ROWS\n");
        return 2;
    }
    const std::string path = argv[1];
    const std::int64_t run = std::atoll(argv[2]), prompt = std::atoll(argv[3]);
    const std::int64_t committed = std::atoll(argv[4]), rows = std::atoll(argv[5]);
    auto c = CaseFile::open(path);
    if (!c) {
        std::fprintf(stderr, "%s\n", c.message().c_str());
        return 1;
    }
    // A small page cache makes SQLite spill uncommitted pages into the -wal file mid-transaction.
    c->db().exec("PRAGMA cache_size = 64");
    auto first = insertGenerations(c->db(), batch(run, prompt, 0, committed));
    if (!first) {
        std::fprintf(stderr, "%s\n", first.message().c_str());
        return 1;
    }
    std::printf("committed %lld\n", static_cast<long long>(committed));
    std::fflush(stdout);

    const std::string wal = c->paths().database.string() + "-wal";
    const long long walBefore = fileSize(wal);
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done) {
            if (fileSize(wal) > walBefore + (1 << 20)) {
                std::printf("in-batch wal=%lld\n", fileSize(wal));
                std::fflush(stdout);
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    auto big = batch(run, prompt, committed, rows);
    auto second = insertGenerations(c->db(), big);
    done = true;
    watcher.join();
    // Reaching this line means the test did not kill us in time.
    std::printf("batch-finished %s\n", second ? "ok" : second.message().c_str());
    std::fflush(stdout);
    return 3;
}
