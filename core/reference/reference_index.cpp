#include "reference/reference_index.h"

#include "base/sha256.h"
#include "store/case_repository.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

namespace rs::reference {

namespace fs = std::filesystem;

namespace {

using FaissId = faiss::Index::idx_t;  // FAISS 1.7.3; later versions also name it faiss::idx_t

constexpr const char* kMetaFormat = "replicascope-reference-index/1";
constexpr int kPage = 4096;

int defaultNlist(std::int64_t n) {
    return std::max(1, static_cast<int>(std::lround(4.0 * std::sqrt(static_cast<double>(n)))));
}
int defaultNprobe(int nlist) { return std::min(nlist, std::max(16, nlist / 16)); }

struct LoadedSet {
    std::vector<std::int64_t> ids;
    std::vector<float> vectors;
    int dimension = 0;
    std::int64_t missing = 0;
    std::string digest;
};

std::string optionsKey(const IndexOptions& o) {
    return "ivf_threshold=" + std::to_string(o.ivfThreshold) + ";nlist=" + std::to_string(o.nlist) +
           ";train_per_list=" + std::to_string(o.trainingPointsPerList) +
           ";iterations=" + std::to_string(o.kmeansIterations);
}

Expected<LoadedSet> loadSet(store::Connection& db, const std::string& set, const IndexOptions& options) {
    LoadedSet out;
    Sha256 digest;
    digest.update("replicascope-index-digest-v1\n" + optionsKey(options) + "\n");
    for (std::int64_t offset = 0;; offset += kPage) {
        auto page = store::listReferenceImages(db, set, kPage, offset, true);
        if (!page) return page.error();
        for (const auto& r : *page) {
            if (!r.descriptor || r.descriptor->empty()) {
                ++out.missing;
                continue;
            }
            const auto& bytes = *r.descriptor;
            if (bytes.size() % sizeof(float) != 0)
                return makeError("reference image " + std::to_string(r.id) + " (" + r.source +
                                 ") has a damaged descriptor (" + std::to_string(bytes.size()) + " bytes)");
            const int dim = static_cast<int>(bytes.size() / sizeof(float));
            if (out.dimension == 0) out.dimension = dim;
            if (dim != out.dimension)
                return makeError("reference image " + std::to_string(r.id) + " (" + r.source + ") has a " +
                                 std::to_string(dim) + "-value descriptor, the set's others have " +
                                 std::to_string(out.dimension));
            std::uint8_t idBytes[8];
            for (int b = 0; b < 8; ++b)
                idBytes[b] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(r.id) >> (8 * b));
            digest.update(idBytes, 8);
            digest.update(r.sha256);
            digest.update(bytes.data(), bytes.size());
            out.ids.push_back(r.id);
            const std::size_t at = out.vectors.size();
            out.vectors.resize(at + static_cast<std::size_t>(dim));
            std::memcpy(out.vectors.data() + at, bytes.data(), bytes.size());
        }
        if (static_cast<int>(page->size()) < kPage) break;
    }
    out.digest = digest.hexDigest();
    return out;
}

Status fsyncFile(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return makeError("cannot reopen " + path.string() + " to flush it");
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return makeError("cannot flush " + path.string() + " to disk");
    return {};
}

Status writeTextAtomically(const fs::path& target, const std::string& text) {
    const fs::path temp = target.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) return makeError("cannot write " + temp.string());
    }
    if (Status st = fsyncFile(temp); !st) return st;
    std::error_code ec;
    fs::rename(temp, target, ec);
    if (ec) return makeError("cannot rename " + temp.string() + " to " + target.string() + ": " + ec.message());
    return {};
}

}  // namespace

struct ReferenceIndex::Impl {
    std::unique_ptr<faiss::Index> index;
    faiss::IndexIVF* ivf = nullptr;  // non-owning view when the index is IVF
    int nprobe = 0;
};

ReferenceIndex::ReferenceIndex() : m_impl(std::make_unique<Impl>()) {}
ReferenceIndex::ReferenceIndex(ReferenceIndex&&) noexcept = default;
ReferenceIndex& ReferenceIndex::operator=(ReferenceIndex&&) noexcept = default;
ReferenceIndex::~ReferenceIndex() = default;

fs::path indexDirectoryFor(const store::CaseFile& caseFile) {
    return fs::path(caseFile.paths().database.string() + "-index");
}

std::string indexFileStem(const std::string& setName) {
    std::string stem;
    for (char c : setName) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        stem += ok ? c : '_';
    }
    if (stem.empty() || stem.front() == '.') stem.insert(stem.begin(), '_');
    if (stem != setName || stem.size() > 80) stem = stem.substr(0, 80) + "-" + sha256Hex(setName).substr(0, 12);
    return stem;
}

Expected<ReferenceIndex> ReferenceIndex::build(const std::vector<std::int64_t>& ids, std::vector<float> vectors,
                                               int dimension, const IndexOptions& options) {
    if (dimension <= 0) return makeError("an index needs a positive descriptor dimension");
    if (ids.empty()) return makeError("an index needs at least one vector");
    if (vectors.size() != ids.size() * static_cast<std::size_t>(dimension))
        return makeError("index build: " + std::to_string(ids.size()) + " ids but " + std::to_string(vectors.size()) +
                         " values for dimension " + std::to_string(dimension));
    const auto start = std::chrono::steady_clock::now();
    ReferenceIndex out;
    const auto n = static_cast<FaissId>(ids.size());
    std::vector<float>& normalized = vectors;
    faiss::fvec_renorm_L2(static_cast<std::size_t>(dimension), ids.size(), normalized.data());
    try {
        if (static_cast<std::int64_t>(n) < options.ivfThreshold) {
            auto flat = std::make_unique<faiss::IndexFlatIP>(dimension);
            auto map = std::make_unique<faiss::IndexIDMap>(flat.release());
            map->own_fields = true;
            map->add_with_ids(n, normalized.data(), ids.data());
            out.m_impl->index = std::move(map);
            out.m_info.kind = "flat";
        } else {
            const int nlist = options.nlist > 0 ? options.nlist : defaultNlist(n);
            auto quantizer = std::make_unique<faiss::IndexFlatIP>(dimension);
            auto ivf = std::make_unique<faiss::IndexIVFFlat>(
                quantizer.release(), dimension, static_cast<std::size_t>(nlist), faiss::METRIC_INNER_PRODUCT);
            ivf->own_fields = true;
            ivf->cp.niter = options.kmeansIterations;
            ivf->cp.seed = 1234;
            ivf->cp.max_points_per_centroid = std::max(1, options.trainingPointsPerList);
            // Deterministic training sample: a fixed-seed shuffle of the rows.
            const std::size_t want = std::min<std::size_t>(
                ids.size(),
                static_cast<std::size_t>(nlist) * static_cast<std::size_t>(std::max(1, options.trainingPointsPerList)));
            std::vector<float> sample;
            const float* training = normalized.data();
            if (want < ids.size()) {
                std::vector<std::size_t> order(ids.size());
                for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
                std::mt19937_64 rng(42);
                std::shuffle(order.begin(), order.end(), rng);
                sample.resize(want * static_cast<std::size_t>(dimension));
                for (std::size_t i = 0; i < want; ++i)
                    std::memcpy(sample.data() + i * dimension, normalized.data() + order[i] * dimension,
                                sizeof(float) * dimension);
                training = sample.data();
            }
            ivf->train(static_cast<FaissId>(want), training);
            ivf->add_with_ids(n, normalized.data(), ids.data());
            out.m_impl->ivf = ivf.get();
            out.m_impl->index = std::move(ivf);
            out.m_info.kind = "ivf";
            out.m_info.nlist = nlist;
        }
    } catch (const std::exception& e) {
        return makeError(std::string("building the FAISS index: ") + e.what());
    }
    out.m_info.count = static_cast<std::int64_t>(n);
    out.m_info.dimension = dimension;
    out.setNprobe(options.nprobe > 0 ? options.nprobe : defaultNprobe(out.m_info.nlist));
    out.m_info.buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

void ReferenceIndex::setNprobe(int nprobe) {
    if (!m_impl->ivf) return;
    m_impl->nprobe = std::clamp(nprobe, 1, std::max(1, m_info.nlist));
    m_info.nprobe = m_impl->nprobe;
}

Expected<std::vector<std::vector<Neighbour>>> ReferenceIndex::search(const float* queries, std::size_t n, int k) const {
    if (!m_impl->index) return makeError("the reference index is empty");
    if (k <= 0) return makeError("search needs k >= 1");
    const int dim = m_info.dimension;
    std::vector<float> q(queries, queries + n * static_cast<std::size_t>(dim));
    faiss::fvec_renorm_L2(static_cast<std::size_t>(dim), n, q.data());
    // Runs `count` queries starting at `first` with `nprobe` lists (IVF) into `out`.
    auto run = [&](const float* first, std::size_t count, int nprobe,
                   std::vector<std::vector<Neighbour>>& out) -> Status {
        std::vector<float> distances(count * static_cast<std::size_t>(k));
        std::vector<FaissId> labels(count * static_cast<std::size_t>(k));
        try {
            if (m_impl->ivf) {
                faiss::SearchParametersIVF params;
                params.nprobe = static_cast<std::size_t>(nprobe);
                m_impl->index->search(static_cast<FaissId>(count), first, k, distances.data(), labels.data(), &params);
            } else {
                m_impl->index->search(static_cast<FaissId>(count), first, k, distances.data(), labels.data());
            }
        } catch (const std::exception& e) {
            return makeError(std::string("searching the reference index: ") + e.what());
        }
        out.assign(count, {});
        for (std::size_t i = 0; i < count; ++i)
            for (int j = 0; j < k; ++j) {
                const std::size_t at = i * static_cast<std::size_t>(k) + static_cast<std::size_t>(j);
                if (labels[at] < 0) continue;
                out[i].push_back({labels[at], std::clamp(distances[at], -1.0f, 1.0f)});
            }
        return {};
    };
    std::vector<std::vector<Neighbour>> out;
    if (Status st = run(q.data(), n, m_impl->nprobe, out); !st) return st.error();
    // IVF: the probed lists may hold fewer than k vectors. Such queries are searched again with
    // twice the lists until they have min(k, N) hits (at nprobe = nlist the search is exhaustive).
    if (m_impl->ivf) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::int64_t>(k, m_info.count));
        for (int nprobe = m_impl->nprobe; nprobe < m_info.nlist;) {
            nprobe = std::min(m_info.nlist, nprobe * 2);
            bool shortAny = false;
            for (std::size_t i = 0; i < n; ++i) {
                if (out[i].size() >= want) continue;
                shortAny = true;
                std::vector<std::vector<Neighbour>> again;
                if (Status st = run(q.data() + i * static_cast<std::size_t>(dim), 1, nprobe, again); !st)
                    return st.error();
                out[i] = std::move(again.front());
            }
            if (!shortAny) break;
        }
    }
    return out;
}

Expected<std::vector<Neighbour>> ReferenceIndex::search(const std::vector<float>& query, int k) const {
    if (static_cast<int>(query.size()) != m_info.dimension)
        return makeError("query has " + std::to_string(query.size()) + " values, the index " +
                         std::to_string(m_info.dimension));
    auto r = search(query.data(), 1, k);
    if (!r) return r.error();
    return std::move(r->front());
}

Expected<ReferenceIndex> ReferenceIndex::openForSet(store::CaseFile& caseFile, const std::string& setName,
                                                    const IndexOptions& options) {
    auto loaded = loadSet(caseFile.db(), setName, options);
    if (!loaded) return loaded.error();
    if (loaded->ids.empty())
        return makeError("reference set '" + setName + "' has no images with descriptors" +
                         (loaded->missing ? " (" + std::to_string(loaded->missing) + " without)" : std::string()));
    SetDescriptor descriptor;
    if (auto d = setDescriptor(caseFile.db(), setName)) descriptor = *d;

    const fs::path dir = indexDirectoryFor(caseFile);
    const std::string stem = indexFileStem(setName);
    const fs::path indexFile = dir / (stem + ".faiss");
    const fs::path metaFile = dir / (stem + ".json");

    auto finish = [&](ReferenceIndex index, bool rebuilt) {
        index.m_info.setName = setName;
        index.m_info.digest = loaded->digest;
        index.m_info.descriptor = descriptor;
        index.m_info.missingDescriptors = loaded->missing;
        index.m_info.rebuilt = rebuilt;
        index.m_info.indexFile = indexFile;
        index.m_info.metaFile = metaFile;
        return index;
    };

    // Load when the recorded digest matches.
    std::error_code ec;
    if (fs::is_regular_file(metaFile, ec) && fs::is_regular_file(indexFile, ec)) {
        std::ifstream in(metaFile, std::ios::binary);
        nlohmann::json meta = nlohmann::json::parse(in, nullptr, false);
        if (!meta.is_discarded() && meta.is_object() && meta.value("format", "") == kMetaFormat &&
            meta.value("digest", "") == loaded->digest) {
            try {
                std::unique_ptr<faiss::Index> index(faiss::read_index(indexFile.c_str()));
                if (index && index->ntotal == static_cast<FaissId>(loaded->ids.size()) &&
                    index->d == loaded->dimension) {
                    ReferenceIndex out;
                    out.m_info.count = index->ntotal;
                    out.m_info.dimension = index->d;
                    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index.get())) {
                        out.m_impl->ivf = ivf;
                        out.m_info.kind = "ivf";
                        out.m_info.nlist = static_cast<int>(ivf->nlist);
                    } else {
                        out.m_info.kind = "flat";
                    }
                    out.m_impl->index = std::move(index);
                    out.setNprobe(options.nprobe > 0 ? options.nprobe : defaultNprobe(out.m_info.nlist));
                    return finish(std::move(out), false);
                }
            } catch (const std::exception&) {
                // An unreadable index file is rebuilt below.
            }
        }
    }

    auto built = build(loaded->ids, std::move(loaded->vectors), loaded->dimension, options);
    if (!built) return built.error();
    fs::create_directories(dir, ec);
    if (ec) return makeError("cannot create " + dir.string() + ": " + ec.message());
    const fs::path tempIndex = indexFile.string() + ".tmp";
    try {
        faiss::write_index(built->m_impl->index.get(), tempIndex.c_str());
    } catch (const std::exception& e) {
        return makeError("cannot write " + tempIndex.string() + ": " + e.what());
    }
    if (Status st = fsyncFile(tempIndex); !st) return st.error();
    // The meta file goes last: a crash in between leaves a digest that no longer matches.
    fs::remove(metaFile, ec);
    fs::rename(tempIndex, indexFile, ec);
    if (ec) return makeError("cannot rename " + tempIndex.string() + ": " + ec.message());
    const nlohmann::json meta = {{"format", kMetaFormat},
                                 {"set", utf8Safe(setName)},
                                 {"digest", loaded->digest},
                                 {"count", built->m_info.count},
                                 {"dimension", built->m_info.dimension},
                                 {"kind", built->m_info.kind},
                                 {"nlist", built->m_info.nlist},
                                 {"descriptor", {{"name", descriptor.name}, {"model_sha256", descriptor.modelSha256}}},
                                 {"build_seconds", built->m_info.buildSeconds}};
    if (Status st = writeTextAtomically(metaFile, meta.dump(2) + "\n"); !st) return st.error();
    return finish(std::move(*built), true);
}

}  // namespace rs::reference
