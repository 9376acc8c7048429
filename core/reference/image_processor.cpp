#include "reference/image_processor.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace rs::reference {

ProcessResult processImage(const ProcessJob& job, metrics::DescriptorExtractor& extractor,
                           const ProcessorOptions& options) {
    ProcessResult r;
    r.done = true;
    try {
        auto decoded = imaging::decodeImageBytes(*job.bytes, job.sourceName, options.decodeLimits);
        if (!decoded) {
            r.error = decoded.message();
            return r;
        }
        r.width = decoded->bgr.cols;
        r.height = decoded->bgr.rows;
        r.warnings = decoded->warnings;
        auto thumb = imaging::makeThumbnail(decoded->bgr, options.thumbnail);
        if (!thumb) {
            r.error = job.sourceName + ": thumbnail failed: " + thumb.message();
            return r;
        }
        r.thumbnail = std::move(*thumb);
        auto d = extractor.describe(decoded->bgr);
        if (!d) {
            r.error = job.sourceName + ": descriptor failed: " + d.message();
            return r;
        }
        r.descriptor = std::move(*d);
    } catch (const std::exception& e) {
        r.error = job.sourceName + ": " + e.what();
    }
    return r;
}

struct ImageProcessorPool::Impl {
    ProcessorOptions options;
    std::vector<std::unique_ptr<metrics::DescriptorExtractor>> extractors;
    std::vector<std::thread> threads;

    std::mutex mutex;
    std::condition_variable wake, finished;
    std::uint64_t generation = 0;  // bumped per batch
    bool stopping = false;
    const std::vector<ProcessJob>* jobs = nullptr;
    std::vector<ProcessResult>* results = nullptr;
    std::function<bool()> cancelled;
    std::atomic<std::size_t> next{0};
    int busyWorkers = 0;

    void worker(int index) {
        std::uint64_t seen = 0;
        for (;;) {
            {
                std::unique_lock<std::mutex> lock(mutex);
                wake.wait(lock, [&] { return stopping || generation != seen; });
                if (stopping) return;
                seen = generation;
            }
            for (;;) {
                const std::size_t i = next.fetch_add(1);
                if (i >= jobs->size()) break;
                if (cancelled && cancelled()) continue;
                (*results)[i] = processImage((*jobs)[i], *extractors[static_cast<std::size_t>(index)], options);
            }
            std::lock_guard<std::mutex> lock(mutex);
            if (--busyWorkers == 0) finished.notify_all();
        }
    }
};

ImageProcessorPool::ImageProcessorPool(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ImageProcessorPool::~ImageProcessorPool() {
    wait();
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    for (auto& t : m_impl->threads) t.join();
}

Expected<std::unique_ptr<ImageProcessorPool>> ImageProcessorPool::create(const ProcessorOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    const int n = std::max(1, options.threads);
    for (int i = 0; i < n; ++i) {
        auto extractor = metrics::openDescriptorExtractor(options.descriptorModel);
        if (!extractor) return extractor.error();
        impl->extractors.push_back(std::move(*extractor));
    }
    std::unique_ptr<ImageProcessorPool> pool(new ImageProcessorPool(std::move(impl)));
    for (int i = 0; i < n; ++i) pool->m_impl->threads.emplace_back([p = pool->m_impl.get(), i] { p->worker(i); });
    return pool;
}

const metrics::DescriptorInfo& ImageProcessorPool::descriptorInfo() const { return m_impl->extractors.front()->info(); }
int ImageProcessorPool::threads() const { return static_cast<int>(m_impl->threads.size()); }

void ImageProcessorPool::start(const std::vector<ProcessJob>& jobs, std::vector<ProcessResult>& results,
                               std::function<bool()> cancelled) {
    wait();
    results.assign(jobs.size(), ProcessResult{});
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    m_impl->jobs = &jobs;
    m_impl->results = &results;
    m_impl->cancelled = std::move(cancelled);
    m_impl->next = 0;
    m_impl->busyWorkers = static_cast<int>(m_impl->threads.size());
    ++m_impl->generation;
    m_impl->wake.notify_all();
}

void ImageProcessorPool::wait() {
    std::unique_lock<std::mutex> lock(m_impl->mutex);
    m_impl->finished.wait(lock, [&] { return m_impl->busyWorkers == 0; });
}

}  // namespace rs::reference
