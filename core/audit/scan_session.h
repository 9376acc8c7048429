#pragma once
// The one scan entry of both front ends (the Scan tab's worker and `replicascope-cli scan`):
// from what the user chose to a finished, cancelled or failed run, in this order:
//   1. the inputs are checked (model folder, the model's sampling defaults) before anything is
//      opened, so bad input leaves no trace;
//   2. the case is opened (its own connection: call this on the thread that runs the scan);
//   3. with the embedded default model and no reference sets named, the model's own training set
//      is imported into a case without reference sets;
//   4. the model is loaded on the chosen device;
//   5. optionally the prompts are screened (Wen et al.) and only the highest-scoring are kept;
//   6. audit::runScan generates, stores and analyses, resumable and cancellable.
// Front ends only translate their inputs into a ScanSessionRequest and show the callbacks'
// stages, notes and progress; the same inputs behave the same in both.
#include "audit/scan.h"
#include "base/expected.h"
#include "diffusion/pipeline/memorization_screen.h"
#include "diffusion/pipeline/sampling_parameters.h"

#include <functional>
#include <string>
#include <vector>

namespace rs::audit {

// Which sampling fields the user set; the others are taken from the model folder's
// sampling_defaults.json when it has them (else the request's values stand).
struct SamplingGiven {
    bool sampler = true;
    bool steps = true;
    bool guidance = true;
};

struct ScanSessionRequest {
    std::string casePath;
    std::string modelDir;         // "" = the embedded default model
    std::string device = "auto";  // auto | cpu | cuda | cuda:N
    std::string dtype = "auto";   // auto | float32 | float16 | bfloat16
    SamplingGiven given;
    ScanRequest scan;  // prompts, seeds, sampling, batch, shard, resume, reference sets, descriptor, findings
    // The memorization screen first: prompts are scanned highest score first, and only the top
    // screenKeep of them (0: all).
    bool screenFirst = false;
    int screenKeep = 0;
};

enum class ScanStage { OpeningCase, ImportingDefaultSet, LoadingModel, Screening, Generating };

// The scan's pace, computed once for both front ends: images per second since this call stored
// its first batch (a resumed run's reused images do not count; 0 before), and the time left.
struct ScanProgress {
    double elapsedSeconds = 0;
    double imagesPerSecond = 0;
    double etaSeconds = -1;  // < 0: unknown
};

struct ScanSessionCallbacks {
    std::function<bool()> isCancelled;  // polled before every network evaluation
    std::function<void(ScanStage)> onStage;
    // What the session decided for the user, to show as it is: sampling settings taken from the
    // model, the default training set imported.
    std::function<void(const std::string&)> onNote;
    std::function<void(const std::vector<diffusion::PromptScore>& ranked)> onScreened;  // highest first
    std::function<void(const ScanEvent&, const ScanProgress&)> onEvent;
};

struct ScanSessionResult {
    ScanSummary scan;                      // runId 0 when cancelled while screening
    bool cancelledWhileScreening = false;  // then nothing was generated
};

Expected<ScanSessionResult> runScanSession(const ScanSessionRequest& request,
                                           const ScanSessionCallbacks& callbacks = {});

// The model folder's sampling defaults for the fields not given. Returns a note naming what was
// taken ("guidance 1, 20 steps, sampler ddim from the model's sampling_defaults.json (why)"), or
// "" when nothing was; fails (bad input) when that file is malformed.
Expected<std::string> applyModelSamplingDefaults(const std::string& modelDir, diffusion::SamplingParameters& sampling,
                                                 const SamplingGiven& given);

// The memorization screen on its own (`replicascope-cli screen`), the same step a scan session
// runs before scanning: the model folder is checked, the model loaded, the prompts screened.
struct ScreenSessionRequest {
    std::string modelDir;
    std::string device = "auto";
    std::string dtype = "auto";
    diffusion::ScreenRequest screen;
};
Expected<diffusion::ScreenResult> runScreenSession(const ScreenSessionRequest& request,
                                                   const diffusion::GenerationCallbacks& callbacks = {});

// The screen's request for a scan's sampling parameters: guidance must exceed 1 for a score, so a
// scan without guidance is screened at 7.5.
diffusion::ScreenRequest screenRequestFor(const std::vector<std::string>& prompts,
                                          const diffusion::SamplingParameters& sampling, int batchSize);

}  // namespace rs::audit
