#include "audit/scan.h"

#include "audit/generated_image.h"
#include "audit/run_parameters.h"

#include "common/sha256.h"
#include "imaging/image_decode.h"
#include "imaging/image_ops.h"
#include "reference/import_journal.h"
#include "store/audit_log.h"
#include "store/case_repository.h"
#include "store/connection.h"
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
            if (!request.referenceSets.empty()) return makeError("reference set '" + name + "': " + identity.message());
            warnings.push_back("reference set '" + name + "' has no descriptors; it is not searched");
            continue;
        }
        if (identity->name != descriptor.name || identity->dimension != descriptor.dimension) {
            const std::string message = "reference set '" + name + "' was imported with descriptor " + identity->name +
                                        ", this scan uses " + descriptor.name + " (give the same --descriptor)";
            if (!request.referenceSets.empty()) return makeError(message);
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
        const bool isConfig = f.relativePath.size() > 5 && f.relativePath.substr(f.relativePath.size() - 5) == ".json" &&
                              f.sizeBytes < (1u << 20) && f.relativePath.rfind("tokenizer/", 0) != 0;
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

Expected<ScanSummary> scan(store::CaseFile& caseFile, diffusion::DiffusionPipeline& pipeline, const ScanRequest& request,
                           const ScanCallbacks& callbacks) {
    const auto started = Clock::now();
    auto& db = caseFile.db();
    if (request.seeds.empty()) return makeError("a scan needs at least one seed");
    if (request.prompts.empty()) return makeError("a scan needs at least one prompt");
    if (request.batchSize < 1) return makeError("the batch size must be at least 1");
    const auto& model = pipeline.model();
    const int nativeSide = int(model.unetConfig.sampleSize * model.imageScaleFactor());
    const int width = request.width > 0 ? request.width : nativeSide;
    const int height = request.height > 0 ? request.height : nativeSide;
    {
        diffusion::GenerationRequest probe;
        probe.prompt = request.prompts.front();
        probe.seeds = {request.seeds.front()};
        probe.steps = request.steps;
        probe.guidanceScale = request.guidanceScale;
        probe.width = width;
        probe.height = height;
        probe.sampler = request.sampler;
        probe.batchSize = request.batchSize;
        if (auto s = pipeline.validate(probe); !s.ok()) return s.error();
    }

    ScanSummary summary;
    auto extractor = metrics::openDescriptorExtractor(request.descriptorModel);
    if (!extractor) return extractor.error();
    const auto descriptorInfo = (*extractor)->info();
    auto matchers = openMatchers(caseFile, request, descriptorInfo, summary.warnings);
    if (!matchers) return matchers.error();
    auto modelRecord = describeModel(model, request.modelDir, request.modelName);
    if (!modelRecord) return modelRecord.error();
    auto modelId = store::registerModel(db, *modelRecord);
    if (!modelId) return modelId.error();

    std::vector<std::string> prompts;
    for (const auto& p : request.prompts)
        if (inShard(p, request.shard)) prompts.push_back(p);
    std::vector<store::Prompt> promptRows;
    for (const auto& p : prompts) promptRows.push_back({0, p, request.promptSource, {}});
    std::vector<std::int64_t> promptIds;
    if (!promptRows.empty()) {
        auto ids = store::addPrompts(db, promptRows);
        if (!ids) return ids.error();
        promptIds = *ids;
    }
    summary.prompts = std::int64_t(prompts.size());

    store::RunRecord run;
    run.modelId = *modelId;
    run.sampler = diffusion::toString(request.sampler);
    run.steps = request.steps;
    run.guidance = request.guidanceScale;
    run.width = width;
    run.height = height;
    run.negativePrompt = request.negativePrompt;
    for (auto s : request.seeds) run.seeds.push_back(std::int64_t(s));
    run.device = pipeline.device().str();
    run.dtype = diffusion::dtypeName(pipeline.dtype());
    if (request.resume) {
        auto found = findResumableRun(db, run);
        if (!found) return found.error();
        summary.runId = *found;
        summary.resumed = *found != 0;
        if (summary.resumed) {
            auto previous = store::getRun(db, *found);
            if (!previous) return previous.error();
            if (previous->status != store::RunStatus::Running)
                if (auto s = store::resumeRun(db, *found); !s.ok()) return s.error();
        }
    }
    if (summary.runId == 0) {
        auto id = store::startRun(db, run);
        if (!id) return id.error();
        summary.runId = *id;
    }
    nlohmann::json shardDetails = {{"run", summary.runId},
                                   {"shard", std::to_string(request.shard.index) + "/" + std::to_string(request.shard.count)},
                                   {"prompts", prompts.size()},
                                   {"resumed", summary.resumed}};
    if (auto a = store::appendAudit(db, "scan.shard", shardDetails.dump()); !a) return a.error();


    auto stop = [&](store::RunStatus status) -> Expected<ScanSummary> {
        if (auto s = store::finishRun(db, summary.runId, status, summary.warnings); !s.ok()) return s.error();
        summary.seconds = secondsSince(started);
        return summary;
    };
    const auto batches = seedBatches(request.seeds, request.batchSize);
    std::map<std::uint64_t, int> seedIndex;
    for (std::size_t i = 0; i < request.seeds.size(); ++i) seedIndex.emplace(request.seeds[i], int(i));
    const std::int64_t imagesTotal = std::int64_t(prompts.size() * request.seeds.size());
    std::int64_t imagesDone = 0;
    std::set<std::string> seenWarnings;

    for (std::size_t pi = 0; pi < prompts.size(); ++pi) {
        const std::int64_t promptId = promptIds[pi];
        ScanEvent base;
        base.promptIndex = pi;
        base.promptCount = prompts.size();
        base.promptId = promptId;
        base.imagesTotal = imagesTotal;
        auto existing = store::listGenerations(db, summary.runId, promptId);
        if (!existing) return existing.error();
        std::set<std::uint64_t> stored;
        for (const auto& g : *existing) stored.insert(std::uint64_t(g.seed));

        for (const auto& batch : batches) {
            bool complete = true;
            for (auto s : batch) complete = complete && stored.count(s);
            if (complete) {
                summary.generationsReused += std::int64_t(batch.size());
                imagesDone += std::int64_t(batch.size());
                continue;
            }
            diffusion::GenerationRequest g;
            g.prompt = prompts[pi];
            g.negativePrompt = request.negativePrompt;
            g.seeds = batch;
            g.steps = request.steps;
            g.guidanceScale = request.guidanceScale;
            g.width = width;
            g.height = height;
            g.sampler = request.sampler;
            g.batchSize = int(batch.size());
            diffusion::GenerationCallbacks gc;
            gc.isCancelled = callbacks.isCancelled;
            gc.onProgress = [&](const diffusion::GenerationProgress& p) {
                if (!callbacks.onEvent) return;
                ScanEvent e = base;
                e.kind = ScanEventKind::Step;
                e.step = p.step;
                e.stepsPerBatch = p.stepsPerBatch;
                e.imagesDone = imagesDone;
                callbacks.onEvent(e);
            };
            const auto networkStart = Clock::now();
            auto result = pipeline.generate(g, gc);
            summary.networkSeconds += secondsSince(networkStart);
            if (!result) return result.error();
            for (const auto& w : result->warnings)
                if (seenWarnings.insert(w).second) summary.warnings.push_back(w);
            if (result->cancelled) {
                summary.cancelled = true;
                return stop(store::RunStatus::Cancelled);
            }
            std::vector<store::Generation> rows;
            {
                store::Transaction transaction(db);
                for (const auto& image : result->images) {
                    auto png = encodeGeneration(image);
                    if (!png) return png.error();
                    auto put = caseFile.images().put(*png);
                    if (!put) return put.error();
                    store::Generation row;
                    row.runId = summary.runId;
                    row.promptId = promptId;
                    row.seed = std::int64_t(image.seed);
                    row.index = seedIndex[image.seed];
                    row.imageSha256 = put->sha256;
                    row.memorizationScore = image.memorizationScore;
                    rows.push_back(std::move(row));
                }
                auto ids = store::insertGenerations(db, rows);
                if (!ids) return ids.error();
                transaction.commit();
                summary.generationsMade += std::int64_t(ids->size());
                imagesDone += std::int64_t(ids->size());
                if (callbacks.onEvent) {
                    ScanEvent e = base;
                    e.kind = ScanEventKind::Images;
                    e.imagesDone = imagesDone;
                    e.generationIds = *ids;
                    callbacks.onEvent(e);
                }
            }
        }

        // findings, once per prompt and run
        auto generations = store::listGenerations(db, summary.runId, promptId);
        if (!generations) return generations.error();
        auto already = promptHasCandidates(db, *generations);
        if (!already) return already.error();
        ScanEvent done = base;
        done.kind = ScanEventKind::PromptDone;
        done.imagesDone = imagesDone;
        if (!*already) {
            std::vector<StoredGeneration> decoded;
            std::vector<cv::Mat> images;
            for (const auto& row : *generations) {
                auto bytes = caseFile.images().read(row.imageSha256);
                if (!bytes) return bytes.error();
                auto image = imaging::decodeImageBytes(*bytes, "generation " + std::to_string(row.id));
                if (!image) return image.error();
                decoded.push_back({row.id, std::uint64_t(row.seed), image->bgr});
                images.push_back(image->bgr);
            }
            std::vector<metrics::Descriptor> descriptors;
            for (auto& d : (*extractor)->describeBatch(images)) {
                if (!d) return makeError("describing a generation failed: " + d.message());
                descriptors.push_back(std::move(*d));
            }
            auto findings = findForPrompt(caseFile, promptId, decoded, descriptors, descriptorInfo, *matchers,
                                          request.findings);
            if (!findings) return findings.error();
            for (const auto& w : findings->warnings)
                if (seenWarnings.insert(w).second) summary.warnings.push_back(w);
            if (!findings->candidates.empty()) {
                auto ids = store::insertCandidates(db, findings->candidates);
                if (!ids) return ids.error();
            }
            summary.candidates += std::int64_t(findings->candidates.size());
            done.flagged = findings->analysis.flagged;
            done.candidates = std::int64_t(findings->candidates.size());
        }
        if (done.flagged) ++summary.promptsFlagged;
        if (callbacks.onEvent) callbacks.onEvent(done);
        if (callbacks.isCancelled && callbacks.isCancelled()) {
            summary.cancelled = true;
            return stop(store::RunStatus::Cancelled);
        }
    }
    return stop(store::RunStatus::Finished);
}

}  // namespace

Expected<ScanSummary> runScan(store::CaseFile& caseFile, diffusion::DiffusionPipeline& pipeline,
                              const ScanRequest& request, const ScanCallbacks& callbacks) {
    try {
        return scan(caseFile, pipeline, request, callbacks);
    } catch (const std::exception& e) {  // store errors (disk full, locked case) and libtorch errors
        return makeError(std::string("scan failed: ") + e.what());
    }
}

}  // namespace rs::audit
