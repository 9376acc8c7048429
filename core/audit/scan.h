#pragma once
// The audit scan (GUIDE §4: audit -> diffusion, metrics, detection, reference -> store): a model,
// generation parameters and prompts x seeds become stored images, generation rows with their
// memorization scores, and candidates (cliques among a prompt's generations, matches against
// the case's reference sets) for the review queue.
//
// Idempotent by (run, prompt, seed): seeds are generated in fixed batches (scan_plan.h) and each
// batch's images and rows are stored in one transaction, so a scan killed at any moment and run
// again with resume = true continues the same run, regenerates only the missing batches (the
// same batches, so the same bytes) and ends with the results of an uninterrupted run. A prompt's
// candidates are written in one transaction once all its seeds are stored; a prompt that already
// has them is not analysed again.
#include "audit/prompt_findings.h"
#include "audit/scan_plan.h"
#include "base/expected.h"
#include "diffusion/pipeline/pipeline.h"
#include "diffusion/pipeline/sampling_parameters.h"
#include "store/case_file.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rs::audit {

// The sampling parameters of a scan before the model is known: width and height 0 stand for the
// model's native size.
inline diffusion::SamplingParameters nativeSizeSampling() {
    diffusion::SamplingParameters s;
    s.width = s.height = 0;
    return s;
}

struct ScanRequest {
    std::string modelDir;                                           // the diffusers folder the pipeline was loaded from
    std::string modelName;                                          // shown in the case; default: the folder's name
    std::vector<std::string> prompts;                               // in order; this shard's share is scanned
    std::string promptSource = "scan";                              // recorded with new prompts
    std::vector<std::uint64_t> seeds;                               // the same seeds for every prompt
    diffusion::SamplingParameters sampling = nativeSizeSampling();  // recorded whole with the run
    int batchSize = 8;
    Shard shard;
    bool resume = false;                     // continue the newest unfinished run with these parameters
    std::vector<std::string> referenceSets;  // empty: every set of the case that has descriptors
    std::string descriptorModel;             // TorchScript model the sets were imported with; "" built-in
    FindingOptions findings;
};

enum class ScanEventKind { Step, Images, PromptDone };

struct ScanEvent {
    ScanEventKind kind = ScanEventKind::Step;
    std::size_t promptIndex = 0;  // among this shard's prompts
    std::size_t promptCount = 0;
    std::int64_t promptId = 0;
    int step = 0, stepsPerBatch = 0;          // Step
    std::int64_t imagesDone = 0;              // generations stored in this run so far (all prompts)
    std::int64_t imagesTotal = 0;             // this shard's prompts x seeds
    std::vector<std::int64_t> generationIds;  // Images: the batch just stored
    bool flagged = false;                     // PromptDone: a clique was flagged
    std::int64_t candidates = 0;              // PromptDone: candidates written for the prompt
};

struct ScanCallbacks {
    std::function<bool()> isCancelled;  // polled before every network evaluation
    std::function<void(const ScanEvent&)> onEvent;
};

struct ScanSummary {
    std::int64_t runId = 0;
    bool resumed = false;
    bool cancelled = false;
    std::int64_t prompts = 0;            // in this shard
    std::int64_t generationsMade = 0;    // by this call
    std::int64_t generationsReused = 0;  // already stored (resume)
    std::int64_t promptsFlagged = 0;
    std::int64_t candidates = 0;  // written by this call
    std::vector<std::string> warnings;
    double seconds = 0;
    double networkSeconds = 0;  // inside the pipeline (denoising + decoding)
};

// The scan on a loaded model (scan_session.h opens the case and loads the model first).
Expected<ScanSummary> runScan(store::CaseFile& caseFile, diffusion::DiffusionPipeline& pipeline,
                              const ScanRequest& request, const ScanCallbacks& callbacks = {});

// The model's identity for the case: every file's SHA-256 and the config files' JSON.
Expected<store::ModelRecord> describeModel(const diffusion::ModelFolder& model, const std::string& modelDir,
                                           const std::string& name);

}  // namespace rs::audit
