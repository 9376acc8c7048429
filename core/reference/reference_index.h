#pragma once
// Nearest-neighbour search over a reference set's descriptors with FAISS (cosine = inner product
// of L2-normalised vectors).
//
// Index choice (by the number of images N with a descriptor):
//   N <  ivfThreshold (default 50,000): exact, IndexFlatIP. Every query scans all vectors;
//       at 50k x 512-d that is ~25M multiply-adds, a few ms on one core, and the answer is exact.
//   N >= ivfThreshold: IndexIVFFlat with nlist = round(4 * sqrt(N)) inverted lists (894 at
//       50k, 4,000 at 1M), k-means trained on a deterministic sample of 40 * nlist vectors
//       (10 iterations). A query scans the nprobe nearest lists; default nprobe =
//       max(16, nlist / 16) (56 at 50k, 250 at 1M), i.e. ~1/16 of the vectors. Vectors are
//       stored uncompressed, so the cosines returned are exact for the candidates found; what
//       IVF can lose is a neighbour in a list it did not probe (recall@10 is measured in
//       bench_reference). Raise nprobe for recall, lower it for speed; nprobe = nlist is exact.
// Callers re-rank the top-k by exact image metrics (tiled l2 etc.), so a generous k costs
// little.
//
// Persistence, beside the case:
//   <dir>/<case>.rscase-index/<set>.faiss   the FAISS index (labels = reference image ids)
//   <dir>/<case>.rscase-index/<set>.json    {format, set, digest, count, dimension, kind, nlist, ...}
// (<set> is the set name with characters other than [A-Za-z0-9._-] replaced and, when changed,
// a short hash of the name appended.) The digest is SHA-256 over the index options and every row
// of the set (id, image SHA-256, descriptor bytes) in id order; openForSet() rebuilds when it
// differs (images added, descriptors replaced) or the files are missing or unreadable. Both
// files are written to temporary names, flushed and renamed into place.
#include "base/expected.h"
#include "reference/import_journal.h"
#include "store/case_file.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rs::reference {

struct IndexOptions {
    std::int64_t ivfThreshold = 50000;
    int nlist = 0;   // 0: round(4 * sqrt(N))
    int nprobe = 0;  // 0: max(16, nlist / 16); search-time only (not part of the digest)
    int trainingPointsPerList = 40;
    int kmeansIterations = 10;
};

struct Neighbour {
    std::int64_t referenceId = 0;
    float cosine = 0;
};

struct IndexInfo {
    std::string setName;
    std::string kind;  // "flat" or "ivf"
    std::int64_t count = 0;
    int dimension = 0;
    int nlist = 0;   // 0 for flat
    int nprobe = 0;  // 0 for flat
    std::string digest;
    SetDescriptor descriptor;             // what the set's vectors come from (describe queries the same way)
    std::int64_t missingDescriptors = 0;  // rows of the set without a descriptor (not searchable)
    bool rebuilt = false;                 // openForSet built it (stale or missing) rather than loading it
    double buildSeconds = 0;
    std::filesystem::path indexFile, metaFile;  // empty for an in-memory index
};

class ReferenceIndex {
public:
    // Loads the persisted index of a set, or (re)builds and saves it when missing or stale.
    static Expected<ReferenceIndex> openForSet(store::CaseFile& caseFile, const std::string& setName,
                                               const IndexOptions& options = {});
    // In-memory index over given vectors (row-major n x dimension); labels are `ids`. The vectors
    // are normalised in place (pass them with std::move to avoid a copy of a large set).
    static Expected<ReferenceIndex> build(const std::vector<std::int64_t>& ids, std::vector<float> vectors,
                                          int dimension, const IndexOptions& options = {});

    ReferenceIndex(ReferenceIndex&&) noexcept;
    ReferenceIndex& operator=(ReferenceIndex&&) noexcept;
    ~ReferenceIndex();

    const IndexInfo& info() const { return m_info; }
    void setNprobe(int nprobe);  // IVF only; clamped to [1, nlist]

    // Top-k per query (row-major n x dimension), best first; fewer than k only when the set is
    // smaller (IVF: a query whose probed lists hold fewer than k vectors is searched again with
    // more lists).
    // Queries are L2-normalised here. Safe to call from several threads at once.
    Expected<std::vector<std::vector<Neighbour>>> search(const float* queries, std::size_t n, int k) const;
    Expected<std::vector<Neighbour>> search(const std::vector<float>& query, int k) const;

private:
    struct Impl;
    ReferenceIndex();
    std::unique_ptr<Impl> m_impl;
    IndexInfo m_info;
};

// Where a set's index files live.
std::filesystem::path indexDirectoryFor(const store::CaseFile& caseFile);
std::string indexFileStem(const std::string& setName);

}  // namespace rs::reference
