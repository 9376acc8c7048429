// Reference-set benchmarks, JSON lines on stdout:
//  1. import throughput on real clip art (Debian openclipart-png): decode + SHA-256 + thumbnail
//     + built-in descriptor, (a) the compute stage alone on 1 and 2 worker threads, (b) the whole
//     import into a case (reading, store writes with fsync, originals kept or not);
//  2. FAISS top-10 latency (single queries: median, p95) on 100k and 1M synthetic 512-d
//     descriptors, flat vs IVF, and recall@10 of IVF against flat.
//     Vectors are unit-normalised cluster centre + noise of std `spread` per dimension (centres
//     N(0,1)): points of one cluster have cosine ~1/(1+spread^2) (0.61 at 0.8: well separated,
//     IVF is near exact; 0.10 at 3: weak structure, the hard case for IVF recall).
// usage: bench_reference [--images N] [--sizes 100000,1000000] [--queries Q] [--spread S] [--skip-import] [--skip-faiss]
#include "base/file_io.h"
#include "base/sha256.h"
#include "reference/image_processor.h"
#include "reference/reference_import.h"
#include "reference/reference_index.h"
#include "store/case_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace rs::reference;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void emit(const nlohmann::json& j) { std::cout << j.dump() << std::endl; }

std::vector<fs::path> clipart(std::size_t count) {
    std::vector<fs::path> all;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator("/usr/share/openclipart/png", ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".png") all.push_back(it->path());
    std::sort(all.begin(), all.end());
    std::vector<fs::path> out;
    const std::size_t step = std::max<std::size_t>(1, all.size() / count);
    for (std::size_t i = 0; i < all.size() && out.size() < count; i += step) out.push_back(all[i]);
    return out;
}

void benchImport(std::size_t count) {
    const auto files = clipart(count);
    if (files.empty()) {
        emit({{"bench", "import"}, {"error", "openclipart-png not installed"}});
        return;
    }
    std::vector<std::string> bytes;
    std::size_t total = 0;
    for (const auto& f : files) {
        auto b = rs::readFileLimited(f, 64u << 20);
        if (b) {
            total += b->size();
            bytes.push_back(std::move(*b));
        }
    }
    // (a) compute stage only: SHA-256 here + decode/thumbnail/descriptor on the pool.
    for (int threads : {1, 2}) {
        ProcessorOptions po;
        po.threads = threads;
        auto pool = ImageProcessorPool::create(po);
        if (!pool) return emit({{"bench", "import_compute"}, {"error", pool.message()}});
        std::vector<ProcessJob> jobs;
        for (std::size_t i = 0; i < bytes.size(); ++i) jobs.push_back({"img" + std::to_string(i) + ".png", &bytes[i]});
        std::vector<ProcessResult> results;
        const auto t = Clock::now();
        for (const auto& b : bytes) (void)rs::sha256Hex(b);
        (*pool)->start(jobs, results);
        (*pool)->wait();
        const double s = since(t);
        std::size_t failed = 0;
        for (const auto& r : results) failed += r.error.empty() ? 0 : 1;
        emit({{"bench", "import_compute"},
              {"what", "sha256 + decode + thumbnail(jpeg 256) + builtin descriptor"},
              {"threads", threads},
              {"images", bytes.size()},
              {"failed", failed},
              {"mean_kb", total / 1024.0 / bytes.size()},
              {"seconds", s},
              {"images_per_s", bytes.size() / s}});
    }
    // (b) the whole import into a fresh case.
    char tmpl[] = "/tmp/bench_reference_XXXXXX";
    const fs::path dir = ::mkdtemp(tmpl);
    fs::create_directories(dir / "src");
    for (std::size_t i = 0; i < files.size(); ++i)
        fs::copy_file(files[i], dir / "src" / (std::to_string(1000 + i) + ".png"));
    int run = 0;
    for (bool originals : {true, false})
        for (int threads : {1, 2}) {
            rs::store::CaseDetails d;
            d.caseNumber = "bench";
            d.title = "bench";
            d.examiner = "bench";
            auto c = rs::store::CaseFile::create(dir / ("case" + std::to_string(run++) + ".rscase"), d, "bench");
            if (!c) return emit({{"bench", "import"}, {"error", c.message()}});
            ImportOptions o;
            o.threads = threads;
            o.storeOriginals = originals;
            const auto t = Clock::now();
            auto s = importReferenceSet(*c, "clipart", ImportSource::folder(dir / "src"), o);
            const double secs = since(t);
            if (!s) return emit({{"bench", "import"}, {"error", s.message()}});
            emit({{"bench", "import"},
                  {"what",
                   "folder import into a case (read, hash, decode, thumbnail, builtin descriptor, SQLite + fsync)"},
                  {"threads", threads},
                  {"store_originals", originals},
                  {"images", s->found},
                  {"imported", s->imported},
                  {"duplicates", s->duplicates},
                  {"failed", s->failed.size()},
                  {"seconds", secs},
                  {"images_per_s", s->found / secs}});
        }
    fs::remove_all(dir);
}

// Clustered unit vectors: `clusters` centres, points = centre + noise (normalised).
void synthetic(std::size_t n, int dim, std::size_t clusters, float spread, unsigned seed, std::vector<float>& out,
               const std::vector<float>* centresIn = nullptr, std::vector<float>* centresOut = nullptr) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.0f, 1.0f);
    std::vector<float> centres;
    if (centresIn)
        centres = *centresIn;
    else {
        centres.resize(clusters * dim);
        for (auto& v : centres) v = g(rng);
    }
    if (centresOut) *centresOut = centres;
    out.resize(n * dim);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t c = rng() % clusters;
        double norm = 0;
        for (int d = 0; d < dim; ++d) {
            float v = centres[c * dim + d] + spread * g(rng);
            out[i * dim + d] = v;
            norm += double(v) * v;
        }
        const float inv = float(1.0 / std::sqrt(norm));
        for (int d = 0; d < dim; ++d) out[i * dim + d] *= inv;
    }
}

struct Latency {
    double median = 0, p95 = 0;
};

Latency timeQueries(const ReferenceIndex& index, const std::vector<float>& queries, int dim, std::size_t nq,
                    std::vector<std::vector<std::int64_t>>* ids) {
    std::vector<double> ms;
    if (ids) ids->assign(nq, {});
    for (std::size_t i = 0; i < nq; ++i) {
        const std::vector<float> q(queries.begin() + i * dim, queries.begin() + (i + 1) * dim);
        const auto t = Clock::now();
        auto r = index.search(q, 10);
        ms.push_back(since(t) * 1000);
        if (r && ids)
            for (const auto& h : *r) (*ids)[i].push_back(h.referenceId);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, static_cast<std::size_t>(0.95 * ms.size()))]};
}

void benchFaiss(std::size_t n, std::size_t nq, float spread) {
    const int dim = 512;
    const std::size_t clusters = std::max<std::size_t>(100, n / 100);
    std::vector<float> base, centres, fresh;
    synthetic(n, dim, clusters, spread, 1, base, nullptr, &centres);
    // Queries: half fresh draws from the same clusters (hard: no planted match), half stored
    // vectors plus small noise (a generation that copies one reference).
    synthetic(nq / 2, dim, clusters, spread, 2, fresh, &centres);
    std::vector<float> queries(fresh);
    std::mt19937 rng(3);
    std::normal_distribution<float> g(0.0f, 0.01f);
    std::vector<std::int64_t> planted;
    for (std::size_t i = 0; i < nq - nq / 2; ++i) {
        const std::size_t row = rng() % n;
        planted.push_back(static_cast<std::int64_t>(row));
        for (int d = 0; d < dim; ++d) queries.push_back(base[row * dim + d] + g(rng));
    }
    std::vector<std::int64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = static_cast<std::int64_t>(i);

    std::vector<std::vector<std::int64_t>> truth;
    {
        IndexOptions flatOptions;
        flatOptions.ivfThreshold = static_cast<std::int64_t>(n) + 1;
        std::vector<float> copy(base);
        auto flat = ReferenceIndex::build(ids, std::move(copy), dim, flatOptions);
        if (!flat) return emit({{"bench", "faiss"}, {"error", flat.message()}});
        const Latency l = timeQueries(*flat, queries, dim, nq, &truth);
        emit({{"bench", "faiss_top10"},
              {"index", "flat"},
              {"n", n},
              {"dim", dim},
              {"spread", spread},
              {"queries", nq},
              {"build_s", flat->info().buildSeconds},
              {"median_ms", l.median},
              {"p95_ms", l.p95},
              {"recall_at_10", 1.0}});
        std::vector<float> batch(queries);
        const auto t = Clock::now();
        auto r = flat->search(batch.data(), nq, 10);
        emit({{"bench", "faiss_top10_batch"},
              {"index", "flat"},
              {"n", n},
              {"queries", nq},
              {"ms_per_query", since(t) * 1000 / nq}});
    }
    IndexOptions ivfOptions;
    ivfOptions.ivfThreshold = 1;
    auto ivf = ReferenceIndex::build(ids, std::move(base), dim, ivfOptions);
    if (!ivf) return emit({{"bench", "faiss"}, {"error", ivf.message()}});
    const int nlist = ivf->info().nlist;
    const int defaultNprobe = ivf->info().nprobe;
    std::vector<int> probes = {8, 16, 32, ivf->info().nprobe, 4 * ivf->info().nprobe};
    std::sort(probes.begin(), probes.end());
    probes.erase(std::unique(probes.begin(), probes.end()), probes.end());
    for (int nprobe : probes) {
        if (nprobe > nlist) continue;
        ivf->setNprobe(nprobe);
        std::vector<std::vector<std::int64_t>> got;
        const Latency l = timeQueries(*ivf, queries, dim, nq, &got);
        std::size_t hit = 0, hitFresh = 0, plantedTop1 = 0;
        for (std::size_t i = 0; i < nq; ++i) {
            std::size_t h = 0;
            for (auto id : got[i]) h += std::count(truth[i].begin(), truth[i].end(), id);
            hit += h;
            if (i < nq / 2)
                hitFresh += h;
            else if (!got[i].empty() && got[i][0] == planted[i - nq / 2])
                ++plantedTop1;
        }
        emit({{"bench", "faiss_top10"},
              {"index", "ivf"},
              {"n", n},
              {"dim", dim},
              {"spread", spread},
              {"nlist", nlist},
              {"nprobe", nprobe},
              {"default_nprobe", nprobe == defaultNprobe},
              {"queries", nq},
              {"build_s", ivf->info().buildSeconds},
              {"median_ms", l.median},
              {"p95_ms", l.p95},
              {"recall_at_10", double(hit) / (10.0 * nq)},
              {"recall_at_10_fresh_queries", double(hitFresh) / (10.0 * (nq / 2))},
              {"planted_top1", double(plantedTop1) / double(nq - nq / 2)}});
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t images = 300, nq = 200;
    std::vector<std::size_t> sizes = {100000, 1000000};
    bool doImport = true, doFaiss = true;
    float spread = 3.0f;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--images" && i + 1 < argc)
            images = std::stoul(argv[++i]);
        else if (a == "--queries" && i + 1 < argc)
            nq = std::stoul(argv[++i]);
        else if (a == "--spread" && i + 1 < argc)
            spread = std::stof(argv[++i]);
        else if (a == "--sizes" && i + 1 < argc) {
            sizes.clear();
            std::string list = argv[++i];
            for (std::size_t p = 0; p < list.size();) {
                const auto comma = list.find(',', p);
                sizes.push_back(std::stoul(list.substr(p, comma - p)));
                p = comma == std::string::npos ? list.size() : comma + 1;
            }
        } else if (a == "--skip-import")
            doImport = false;
        else if (a == "--skip-faiss")
            doFaiss = false;
        else {
            std::fprintf(stderr,
                         "usage: bench_reference [--images N] [--sizes 100000,1000000] [--queries Q] [--spread S] "
                         "[--skip-import] [--skip-faiss]\n");
            return 2;
        }
    }
    emit({{"bench", "machine"}, {"hardware_threads", std::thread::hardware_concurrency()}});
    if (doImport) benchImport(images);
    if (doFaiss)
        for (auto n : sizes) benchFaiss(n, nq, spread);
    return 0;
}
