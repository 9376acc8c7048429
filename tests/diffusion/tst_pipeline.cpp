// The generation pipeline on a tiny random model written as a diffusers folder and loaded
// through the real loader: reproducibility per seed, batch independence, cancellation,
// progress, memorization scores, guidance off, pixel-space models, request validation.
// libtorch before Qt: Qt's "slots" macro breaks torch/jit headers.
#include <torch/torch.h>

#include "diffusion/pipeline/memorization_screen.h"
#include "diffusion/pipeline/pipeline.h"
#include "diffusion/models/tiny_model.h"

#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace rs::diffusion;

namespace {

std::string bpeVocab() { return std::string(RS_RESOURCE_DIR) + "/clip/bpe_simple_vocab_16e6.txt.gz"; }

std::unique_ptr<DiffusionPipeline> loadTiny(const QString& dir, bool pixelSpace, uint64_t seed) {
    TinyModelOptions options;
    options.seed = seed;
    options.pixelSpace = pixelSpace;
    options.bpeVocabPath = bpeVocab();
    auto written = writeRandomModelFolder(dir.toStdString(), options);
    if (!written) qFatal("writeRandomModelFolder: %s", written.message().c_str());
    PipelineOptions po;
    po.device = "cpu";
    auto pipeline = DiffusionPipeline::load(dir.toStdString(), po);
    if (!pipeline) qFatal("DiffusionPipeline::load: %s", pipeline.message().c_str());
    return std::move(*pipeline);
}

GenerationRequest smallRequest(std::vector<uint64_t> seeds, SamplerKind sampler = SamplerKind::Ddim) {
    GenerationRequest r;
    r.prompt = "a painting of a lighthouse at dusk";
    r.seeds = std::move(seeds);
    r.steps = 3;
    r.guidanceScale = 7.5;
    r.width = 32;
    r.height = 32;
    r.sampler = sampler;
    return r;
}

}  // namespace

class TestPipeline : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<DiffusionPipeline> m_pipeline;

    GenerationResult run(const GenerationRequest& r, const GenerationCallbacks& c = {}) {
        auto result = m_pipeline->generate(r, c);
        if (!result) qFatal("generate: %s", result.message().c_str());
        return std::move(*result);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_pipeline = loadTiny(m_dir.filePath("tiny"), false, 1234);
        QVERIFY(m_pipeline->model().hasVae());
        QCOMPARE(m_pipeline->dtype(), torch::kFloat32);
    }

    void imagesHaveTheRequestedShape() {
        auto r = smallRequest({5, 6});
        r.width = 48;
        const auto result = run(r);
        QCOMPARE(int(result.images.size()), 2);
        for (const auto& image : result.images) {
            QCOMPARE(image.width, 48);
            QCOMPARE(image.height, 32);
            QCOMPARE(int(image.rgb.size()), 48 * 32 * 3);
        }
        QCOMPARE(result.images[0].seed, uint64_t(5));
        QCOMPARE(result.images[1].seed, uint64_t(6));
        QCOMPARE(QString::fromStdString(result.schedulerName), QString("ddim"));
        QCOMPARE(QString::fromStdString(result.device), QString("cpu"));
        QCOMPARE(QString::fromStdString(result.dtype), QString("float32"));
        // Not a constant image: random weights still give structure that depends on the noise.
        const auto& px = result.images[0].rgb;
        QVERIFY(*std::max_element(px.begin(), px.end()) != *std::min_element(px.begin(), px.end()));
    }

    void sameSeedIsBitIdentical_data() {
        QTest::addColumn<int>("sampler");
        QTest::newRow("ddim") << int(SamplerKind::Ddim);
        QTest::newRow("dpm++2m") << int(SamplerKind::DpmSolverMultistep);
        QTest::newRow("euler_a") << int(SamplerKind::EulerAncestral);
    }
    void sameSeedIsBitIdentical() {
        QFETCH(int, sampler);
        const auto a = run(smallRequest({42}, SamplerKind(sampler)));
        const auto b = run(smallRequest({42}, SamplerKind(sampler)));
        const auto c = run(smallRequest({43}, SamplerKind(sampler)));
        QVERIFY(a.images[0].rgb == b.images[0].rgb);
        QCOMPARE(*a.images[0].memorizationScore, *b.images[0].memorizationScore);
        QVERIFY(a.images[0].rgb != c.images[0].rgb);
    }

    // The noise of an image comes from its own seed whatever the batch. The networks' float
    // arithmetic is not batch-invariant on the CPU (BLAS and oneDNN kernels depend on the
    // matrix shapes: measured relative differences ~1e-6), so after 8-bit rounding an image in
    // a batch may differ from the same seed alone by 1 level on a few values, never more.
    void aloneEqualsInsideABatch_data() { sameSeedIsBitIdentical_data(); }
    void aloneEqualsInsideABatch() {
        QFETCH(int, sampler);
        const auto alone = run(smallRequest({11}, SamplerKind(sampler)));
        auto r = smallRequest({10, 11, 12, 13}, SamplerKind(sampler));
        r.batchSize = 4;
        const auto batch = run(r);
        QCOMPARE(batch.images[1].seed, uint64_t(11));
        const auto& a = alone.images[0].rgb;
        const auto& b = batch.images[1].rgb;
        QCOMPARE(a.size(), b.size());
        std::size_t differing = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            QVERIFY(std::abs(int(a[i]) - int(b[i])) <= 1);
            differing += a[i] != b[i];
        }
        QVERIFY2(differing * 100 <= a.size(), qPrintable(QString::number(differing)));
        QVERIFY(std::abs(*alone.images[0].memorizationScore - *batch.images[1].memorizationScore) <=
                1e-5 * *alone.images[0].memorizationScore);
        // A different seed in the same batch position is a different image.
        const auto other = run(smallRequest({12}, SamplerKind(sampler)));
        std::size_t far = 0;
        for (std::size_t i = 0; i < a.size(); ++i) far += std::abs(int(other.images[0].rgb[i]) - int(b[i])) > 1;
        QVERIFY(far * 10 > a.size());
    }

    void progressAndStreamedBatches() {
        auto r = smallRequest({1, 2, 3});
        r.steps = 4;
        r.batchSize = 2;
        int progressCalls = 0;
        std::vector<int> batchSizes;
        GenerationCallbacks c;
        c.onProgress = [&](const GenerationProgress& p) {
            ++progressCalls;
            QCOMPARE(p.stepsPerBatch, 4);
            QCOMPARE(p.batchCount, 2);
            QCOMPARE(p.imagesTotal, 3);
        };
        c.onImages = [&](const std::vector<GeneratedImage>& images) { batchSizes.push_back(int(images.size())); };
        const auto result = run(r, c);
        QCOMPARE(progressCalls, 8);
        QCOMPARE(batchSizes, (std::vector<int>{2, 1}));
        QCOMPARE(int(result.images.size()), 3);
        QVERIFY(!result.cancelled);
    }

    void cancelStopsWithinOneStep() {
        auto r = smallRequest({1, 2, 3, 4});
        r.steps = 5;
        r.batchSize = 2;
        int progressCalls = 0, imageBatches = 0;
        GenerationCallbacks c;
        c.onProgress = [&](const GenerationProgress&) { ++progressCalls; };
        c.onImages = [&](const std::vector<GeneratedImage>&) { ++imageBatches; };
        // Cancel requested during the second step of the second batch.
        c.isCancelled = [&] { return progressCalls >= 7; };
        const auto result = run(r, c);
        QVERIFY(result.cancelled);
        QCOMPARE(progressCalls, 7);  // no step after the request
        QCOMPARE(imageBatches, 1);
        QCOMPARE(int(result.images.size()), 2);  // the first batch, finished before the cancel
        // Cancelled before anything ran.
        GenerationCallbacks now;
        now.isCancelled = [] { return true; };
        const auto none = run(r, now);
        QVERIFY(none.cancelled);
        QVERIFY(none.images.empty());
    }

    void memorizationScore() {
        auto r = smallRequest({7, 8});
        r.steps = 4;
        r.batchSize = 2;
        const auto result = run(r);
        for (const auto& image : result.images) {
            QVERIFY(image.memorizationScore.has_value());
            QVERIFY(std::isfinite(*image.memorizationScore));
            QVERIFY(*image.memorizationScore > 0);
            QCOMPARE(int(image.memorizationPerStep.size()), 4);
            double sum = 0;
            for (double v : image.memorizationPerStep) sum += v;
            QVERIFY(std::abs(sum / 4 - *image.memorizationScore) < 1e-9 * sum);
        }
        // The score measures what the prompt adds over the negative prompt: nothing when they match
        // (up to the float differences between rows of one batch, ~1e-5 relative).
        auto same = r;
        same.negativePrompt = same.prompt;
        const auto zero = run(same);
        for (const auto& image : zero.images)
            QVERIFY2(*image.memorizationScore <= 1e-4 * *result.images[0].memorizationScore,
                     qPrintable(QString::number(*image.memorizationScore)));
        // A different prompt changes the score.
        auto other = r;
        other.prompt = "a photo of a red bicycle";
        const auto otherResult = run(other);
        QVERIFY(*otherResult.images[0].memorizationScore != *result.images[0].memorizationScore);
    }

    void guidanceOneSkipsTheUnconditionalHalf() {
        auto r = smallRequest({9});
        r.guidanceScale = 1.0;
        const auto plain = run(r);
        QVERIFY(!plain.images[0].memorizationScore.has_value());
        QVERIFY(plain.images[0].memorizationPerStep.empty());
        r.guidanceScale = 7.5;
        const auto guided = run(r);
        QVERIFY(plain.images[0].rgb != guided.images[0].rgb);
        // guidance 1 equals the conditional prediction alone: the negative prompt plays no part.
        r.guidanceScale = 1.0;
        r.negativePrompt = "blurry";
        QVERIFY(run(r).images[0].rgb == plain.images[0].rgb);
    }

    void autoSamplerFallsBackWithAWarning() {
        // SD1.x folders name PNDMScheduler, which we do not implement.
        QFile config(m_dir.filePath("tiny/scheduler/scheduler_config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray original = config.readAll();
        config.close();
        QVERIFY(original.contains("\"DDIMScheduler\""));
        QByteArray pndm = original;
        pndm.replace("\"DDIMScheduler\"", "\"PNDMScheduler\"");
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(pndm);
        config.close();
        PipelineOptions po;
        po.device = "cpu";
        auto pndmPipeline = DiffusionPipeline::load(m_dir.filePath("tiny").toStdString(), po);
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(original);
        config.close();
        QVERIFY2(pndmPipeline.ok(), pndmPipeline.ok() ? "" : pndmPipeline.message().c_str());
        auto r = smallRequest({1});
        r.sampler = SamplerKind::FromConfig;
        auto generated = (*pndmPipeline)->generate(r);
        QVERIFY2(generated.ok(), generated.ok() ? "" : generated.message().c_str());
        const auto& result = *generated;
        QCOMPARE(QString::fromStdString(result.schedulerName), QString("ddim"));
        QVERIFY(!result.warnings.empty());
        QVERIFY(result.warnings[0].find("PNDMScheduler") != std::string::npos);
        // ...and gives the same image as asking for DDIM.
        QVERIFY(result.images[0].rgb == run(smallRequest({1})).images[0].rgb);
    }

    void rejectsBadRequests_data() {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no seeds") << 0 << "seed";
        QTest::newRow("width not multiple of 8") << 1 << "width";
        QTest::newRow("zero steps") << 2 << "steps";
        QTest::newRow("zero batch") << 3 << "batch";
        QTest::newRow("negative guidance") << 4 << "guidance";
        QTest::newRow("height too small") << 5 << "height";
    }
    void rejectsBadRequests() {
        QFETCH(int, field);
        QFETCH(QString, mentions);
        auto r = smallRequest({1});
        switch (field) {
        case 0:
            r.seeds.clear();
            break;
        case 1:
            r.width = 36;
            break;
        case 2:
            r.steps = 0;
            break;
        case 3:
            r.batchSize = 0;
            break;
        case 4:
            r.guidanceScale = -1;
            break;
        case 5:
            r.height = 0;
            break;
        }
        auto result = m_pipeline->generate(r);
        QVERIFY(!result.ok());
        QVERIFY2(result.message().find(mentions.toStdString()) != std::string::npos, result.message().c_str());
    }

    void screenRanksAndMatchesGeneration() {
        ScreenRequest s;
        s.prompts = {"a painting of a lighthouse at dusk", "", "a photo of a red bicycle"};
        s.seedsPerPrompt = 2;
        s.evaluatedSteps = 1;
        s.scheduleSteps = 3;
        s.width = 32;
        s.height = 32;
        s.batchSize = 4;  // packs different prompts into one network batch
        auto result = screenPrompts(*m_pipeline, s);
        QVERIFY2(result.ok(), result.ok() ? "" : result.message().c_str());
        QCOMPARE(int(result->scores.size()), 3);
        for (const auto& p : result->scores) QCOMPARE(int(p.perSeed.size()), 2);
        // The empty prompt adds nothing over the empty prompt.
        QVERIFY(result->scores[1].score <= 1e-4 * result->scores[0].score);
        const auto ranked = rankByScore(result->scores);
        QCOMPARE(ranked.back().index, size_t(1));
        QVERIFY(ranked[0].score >= ranked[1].score);
        // Same number as the first step of a 3-step generation with the same seeds.
        auto r = smallRequest({0, 1});
        r.batchSize = 2;
        const auto generated = run(r);
        const double expected =
            (generated.images[0].memorizationPerStep[0] + generated.images[1].memorizationPerStep[0]) / 2;
        QVERIFY2(std::abs(result->scores[0].score - expected) <= 1e-4 * expected,
                 qPrintable(QString("%1 vs %2").arg(result->scores[0].score).arg(expected)));
        // Guidance off has no score to rank by.
        s.guidanceScale = 1.0;
        QVERIFY(!screenPrompts(*m_pipeline, s).ok());
    }

    void pixelSpaceModel() {
        QTemporaryDir dir;
        auto pixel = loadTiny(dir.filePath("pixel"), true, 99);
        QVERIFY(!pixel->model().hasVae());
        auto r = smallRequest({3, 4});
        r.batchSize = 2;
        auto result = pixel->generate(r);
        QVERIFY2(result.ok(), result.ok() ? "" : result.message().c_str());
        QCOMPARE(int(result->images.size()), 2);
        QCOMPARE(int(result->images[0].rgb.size()), 32 * 32 * 3);
        QVERIFY(result->images[0].rgb != result->images[1].rgb);
    }
};

RS_REGISTER_TEST(TestPipeline)
#include "tst_pipeline.moc"
