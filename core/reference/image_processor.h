#pragma once
// The CPU-heavy part of an import: decode (with limits), thumbnail, descriptor. A small pool of
// worker threads, each with its own descriptor extractor (extractors are not thread-safe), works
// through one batch at a time while the calling thread reads the next batch and writes the
// previous one to the case (SQLite stays on the calling thread).
#include "base/expected.h"
#include "imaging/image_decode.h"
#include "imaging/image_ops.h"
#include "metrics/descriptor_extractor.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rs::reference {

struct ProcessJob {
    std::string sourceName;              // for messages and the decoder's extension check
    const std::string* bytes = nullptr;  // owned by the caller, unchanged while the batch runs
};

struct ProcessResult {
    bool done = false;  // false when cancelled before this job ran
    std::string error;  // empty on success
    int width = 0;      // upright (EXIF orientation applied)
    int height = 0;
    std::string thumbnail;  // encoded bytes
    metrics::Descriptor descriptor;
    std::vector<std::string> warnings;
};

struct ProcessorOptions {
    std::string descriptorModel;  // empty: the built-in descriptor
    int threads = 2;
    imaging::DecodeLimits decodeLimits;
    imaging::ThumbnailOptions thumbnail{256, imaging::ThumbnailFormat::Jpeg, 85};
};

// Decode + thumbnail + descriptor for one image, with a given extractor (used by the pool).
ProcessResult processImage(const ProcessJob& job, metrics::DescriptorExtractor& extractor,
                           const ProcessorOptions& options);

class ImageProcessorPool {
public:
    // Opens one extractor per thread (fails if the descriptor model cannot be opened).
    static Expected<std::unique_ptr<ImageProcessorPool>> create(const ProcessorOptions& options);
    ~ImageProcessorPool();
    ImageProcessorPool(const ImageProcessorPool&) = delete;
    ImageProcessorPool& operator=(const ImageProcessorPool&) = delete;

    const metrics::DescriptorInfo& descriptorInfo() const;
    int threads() const;

    // Starts a batch in the background; `jobs` and `results` must stay alive until wait().
    // `cancelled` is polled before each job.
    void start(const std::vector<ProcessJob>& jobs, std::vector<ProcessResult>& results,
               std::function<bool()> cancelled = {});
    void wait();  // until the batch started last is finished (returns at once if none)

private:
    struct Impl;
    explicit ImageProcessorPool(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace rs::reference
