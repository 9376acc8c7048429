// bench_store: the case database at audit scale. Inserts generations and candidates in batched
// transactions (rows/s), then times the review-queue page query (50 rows, status filter,
// ordered by score) over all candidates at several depths, by offset and by keyset cursor.
// Prints one JSON object per line.
//   bench_store [--generations 100000] [--candidates 1000000] [--dir /tmp] [--repeats 7] [--cache-mib N] [--keep]
// Targets (issue 2): >= 100k rows/s inserting, page query < 20 ms.
#include "base/sha256.h"
#include "store/case_file.h"
#include "store/case_repository.h"
#include "store/review_repository.h"
#include "store/run_repository.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace rs::store;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// CPU seconds of this process (user + system): on a shared machine wall time includes waiting for a core.
double cpuSeconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void emit(json line) {
    line["bench"] = "store";
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
}

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_store: %s\n", message.c_str());
    std::exit(1);
}

template <class T>
T require(rs::Expected<T> value) {
    if (!value) die(value.message());
    return std::move(value).value();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// Runs the page query `repeats` times; returns the median in milliseconds.
template <class F>
double timePage(int repeats, F&& query) {
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        query();
        ms.push_back(secondsSince(start) * 1000.0);
    }
    return median(ms);
}

}  // namespace

int main(int argc, char** argv) {
    long long generations = 100000, candidates = 1000000;
    int repeats = 7;
    std::string dir = std::filesystem::temp_directory_path().string();
    bool keep = false;
    int cacheMiB = 0;  // 0: the store's default
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) die(a + " needs a value");
            return argv[++i];
        };
        if (a == "--generations")
            generations = std::atoll(next().c_str());
        else if (a == "--candidates")
            candidates = std::atoll(next().c_str());
        else if (a == "--repeats")
            repeats = std::atoi(next().c_str());
        else if (a == "--dir")
            dir = next();
        else if (a == "--keep")
            keep = true;
        else if (a == "--cache-mib")
            cacheMiB = std::atoi(next().c_str());
        else
            die("unknown option " + a + " (see the comment at the top of bench_store.cpp)");
    }
    std::string pattern = (std::filesystem::path(dir) / "bench_store-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) die("cannot create a folder in " + dir);
    const std::filesystem::path work = pattern;
    const std::filesystem::path casePath = work / "bench.rscase";

    CaseDetails details{"BENCH-1", "bench_store", "bench", "", "", ""};
    auto c = require(CaseFile::create(casePath, details, "bench"));
    Connection& db = c.db();
    if (cacheMiB > 0) db.setCacheSizeMiB(cacheMiB);

    // Setup (not timed): model, prompts (500 generations each, as in Carlini et al.), a reference set.
    ModelRecord model;
    model.name = "bench-model";
    model.path = "/models/bench";
    model.fileSha256 = {{"unet/diffusion_pytorch_model.safetensors", rs::sha256Hex("unet")}};
    const std::int64_t modelId = require(registerModel(db, model));
    const long long seedsPerPrompt = 500;
    const long long promptCount = std::max(1LL, (generations + seedsPerPrompt - 1) / seedsPerPrompt);
    std::vector<Prompt> prompts;
    for (long long p = 0; p < promptCount; ++p)
        prompts.push_back({0, "bench prompt " + std::to_string(p), "bench", ""});
    const auto promptIds = require(addPrompts(db, prompts));
    std::vector<ReferenceImage> refs;
    for (int r = 0; r < 10000; ++r) {
        ReferenceImage ref;
        ref.setName = r % 10 == 0 ? "portfolio" : "laion";
        ref.source = "/refs/" + std::to_string(r) + ".jpg";
        ref.sha256 = rs::sha256Hex("ref" + std::to_string(r));
        ref.sizeBytes = 50000;
        refs.push_back(ref);
    }
    std::vector<ReferenceImage> portfolio, laion;
    for (auto& r : refs) (r.setName == "portfolio" ? portfolio : laion).push_back(r);
    auto refIds = require(importReferenceImages(db, portfolio)).ids;
    const auto laionIds = require(importReferenceImages(db, laion)).ids;
    refIds.insert(refIds.end(), laionIds.begin(), laionIds.end());

    RunRecord run;
    run.modelId = modelId;
    run.sampler = "ddim";
    run.steps = 50;
    run.guidance = 7.5;
    run.width = run.height = 512;
    run.device = "cpu";
    run.dtype = "float32";
    const std::int64_t runId = require(startRun(db, run));

    // ---- generations
    std::mt19937_64 rng(42);
    const long long genBatch = 10000;
    std::vector<std::int64_t> generationIds;
    generationIds.reserve(static_cast<std::size_t>(generations));
    double genSeconds = 0.0, genCpu = 0.0;
    for (long long start = 0; start < generations; start += genBatch) {
        std::vector<Generation> batch;
        for (long long i = start; i < std::min(generations, start + genBatch); ++i)
            batch.push_back({0, runId, promptIds[static_cast<std::size_t>(i / seedsPerPrompt)], i % seedsPerPrompt,
                             static_cast<int>(i % seedsPerPrompt), rs::sha256Hex("gen" + std::to_string(i)),
                             double(rng() % 1000) / 100.0});
        const auto t0 = Clock::now();
        const double c0 = cpuSeconds();
        const auto ids = require(insertGenerations(db, batch));
        genSeconds += secondsSince(t0);
        genCpu += cpuSeconds() - c0;
        generationIds.insert(generationIds.end(), ids.begin(), ids.end());
    }
    emit({{"case", "insert_generations"},
          {"rows", generations},
          {"batch", genBatch},
          {"seconds", genSeconds},
          {"rows_per_s", double(generations) / genSeconds},
          {"cpu_seconds", genCpu},
          {"rows_per_cpu_s", double(generations) / genCpu}});
    const auto t0 = Clock::now();
    if (!finishRun(db, runId, RunStatus::Finished).ok()) die("finishRun failed");
    emit({{"case", "finish_run_digest"}, {"rows", generations}, {"ms", secondsSince(t0) * 1000.0}});

    // ---- candidates
    static const char* const kMetrics[] = {"sscd", "tiled_l2", "phash"};
    const long long candBatch = 50000;
    const long long perGeneration = std::max(1LL, candidates / std::max(1LL, generations));
    double candSeconds = 0.0, candCpu = 0.0;
    for (long long start = 0; start < candidates; start += candBatch) {
        std::vector<Candidate> batch;
        batch.reserve(static_cast<std::size_t>(candBatch));
        for (long long i = start; i < std::min(candidates, start + candBatch); ++i) {
            // As detection emits them: generation by generation (perCandidate each), paired with a
            // reference image or with another generation of the same prompt; scores in random order.
            Candidate cand;
            const std::size_t g = static_cast<std::size_t>((i / perGeneration) % generations);
            cand.generationId = generationIds[g];
            const std::size_t promptStart = g - g % static_cast<std::size_t>(seedsPerPrompt);
            const std::size_t promptSize =
                std::min<std::size_t>(static_cast<std::size_t>(seedsPerPrompt), generationIds.size() - promptStart);
            if (i % 3 == 0)
                cand.otherGenerationId = generationIds[promptStart + rng() % promptSize];
            else
                cand.referenceImageId = refIds[rng() % refIds.size()];
            cand.metric = kMetrics[i % 3];
            const double sscd = double(rng() % 1000000) / 1000000.0;
            cand.distances = {{"sscd", sscd}, {"tiled_l2", 1.0 - sscd}, {"phash", double(rng() % 64)}};
            if (sscd > 0.5) cand.thresholdsCrossed.push_back("sscd>0.5");
            cand.cliqueId = static_cast<std::int64_t>(i / 100);
            cand.score = sscd;
            batch.push_back(std::move(cand));
        }
        const auto t = Clock::now();
        const double c0 = cpuSeconds();
        require(insertCandidates(db, batch));
        candSeconds += secondsSince(t);
        candCpu += cpuSeconds() - c0;
    }
    emit({{"case", "insert_candidates"},
          {"rows", candidates},
          {"batch", candBatch},
          {"seconds", candSeconds},
          {"rows_per_s", double(candidates) / candSeconds},
          {"cpu_seconds", candCpu},
          {"rows_per_cpu_s", double(candidates) / candCpu}});
    emit({{"case", "insert_all"},
          {"rows", generations + candidates},
          {"seconds", genSeconds + candSeconds},
          {"rows_per_s", double(generations + candidates) / (genSeconds + candSeconds)},
          {"rows_per_cpu_s", double(generations + candidates) / (genCpu + candCpu)}});

    // Some decisions, so that "pending" is not every row (each is its own durable transaction).
    const int reviews = 200;
    const auto tr = Clock::now();
    for (int i = 0; i < reviews; ++i)
        require(recordReview(db, 1 + std::int64_t(rng() % std::uint64_t(candidates)),
                             i % 2 ? CandidateStatus::Rejected : CandidateStatus::Confirmed, "bench", "note"));
    emit({{"case", "record_review"}, {"reviews", reviews}, {"ms_per_review", secondsSince(tr) * 1000.0 / reviews}});
    db.exec("ANALYZE");
    auto pageSize = db.prepare("PRAGMA page_size");
    if (!pageSize.step()) die("cannot read the page size");
    emit({{"case", "file_size"},
          {"page_size", pageSize.int64(0)},
          {"bytes", static_cast<long long>(std::filesystem::file_size(casePath))},
          {"wal_bytes", static_cast<long long>(std::filesystem::exists(casePath.string() + "-wal")
                                                   ? std::filesystem::file_size(casePath.string() + "-wal")
                                                   : 0)}});

    // ---- review queue pages, on a freshly opened connection (only the OS page cache is warm)
    auto reopened = require(CaseFile::open(casePath, OpenMode::ReadOnly));
    Connection& q = reopened.db();
    ReviewQueueFilter pending;
    {
        const auto t = Clock::now();
        const auto page = require(reviewQueuePage(q, pending, 50));
        emit({{"case", "queue_first_page_after_open"}, {"rows", page.size()}, {"ms", secondsSince(t) * 1000.0}});
    }
    std::vector<double> allMedians;
    for (long long offset : {0LL, 50LL, 1000LL, 10000LL, 100000LL, 500000LL}) {
        if (offset >= candidates) continue;
        std::size_t rows = 0;
        const double ms = timePage(repeats, [&] { rows = require(reviewQueuePage(q, pending, 50, offset)).size(); });
        allMedians.push_back(ms);
        emit({{"case", "queue_page_offset"},
              {"filter", "status=pending"},
              {"offset", offset},
              {"rows", rows},
              {"median_ms", ms},
              {"repeats", repeats}});
    }
    emit({{"case", "queue_page_summary"},
          {"filter", "status=pending"},
          {"median_ms_over_offsets", median(allMedians)},
          {"max_ms", *std::max_element(allMedians.begin(), allMedians.end())},
          {"target_ms", 20}});

    // Keyset: walk 20 pages from the top, then jump to the cursor at depth ~500k.
    {
        std::vector<double> ms;
        std::optional<QueueCursor> cursor;
        for (int p = 0; p < 20; ++p) {
            const auto t = Clock::now();
            const auto page = require(reviewQueuePage(q, pending, 50, 0, cursor));
            ms.push_back(secondsSince(t) * 1000.0);
            if (page.empty()) break;
            cursor = QueueCursor{page.back().candidate.score, page.back().candidate.id};
        }
        emit({{"case", "queue_page_keyset_walk"},
              {"pages", ms.size()},
              {"median_ms", median(ms)},
              {"max_ms", *std::max_element(ms.begin(), ms.end())}});
        const auto deep = require(reviewQueuePage(q, pending, 1, std::min(500000LL, candidates / 2)));
        if (!deep.empty()) {
            const QueueCursor at{deep.front().candidate.score, deep.front().candidate.id};
            const double d = timePage(repeats, [&] { require(reviewQueuePage(q, pending, 50, 0, at)); });
            emit({{"case", "queue_page_keyset_deep"}, {"depth", std::min(500000LL, candidates / 2)}, {"median_ms", d}});
        }
    }
    // Other filters.
    struct Variant {
        const char* name;
        ReviewQueueFilter filter;
    };
    std::vector<Variant> variants;
    {
        ReviewQueueFilter f;
        f.promptId = promptIds[promptIds.size() / 2];
        variants.push_back({"status=pending,prompt", f});
        f = {};
        f.metric = "phash";
        variants.push_back({"status=pending,metric", f});
        f = {};
        f.referenceSet = "portfolio";
        variants.push_back({"status=pending,reference_set=portfolio(10%)", f});
        f = {};
        f.status = CandidateStatus::Confirmed;
        variants.push_back({"status=confirmed", f});
        f = {};
        f.status = std::nullopt;
        variants.push_back({"any status", f});
    }
    for (const auto& v : variants) {
        std::size_t rows = 0;
        const double ms = timePage(repeats, [&] { rows = require(reviewQueuePage(q, v.filter, 50)).size(); });
        emit({{"case", "queue_page_filter"}, {"filter", v.name}, {"rows", rows}, {"median_ms", ms}});
    }
    {
        std::int64_t n = 0;
        const double ms = timePage(3, [&] { n = require(countCandidates(q, pending)); });
        emit({{"case", "count_pending"}, {"count", n}, {"median_ms", ms}});
    }
    if (!keep) {
        std::error_code ec;
        std::filesystem::remove_all(work, ec);
    } else {
        emit({{"case", "kept"}, {"path", casePath.string()}});
    }
    return 0;
}
