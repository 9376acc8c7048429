#include "diffusion/pipeline/memorization_screen.h"

#include <torch/torch.h>

#include <algorithm>
#include <map>

namespace rs::diffusion {

Expected<ScreenResult> screenPrompts(DiffusionPipeline& pipeline, const ScreenRequest& r,
                                     const GenerationCallbacks& callbacks) {
    if (r.prompts.empty()) return badInput("no prompts to screen");
    if (r.seedsPerPrompt < 1 || r.seedsPerPrompt > 1000)
        return badInput("seeds per prompt must lie in 1..1000 (got " + std::to_string(r.seedsPerPrompt) + ")");
    if (r.guidanceScale <= 1.0)
        return badInput("the memorization screen needs a guidance scale above 1 (got " +
                        std::to_string(r.guidanceScale) + ")");
    if (r.evaluatedSteps < 1 || r.evaluatedSteps > r.scheduleSteps)
        return badInput("evaluated steps must lie in 1.." + std::to_string(r.scheduleSteps) + " (got " +
                        std::to_string(r.evaluatedSteps) + ")");
    ScreenResult result;
    const auto& model = pipeline.model();
    const int native = int(model.unetConfig.sampleSize * model.imageScaleFactor());
    result.width = r.width > 0 ? r.width : native;
    result.height = r.height > 0 ? r.height : native;
    // Reuse the generation checks for sizes, steps, guidance and batch size.
    GenerationRequest check;
    check.seeds = {r.firstSeed};
    check.steps = r.scheduleSteps;
    check.guidanceScale = r.guidanceScale;
    check.width = result.width;
    check.height = result.height;
    check.batchSize = r.batchSize;
    if (auto st = pipeline.validate(check); !st) return st.error();

    auto empty = pipeline.encodePrompts({""}, nullptr);
    if (!empty) return empty.error();

    const std::size_t pairs = r.prompts.size() * std::size_t(r.seedsPerPrompt);
    const std::size_t batch = std::size_t(r.batchSize);
    const int batchCount = int((pairs + batch - 1) / batch);
    std::vector<std::vector<double>> perSeed(r.prompts.size());
    for (std::size_t start = 0; start < pairs; start += batch) {
        const std::size_t end = std::min(pairs, start + batch);
        // The distinct prompts of this batch, encoded once each.
        std::vector<std::size_t> promptOf;
        std::vector<std::string> texts;
        std::map<std::size_t, int64_t> row;
        DenoiseBatch job;
        for (std::size_t k = start; k < end; ++k) {
            const std::size_t p = k / std::size_t(r.seedsPerPrompt);
            promptOf.push_back(p);
            job.seeds.push_back(r.firstSeed + k % std::size_t(r.seedsPerPrompt));
            if (row.emplace(p, int64_t(texts.size())).second) texts.push_back(r.prompts[p]);
        }
        auto embeddings = pipeline.encodePrompts(texts, &result.warnings);
        if (!embeddings) return embeddings.error();
        std::vector<int64_t> rows;
        for (std::size_t p : promptOf) rows.push_back(row[p]);
        const auto index = torch::tensor(rows, torch::kInt64).to(embeddings->device());
        job.cond = embeddings->index_select(0, index);
        job.uncond = empty->expand({int64_t(rows.size()), -1, -1});
        job.steps = r.scheduleSteps;
        job.stopAfterSteps = r.evaluatedSteps;
        job.guidanceScale = r.guidanceScale;
        job.width = result.width;
        job.height = result.height;
        job.sampler = r.sampler;
        job.decode = false;
        GenerationProgress base;
        base.batchIndex = int(start / batch);
        base.batchCount = batchCount;
        base.imagesDone = int(start);
        base.imagesTotal = int(pairs);
        auto outcome = pipeline.denoise(job, callbacks, base);
        if (!outcome) return outcome.error();
        for (auto& w : outcome->warnings)
            if (std::find(result.warnings.begin(), result.warnings.end(), w) == result.warnings.end())
                result.warnings.push_back(w);
        result.schedulerName = outcome->schedulerName;
        if (outcome->cancelled) {
            result.cancelled = true;
            break;
        }
        for (std::size_t k = 0; k < outcome->images.size(); ++k)
            perSeed[promptOf[k]].push_back(outcome->images[k].memorizationScore.value_or(0.0));
    }
    for (std::size_t p = 0; p < r.prompts.size(); ++p) {
        if (int(perSeed[p].size()) != r.seedsPerPrompt) continue;  // cut short by a cancel
        PromptScore s;
        s.index = p;
        s.prompt = r.prompts[p];
        s.perSeed = perSeed[p];
        double sum = 0;
        for (double v : s.perSeed) sum += v;
        s.score = sum / double(s.perSeed.size());
        result.scores.push_back(std::move(s));
    }
    return result;
}

std::vector<PromptScore> rankByScore(std::vector<PromptScore> scores) {
    std::stable_sort(scores.begin(), scores.end(),
                     [](const PromptScore& a, const PromptScore& b) { return a.score > b.score; });
    return scores;
}

}  // namespace rs::diffusion
