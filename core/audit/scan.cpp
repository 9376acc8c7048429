#include "audit/scan.h"

#include "audit/generated_image.h"
#include "audit/sampling_record.h"

#include "base/sha256.h"
#include "imaging/image_decode.h"
#include "imaging/image_ops.h"
#include "reference/import_journal.h"
#include "store/audit_log.h"
#include "store/case_repository.h"
#include "store/connection.h"
#include "store/results_repository.h"
#include "store/run_repository.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace rs::audit {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool sameParameters(const store::RunRecord& a, const store::RunRecord& b) {
    return a.modelId == b.modelId && a.device == b.device && generationParameters(a) == generationParameters(b);
}

// The newest run with these parameters that did not finish.
Expected<std::int64_t> findResumableRun(store::Connection& db, const store::RunRecord& wanted) {
    auto runs = store::listRuns(db);
    if (!runs) return runs.error();
    std::int64_t found = 0;
    for (const auto& r : *runs)
        if (r.status != store::RunStatus::Finished && sameParameters(r, wanted) && r.id > found) found = r.id;
    return found;
}

Expected<std::vector<ReferenceMatcher>> openMatchers(store::CaseFile& caseFile, const ScanRequest& request,
                                                     const metrics::DescriptorInfo& descriptor,
                                                     std::vector<std::string>& warnings) {
    std::vector<std::string> names = request.referenceSets;
    if (names.empty()) {
        auto sets = store::listReferenceSets(caseFile.db());
        if (!sets) return sets.error();
        for (const auto& s : *sets) names.push_back(s.name);
    }
    std::vector<ReferenceMatcher> matchers;
    for (const auto& name : names) {
        auto identity = reference::setDescriptor(caseFile.db(), name);
        if (!identity) {
            if (!request.referenceSets.empty())
                return withContext(identity.error(), "reference set '" + name + "': " + identity.message());
            warnings.push_back("reference set '" + name + "' has no descriptors; it is not searched");
            continue;
        }
        if (identity->name != descriptor.name || identity->dimension != descriptor.dimension) {
            const std::string message = "reference set '" + name + "' was imported with descriptor " + identity->name +
                                        ", this scan uses " + descriptor.name +
                                        " (scan with the same descriptor model)";
            if (!request.referenceSets.empty()) return badInput(message, "descriptor");
            warnings.push_back(message + "; it is not searched");
            continue;
        }
        auto index = reference::ReferenceIndex::openForSet(caseFile, name);
        if (!index) return makeError("reference set '" + name + "': " + index.message());
        ReferenceMatcher m;
        m.setName = name;
        m.index = std::make_unique<reference::ReferenceIndex>(std::move(*index));
        matchers.push_back(std::move(m));
    }
    return matchers;
}

Expected<std::string> encodeGeneration(const diffusion::GeneratedImage& image) {
    return imaging::encodePng(generatedBgr(image));
}

Expected<bool> promptHasCandidates(store::Connection& db, const std::vector<store::Generation>& generations) {
    for (const auto& g : generations) {
        auto found = store::listCandidatesForGeneration(db, g.id);
        if (!found) return found.error();
        if (!found->empty()) return true;
    }
    return false;
}

}  // namespace

Expected<store::ModelRecord> describeModel(const diffusion::ModelFolder& model, const std::string& modelDir,
                                           const std::string& name) {
    store::ModelRecord record;
    record.path = fs::absolute(modelDir).lexically_normal().string();
    record.name = name.empty() ? fs::path(record.path).filename().string() : name;
    nlohmann::json config = nlohmann::json::object();
    for (const auto& f : model.files) {
        const fs::path path = fs::path(modelDir) / f.relativePath;
        auto hash = sha256File(path);
        if (!hash) return makeError("hashing the model file " + path.string() + " failed: " + hash.message());
        record.fileSha256[f.relativePath] = *hash;
        const bool isConfig = f.relativePath.size() > 5 &&
                              f.relativePath.substr(f.relativePath.size() - 5) == ".json" && f.sizeBytes < (1u << 20) &&
                              f.relativePath.rfind("tokenizer/", 0) != 0;
        if (!isConfig) continue;
        std::ifstream in(path, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto parsed = nlohmann::json::parse(text, nullptr, false);
        if (!parsed.is_discarded()) config[f.relativePath] = parsed;
    }
    record.configJson = config.dump();
    return record;
}

namespace {

// One scan, step by step: prepare() validates the request and sets up the run (matchers, model
// record, prompt rows, a new or resumed run row); then per prompt generateBatch() for every seed
// batch not yet stored and analysePrompt() once its seeds are all there; finish() seals the run.
class ScanRun {
public:
    ScanRun(store::CaseFile& caseFile, diffusion::DiffusionPipeline& pipeline, const ScanRequest& request,
            const ScanCallbacks& callbacks)
        : m_case(caseFile), m_db(caseFile.db()), m_pipeline(pipeline), m_request(request), m_callbacks(callbacks) {}

    Expected<ScanSummary> run() {
        if (auto s = prepare(); !s.ok()) return s.error();
        for (std::size_t pi = 0; pi < m_prompts.size(); ++pi) {
            ScanEvent base;
            base.promptIndex = pi;
            base.promptCount = m_prompts.size();
            base.promptId = m_promptIds[pi];
            base.imagesTotal = m_imagesTotal;
            auto existing = store::listGenerations(m_db, m_summary.runId, base.promptId);
            if (!existing) return existing.error();
            std::set<std::uint64_t> stored;
            for (const auto& g : *existing) stored.insert(std::uint64_t(g.seed));
            for (const auto& batch : m_batches) {
                bool complete = true;
                for (auto s : batch) complete = complete && stored.count(s);
                if (complete) {
                    m_summary.generationsReused += std::int64_t(batch.size());
                    m_imagesDone += std::int64_t(batch.size());
                    continue;
                }
                auto generated = generateBatch(base, batch);
                if (!generated) return generated.error();
                if (!*generated) return finish(store::RunStatus::Cancelled);
            }
            if (auto s = analysePrompt(base); !s.ok()) return s.error();
            if (cancelled()) return finish(store::RunStatus::Cancelled);
        }
        return finish(store::RunStatus::Finished);
    }

private:
    bool cancelled() const { return m_callbacks.isCancelled && m_callbacks.isCancelled(); }

    void announce(const ScanEvent& e) const {
        if (m_callbacks.onEvent) m_callbacks.onEvent(e);
    }

    void warn(const std::vector<std::string>& warnings) {
        for (const auto& w : warnings)
            if (m_seenWarnings.insert(w).second) m_summary.warnings.push_back(w);
    }

    Status prepare() {
        if (m_request.seeds.empty()) return badInput("a scan needs at least one seed");
        if (m_request.prompts.empty()) return badInput("a scan needs at least one prompt");
        if (m_request.batchSize < 1) return badInput("the batch size must be at least 1");
        const auto& model = m_pipeline.model();
        const int nativeSide = int(model.unetConfig.sampleSize * model.imageScaleFactor());
        m_sampling = m_request.sampling;
        if (m_sampling.width <= 0) m_sampling.width = nativeSide;
        if (m_sampling.height <= 0) m_sampling.height = nativeSide;
        {
            diffusion::GenerationRequest probe(m_sampling);
            probe.prompt = m_request.prompts.front();
            probe.seeds = {m_request.seeds.front()};
            probe.batchSize = m_request.batchSize;
            if (auto s = m_pipeline.validate(probe); !s.ok()) return s.error();
        }

        auto extractor = metrics::openDescriptorExtractor(m_request.descriptorModel);
        if (!extractor) return extractor.error();
        m_extractor = std::move(*extractor);
        m_descriptorInfo = m_extractor->info();
        auto matchers = openMatchers(m_case, m_request, m_descriptorInfo, m_summary.warnings);
        if (!matchers) return matchers.error();
        m_matchers = std::move(*matchers);
        auto modelRecord = describeModel(model, m_request.modelDir, m_request.modelName);
        if (!modelRecord) return modelRecord.error();
        auto modelId = store::registerModel(m_db, *modelRecord);
        if (!modelId) return modelId.error();

        for (const auto& p : m_request.prompts)
            if (inShard(p, m_request.shard)) m_prompts.push_back(p);
        std::vector<store::Prompt> promptRows;
        for (const auto& p : m_prompts) promptRows.push_back({0, p, m_request.promptSource, {}});
        if (!promptRows.empty()) {
            auto ids = store::addPrompts(m_db, promptRows);
            if (!ids) return ids.error();
            m_promptIds = *ids;
        }
        m_summary.prompts = std::int64_t(m_prompts.size());

        store::RunRecord run;
        run.modelId = *modelId;
        recordSampling(run, m_sampling);
        for (auto s : m_request.seeds) run.seeds.push_back(std::int64_t(s));
        run.device = m_pipeline.device().str();
        run.dtype = diffusion::dtypeName(m_pipeline.dtype());
        if (auto s = startOrResume(run); !s.ok()) return s;
        nlohmann::json shardDetails = {
            {"run", m_summary.runId},
            {"shard", std::to_string(m_request.shard.index) + "/" + std::to_string(m_request.shard.count)},
            {"prompts", m_prompts.size()},
            {"resumed", m_summary.resumed}};
        if (auto a = store::appendAudit(m_db, "scan.shard", shardDetails.dump()); !a) return a.error();

        m_batches = seedBatches(m_request.seeds, m_request.batchSize);
        for (std::size_t i = 0; i < m_request.seeds.size(); ++i) m_seedIndex.emplace(m_request.seeds[i], int(i));
        m_imagesTotal = std::int64_t(m_prompts.size() * m_request.seeds.size());
        return {};
    }

    // A new run, or with resume the newest unfinished run with the same parameters, reopened.
    Status startOrResume(const store::RunRecord& run) {
        if (m_request.resume) {
            auto found = findResumableRun(m_db, run);
            if (!found) return found.error();
            m_summary.runId = *found;
            m_summary.resumed = *found != 0;
            if (m_summary.resumed) {
                auto previous = store::getRun(m_db, *found);
                if (!previous) return previous.error();
                if (previous->status != store::RunStatus::Running)
                    if (auto s = store::resumeRun(m_db, *found); !s.ok()) return s.error();
            }
        }
        if (m_summary.runId == 0) {
            auto id = store::startRun(m_db, run);
            if (!id) return id.error();
            m_summary.runId = *id;
        }
        return {};
    }

    // Generates one seed batch of the prompt and stores its images and rows in one transaction.
    // False when cancelled (nothing of the batch is stored).
    Expected<bool> generateBatch(const ScanEvent& base, const std::vector<std::uint64_t>& batch) {
        diffusion::GenerationRequest g(m_sampling);
        g.prompt = m_prompts[base.promptIndex];
        g.seeds = batch;
        g.batchSize = int(batch.size());
        diffusion::GenerationCallbacks gc;
        gc.isCancelled = m_callbacks.isCancelled;
        gc.onProgress = [&](const diffusion::GenerationProgress& p) {
            ScanEvent e = base;
            e.kind = ScanEventKind::Step;
            e.step = p.step;
            e.stepsPerBatch = p.stepsPerBatch;
            e.imagesDone = m_imagesDone;
            announce(e);
        };
        const auto networkStart = Clock::now();
        auto result = m_pipeline.generate(g, gc);
        m_summary.networkSeconds += secondsSince(networkStart);
        if (!result) return result.error();
        warn(result->warnings);
        if (result->cancelled) return false;

        std::vector<store::Generation> rows;
        std::vector<std::int64_t> ids;
        try {
            store::Transaction transaction(m_db);
            for (const auto& image : result->images) {
                auto png = encodeGeneration(image);
                if (!png) return png.error();
                auto put = m_case.images().put(*png);
                if (!put) return put.error();
                store::Generation row;
                row.runId = m_summary.runId;
                row.promptId = base.promptId;
                row.seed = std::int64_t(image.seed);
                row.index = m_seedIndex[image.seed];
                row.imageSha256 = put->sha256;
                row.memorizationScore = image.memorizationScore;
                rows.push_back(std::move(row));
            }
            auto inserted = store::insertGenerations(m_db, rows);
            if (!inserted) return inserted.error();
            transaction.commit();
            ids = std::move(*inserted);
        } catch (const store::StoreError& e) {
            return ioError(std::string("storing a batch of generations failed: ") + e.what());
        }
        m_summary.generationsMade += std::int64_t(ids.size());
        m_imagesDone += std::int64_t(ids.size());
        ScanEvent e = base;
        e.kind = ScanEventKind::Images;
        e.imagesDone = m_imagesDone;
        e.generationIds = std::move(ids);
        announce(e);
        return true;
    }

    // Once per prompt and run: the cliques among its generations, its reference matches and its
    // pairwise distances, stored together. A prompt that already has candidates is not analysed again.
    Status analysePrompt(const ScanEvent& base) {
        auto generations = store::listGenerations(m_db, m_summary.runId, base.promptId);
        if (!generations) return generations.error();
        auto already = promptHasCandidates(m_db, *generations);
        if (!already) return already.error();
        ScanEvent done = base;
        done.kind = ScanEventKind::PromptDone;
        done.imagesDone = m_imagesDone;
        if (!*already) {
            std::vector<StoredGeneration> decoded;
            std::vector<cv::Mat> images;
            for (const auto& row : *generations) {
                auto bytes = m_case.images().read(row.imageSha256);
                if (!bytes) return bytes.error();
                auto image = imaging::decodeImageBytes(*bytes, "generation " + std::to_string(row.id));
                if (!image) return image.error();
                decoded.push_back({row.id, std::uint64_t(row.seed), image->bgr});
                images.push_back(image->bgr);
            }
            std::vector<metrics::Descriptor> descriptors;
            for (auto& d : m_extractor->describeBatch(images)) {
                if (!d) return makeError("describing a generation failed: " + d.message());
                descriptors.push_back(std::move(*d));
            }
            auto findings = findForPrompt(m_case, base.promptId, decoded, descriptors, m_descriptorInfo, m_matchers,
                                          m_request.findings);
            if (!findings) return findings.error();
            warn(findings->warnings);
            if (auto s = storeFindings(base.promptId, *generations, *findings); !s.ok()) return s;
            m_summary.candidates += std::int64_t(findings->candidates.size());
            done.flagged = findings->analysis.flagged;
            done.candidates = std::int64_t(findings->candidates.size());
        }
        if (done.flagged) ++m_summary.promptsFlagged;
        announce(done);
        return {};
    }

    Status storeFindings(std::int64_t promptId, const std::vector<store::Generation>& generations,
                         const PromptFindings& findings) {
        try {
            store::Transaction transaction(m_db);
            store::PromptDistances distances;
            distances.promptId = promptId;
            distances.runId = m_summary.runId;
            distances.metric = "tiled_l2";
            for (const auto& g : generations) distances.generationIds.push_back(g.id);
            distances.distances = findings.distances;
            if (auto s = store::putPromptDistances(m_db, distances); !s.ok()) return s;
            if (!findings.candidates.empty())
                if (auto ids = store::insertCandidates(m_db, findings.candidates); !ids) return ids.error();
            transaction.commit();
        } catch (const store::StoreError& e) {
            return ioError(std::string("storing the findings of prompt ") + std::to_string(promptId) +
                           " failed: " + e.what());
        }
        return {};
    }

    Expected<ScanSummary> finish(store::RunStatus status) {
        m_summary.cancelled = status == store::RunStatus::Cancelled;
        if (auto s = store::finishRun(m_db, m_summary.runId, status, m_summary.warnings); !s.ok()) return s.error();
        m_summary.seconds = secondsSince(m_started);
        return m_summary;
    }

    store::CaseFile& m_case;
    store::Connection& m_db;
    diffusion::DiffusionPipeline& m_pipeline;
    const ScanRequest& m_request;
    const ScanCallbacks& m_callbacks;
    const Clock::time_point m_started = Clock::now();

    diffusion::SamplingParameters m_sampling;  // the request's, with the size resolved
    std::unique_ptr<metrics::DescriptorExtractor> m_extractor;
    metrics::DescriptorInfo m_descriptorInfo;
    std::vector<ReferenceMatcher> m_matchers;
    std::vector<std::string> m_prompts;  // this shard's
    std::vector<std::int64_t> m_promptIds;
    std::vector<std::vector<std::uint64_t>> m_batches;
    std::map<std::uint64_t, int> m_seedIndex;
    std::int64_t m_imagesTotal = 0;
    std::int64_t m_imagesDone = 0;
    std::set<std::string> m_seenWarnings;
    ScanSummary m_summary;
};

}  // namespace

Expected<ScanSummary> runScan(store::CaseFile& caseFile, diffusion::DiffusionPipeline& pipeline,
                              const ScanRequest& request, const ScanCallbacks& callbacks) {
    try {
        return ScanRun(caseFile, pipeline, request, callbacks).run();
    } catch (const std::exception& e) {  // libtorch errors, and store errors (disk full, locked case)
        return makeError(std::string("scan failed: ") + e.what());
    }
}

}  // namespace rs::audit
