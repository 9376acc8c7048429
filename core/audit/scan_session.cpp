#include "audit/scan_session.h"

#include "audit/scan_inputs.h"
#include "diffusion/models/sampling_defaults.h"
#include "store/case_file.h"

#include <chrono>
#include <cstdio>
#include <optional>

namespace rs::audit {

namespace {

using Clock = std::chrono::steady_clock;

// Rate and ETA from the events of one call.
class ProgressMeter {
public:
    ScanProgress update(const ScanEvent& e) {
        ScanProgress p;
        p.elapsedSeconds = std::chrono::duration<double>(Clock::now() - m_started).count();
        if (!m_firstDone) {
            if (e.kind == ScanEventKind::Images)
                m_firstDone = e.imagesDone - std::int64_t(e.generationIds.size());
            else if (e.kind == ScanEventKind::PromptDone)
                m_firstDone = e.imagesDone;
        }
        if (m_firstDone && p.elapsedSeconds > 0) {
            p.imagesPerSecond = double(e.imagesDone - *m_firstDone) / p.elapsedSeconds;
            if (p.imagesPerSecond > 0) p.etaSeconds = double(e.imagesTotal - e.imagesDone) / p.imagesPerSecond;
        }
        return p;
    }

private:
    Clock::time_point m_started = Clock::now();
    std::optional<std::int64_t> m_firstDone;  // images already stored when this call made its first
};

std::string formatNumber(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", value);
    return buf;
}

Expected<std::unique_ptr<diffusion::DiffusionPipeline>> loadModel(const std::string& modelDir,
                                                                  const std::string& device, const std::string& dtype) {
    diffusion::PipelineOptions options;
    options.device = device;
    options.dtype = dtype;
    auto pipeline = diffusion::DiffusionPipeline::load(modelDir, options);
    if (!pipeline) return withContext(pipeline.error(), "the model could not be loaded: " + pipeline.message());
    return std::move(*pipeline);
}

Expected<diffusion::ScreenResult> screen(diffusion::DiffusionPipeline& pipeline,
                                         const diffusion::ScreenRequest& request,
                                         const diffusion::GenerationCallbacks& callbacks) {
    auto screened = diffusion::screenPrompts(pipeline, request, callbacks);
    if (!screened) return withContext(screened.error(), "the memorization screen failed: " + screened.message());
    return screened;
}

}  // namespace

Expected<std::string> applyModelSamplingDefaults(const std::string& modelDir, diffusion::SamplingParameters& sampling,
                                                 const SamplingGiven& given) {
    auto d = diffusion::readSamplingDefaults(modelDir);
    if (!d) return badInput(d.message(), "model");
    std::string taken;
    auto note = [&](const std::string& what) { taken += (taken.empty() ? "" : ", ") + what; };
    if (d->guidanceScale && !given.guidance) {
        sampling.guidanceScale = *d->guidanceScale;
        note("guidance " + formatNumber(sampling.guidanceScale));
    }
    if (d->steps && !given.steps) {
        sampling.steps = *d->steps;
        note(std::to_string(sampling.steps) + " steps");
    }
    if (d->sampler && !given.sampler) {
        sampling.sampler = *diffusion::parseSamplerName(*d->sampler);  // validated when read
        note("sampler " + *d->sampler);
    }
    if (taken.empty()) return std::string();
    return taken + " from the model's " + diffusion::kSamplingDefaultsFile +
           (d->reason.empty() ? "" : " (" + d->reason + ")");
}

diffusion::ScreenRequest screenRequestFor(const std::vector<std::string>& prompts,
                                          const diffusion::SamplingParameters& sampling, int batchSize) {
    diffusion::ScreenRequest screen;
    screen.prompts = prompts;
    screen.guidanceScale = sampling.guidanceScale > 1 ? sampling.guidanceScale : 7.5;
    screen.sampler = sampling.sampler;
    screen.width = sampling.width;
    screen.height = sampling.height;
    screen.batchSize = batchSize;
    return screen;
}

Expected<diffusion::ScreenResult> runScreenSession(const ScreenSessionRequest& request,
                                                   const diffusion::GenerationCallbacks& callbacks) {
    if (auto s = checkModelFolder(request.modelDir); !s.ok()) return s.error();
    auto pipeline = loadModel(request.modelDir, request.device, request.dtype);
    if (!pipeline) return pipeline.error();
    return screen(**pipeline, request.screen, callbacks);
}

Expected<ScanSessionResult> runScanSession(const ScanSessionRequest& request, const ScanSessionCallbacks& callbacks) {
    const auto stage = [&](ScanStage s) {
        if (callbacks.onStage) callbacks.onStage(s);
    };
    const auto note = [&](const std::string& text) {
        if (callbacks.onNote && !text.empty()) callbacks.onNote(text);
    };
    ScanSessionResult result;
    ScanRequest scan = request.scan;
    if (scan.prompts.empty()) return badInput("there are no prompts to scan", "prompts");

    // 1. inputs, before anything is opened
    const std::string defaultDir = defaultModelDir();
    scan.modelDir = request.modelDir;
    if (scan.modelDir.empty()) {
        scan.modelDir = defaultDir;
        if (scan.modelDir.empty())
            return badInput("no model was chosen and the embedded default model is not installed", "model");
    }
    const bool defaultModel = !defaultDir.empty() && scan.modelDir == defaultDir;
    if (auto s = checkModelFolder(scan.modelDir); !s.ok()) return s.error();
    auto taken = applyModelSamplingDefaults(scan.modelDir, scan.sampling, request.given);
    if (!taken) return taken.error();
    note(*taken);

    // 2-3. the case, and the default model's training set
    stage(ScanStage::OpeningCase);
    auto caseFile = store::CaseFile::open(request.casePath);
    if (!caseFile) return caseFile.error();
    if (defaultModel && scan.referenceSets.empty()) {
        stage(ScanStage::ImportingDefaultSet);
        bool imported = false;
        if (auto s = addDefaultReferenceSet(*caseFile, &imported); !s.ok()) return s.error();
        if (imported)
            note(std::string("imported the default model's training set as reference set '") + kDefaultReferenceSet +
                 "'");
    }

    // 4. the model
    stage(ScanStage::LoadingModel);
    auto pipeline = loadModel(scan.modelDir, request.device, request.dtype);
    if (!pipeline) return pipeline.error();

    // 5. the memorization screen
    if (request.screenFirst) {
        stage(ScanStage::Screening);
        diffusion::GenerationCallbacks gc;
        gc.isCancelled = callbacks.isCancelled;
        auto screened = screen(**pipeline, screenRequestFor(scan.prompts, scan.sampling, scan.batchSize), gc);
        if (!screened) return screened.error();
        if (screened->cancelled) {
            result.cancelledWhileScreening = true;
            result.scan.cancelled = true;
            return result;
        }
        const auto ranked = diffusion::rankByScore(screened->scores);
        if (callbacks.onScreened) callbacks.onScreened(ranked);
        scan.prompts.clear();
        for (const auto& r : ranked)
            if (request.screenKeep <= 0 || int(scan.prompts.size()) < request.screenKeep)
                scan.prompts.push_back(r.prompt);
    }

    // 6. the scan
    stage(ScanStage::Generating);
    ProgressMeter meter;
    ScanCallbacks scanCallbacks;
    scanCallbacks.isCancelled = callbacks.isCancelled;
    scanCallbacks.onEvent = [&](const ScanEvent& e) {
        const ScanProgress progress = meter.update(e);
        if (callbacks.onEvent) callbacks.onEvent(e, progress);
    };
    auto summary = runScan(*caseFile, **pipeline, scan, scanCallbacks);
    if (!summary) return summary.error();
    result.scan = std::move(*summary);
    return result;
}

}  // namespace rs::audit
