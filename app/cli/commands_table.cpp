#include "commands.h"

namespace rs::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"case", "create a case, show its details, verify its audit log and images", runCase},
        {"compare", "every metric for a pair of images and the thresholds it crosses", runCompare},
        {"cliques", "memorization check: maximum clique of near-identical generations in a folder", runCliques},
        {"import", "add images to a reference set: a folder, webdataset .tar shards or a CSV/JSONL manifest",
         runImport},
        {"tokenize", "CLIP token ids of prompts, as a Stable Diffusion text encoder reads them", runTokenize},
        {"dataset", "build the default model's training set from Open Clip Art (images, manifest, packed file)",
         runDataset},
        {"train", "train a small pixel-space diffusion model on a packed training set (CPU or CUDA)", runTrain},
        {"generate", "images for a prompt and seeds with a diffusers model: PNGs + JSON sidecar", runGenerate},
        {"screen", "rank prompts by memorization score (Wen et al.) from a few denoising steps", runScreen},
        {"export", "the evidence report of a case: HTML folder, PDF, CSV or JSON (audited)", runExport},
        {"scan", "the audit: generate prompts x seeds into a case, find cliques and reference matches", runScan},
        {"candidates", "the review queue of a case, most suspicious first, filtered; table or JSON lines",
         runCandidates},
        {"review", "record a reviewer's decision and note on candidates (audited)", runReview},
        {"merge", "join the shard cases of a split scan (scan --shard i/N) into one new case", runMerge},
        {"experiment", "the extraction experiment's result table and plots from the trainer's experiment.jsonl",
         runExperiment},
    };
    return table;
}

}  // namespace rs::cli
