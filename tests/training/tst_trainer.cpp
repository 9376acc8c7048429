// The trainer: packed training file round trip and corruption, data order, tiled l2, a few CPU
// steps of the tiny architecture (loss goes down), exact resume, and the saved model loading
// through loadModelFolder and generating through the pipeline.
#include "diffusion/text/clip_tokenizer.h"
#include "diffusion/models/model_folder.h"
#include "diffusion/pipeline/pipeline.h"
#include "base/sha256.h"
#include "diffusion/schedulers/scheduler_ddim.h"
#include "diffusion/schedulers/scheduler_factory.h"
#include "training/trainer.h"
#include "training/training_data.h"
#include "training/training_probe.h"
#include "training/training_state.h"

#include "test_registry.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>

using namespace rs::diffusion;
namespace fs = std::filesystem;

namespace {

const std::string kBpe = std::string(RS_RESOURCE_DIR) + "/clip/bpe_simple_vocab_16e6.txt.gz";

// Four distinct 16x16 pictures on white (a square, a disc, stripes, a diagonal), duplicated
// 1, 1, 2 and 5 times, captioned with real CLIP token ids.
PackedTrainingSet fourImageSet(uint32_t side = 16) {
    PackedTrainingSet set;
    set.height = set.width = side;
    auto tokenizer = ClipTokenizer::fromBpeFile(kBpe);
    if (!tokenizer) qFatal("%s", tokenizer.message().c_str());
    for (int64_t id : tokenizer->tokenize("").padded) set.emptyPromptTokens.push_back(int32_t(id));
    const char* captions[] = {"a red square, shapes clip art", "a blue disc, shapes clip art",
                              "green stripes, patterns clip art", "a black diagonal, lines clip art"};
    const uint32_t dups[] = {1, 1, 2, 5};
    for (int k = 0; k < 4; ++k) {
        for (uint32_t y = 0; y < side; ++y)
            for (uint32_t x = 0; x < side; ++x) {
                uint8_t r = 255, g = 255, b = 255;
                const int cx = int(x) - int(side) / 2, cy = int(y) - int(side) / 2;
                if (k == 0 && x >= side / 4 && x < 3 * side / 4 && y >= side / 4 && y < 3 * side / 4) g = b = 0;
                if (k == 1 && cx * cx + cy * cy < int(side * side) / 9) r = g = 0;
                if (k == 2 && (y / 2) % 2 == 0) r = b = 0;
                if (k == 3 && (x == y || x + 1 == y)) r = g = b = 0;
                set.pixels.insert(set.pixels.end(), {r, g, b});
            }
        for (int64_t id : tokenizer->tokenize(captions[k]).padded) set.tokens.push_back(int32_t(id));
        set.duplicateCounts.push_back(dups[k]);
        set.ids.push_back("img-" + std::to_string(k + 1));
        set.captions.push_back(captions[k]);
    }
    return set;
}

TrainingOptions tinyOptions(const std::string& data, const std::string& out) {
    TrainingOptions o;
    o.dataPath = data;
    o.outDir = out;
    o.bpeVocabPath = kBpe;
    o.architecture = "tiny";
    o.steps = 6;
    o.batchSize = 4;
    o.learningRate = 1e-3;
    o.warmupSteps = 2;
    o.lrSchedule = "cosine";
    o.checkpointEvery = 3;
    o.logEvery = 0;
    o.seed = 7;
    o.writeModel = false;
    return o;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_data;

    std::string path(const std::string& name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_data = path("four.rstrain");
        auto s = writePackedTrainingSet(fourImageSet(), m_data);
        QVERIFY2(s.ok(), s.ok() ? "" : s.message().c_str());
    }

    void packedRoundTrip() {
        const auto original = fourImageSet();
        auto back = readPackedTrainingSet(m_data);
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QCOMPARE(back->size(), size_t(4));
        QCOMPARE(back->height, 16u);
        QCOMPARE(back->tokenLength, 77u);
        QVERIFY(back->pixels == original.pixels);
        QVERIFY(back->tokens == original.tokens);
        QVERIFY(back->emptyPromptTokens == original.emptyPromptTokens);
        QVERIFY(back->duplicateCounts == original.duplicateCounts);
        QVERIFY(back->captions == original.captions);
        QVERIFY(back->ids == original.ids);
        QCOMPARE(back->streamLength(), uint64_t(9));
        QCOMPARE(back->emptyPromptTokens[0], 49406);  // BOS, then EOS padding
        QCOMPARE(back->emptyPromptTokens[1], 49407);
    }

    void packedRejectsDamage_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("flipped payload byte") << "flip"
                                              << "corrupt";
        QTest::newRow("truncated") << "truncate"
                                   << "truncated";
        QTest::newRow("not a packed file") << "magic"
                                           << "bad magic";
        QTest::newRow("newer version") << "version"
                                       << "format version 2";
        QTest::newRow("missing") << "missing"
                                 << "cannot be opened";
    }
    void packedRejectsDamage() {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        std::string bytes = readAll(m_data);
        const std::string target = path("damaged-" + damage.toStdString() + ".rstrain");
        if (damage == "flip") bytes[100] = char(bytes[100] ^ 0x40);
        if (damage == "truncate") bytes.resize(bytes.size() - 10);
        if (damage == "magic") bytes[0] = 'X';
        if (damage == "version") bytes[8] = 2;
        if (damage != "missing") std::ofstream(target, std::ios::binary) << bytes;
        auto read = readPackedTrainingSet(target);
        QVERIFY(!read.ok());
        QVERIFY2(read.message().find(expected.toStdString()) != std::string::npos, read.message().c_str());
        QVERIFY2(read.message().find(target) != std::string::npos, read.message().c_str());
    }

    void packedWriteRefusesInconsistentSet() {
        auto set = fourImageSet();
        set.duplicateCounts[2] = 0;
        auto s = writePackedTrainingSet(set, path("bad.rstrain"));
        QVERIFY(!s.ok());
        QVERIFY2(s.message().find("img-3") != std::string::npos, s.message().c_str());
        QVERIFY(!fs::exists(path("bad.rstrain")));
    }

    void streamOrderIsAPermutationPerPass() {
        training::StreamOrder a({1, 1, 2, 5}, 3), b({1, 1, 2, 5}, 3), c({1, 1, 2, 5}, 4);
        QCOMPARE(a.length(), int64_t(9));
        std::vector<int64_t> passA0, passA1, passB0, passC0;
        for (int64_t i = 0; i < 9; ++i) {
            passA0.push_back(a.at(i));
            passC0.push_back(c.at(i));
        }
        for (int64_t i = 9; i < 18; ++i) passA1.push_back(a.at(i));
        for (int64_t i = 0; i < 9; ++i) passB0.push_back(b.at(i));
        QVERIFY(passA0 == passB0);  // a function of (seed, pass)
        QVERIFY(passA0 != passA1);
        QVERIFY(passA0 != passC0);
        std::map<int64_t, int> counts;
        for (auto i : passA1) ++counts[i];
        QCOMPARE(counts[0], 1);
        QCOMPARE(counts[3], 5);
    }

    void tiledL2TakesTheWorstTile() {
        auto a = torch::zeros({2, 3, 16, 16});
        auto b = a.clone();
        b[1].slice(1, 0, 4).slice(2, 0, 4).fill_(1.0);  // one 4x4 tile entirely different
        auto d = tiledL2(a, b, 4);
        QCOMPARE(d[0].item<double>(), 0.0);
        QVERIFY(std::abs(d[1].item<double>() - 1.0) < 1e-6);  // the whole-image l2 would be 0.25
    }

    void flopCountsGrowWithTheImage() {
        auto arch = trainingArchitecture("default", 64);
        QVERIFY2(arch.ok(), arch.ok() ? "" : arch.message().c_str());
        const double f64 = unetForwardFlops(arch->unet, 64, 64), f32 = unetForwardFlops(arch->unet, 32, 32),
                     f16 = unetForwardFlops(arch->unet, 16, 16);
        QVERIFY(f16 > 0 && f32 > f16 && f64 > f32);
        // FLOPs = constant (time embedding, the context's key/value projections) + a term in the
        // pixel count (convolutions, linear layers) + a term in its square (self-attention), so
        // the growth from 32 to 64 is between 4x and 16x the growth from 16 to 32.
        const double growth = (f64 - f32) / (f32 - f16);
        QVERIFY2(growth >= 4 * 0.999 && growth <= 16 * 1.001, qPrintable(QString::number(growth)));
        QVERIFY(!trainingArchitecture("huge", 64).ok());
    }

    // The trainer's target and the sampler's reading of it must agree: one DDIM step from a
    // timestep t to the end (alpha = 1), given the exact target for a noised image, returns the
    // image. Rows: the trained models' v prediction at the first sampling timestep (zero signal,
    // alpha_bar ~ 2e-9), and every prediction type at a mid timestep.
    void trainingTargetIsWhatTheSamplerReads_data() {
        QTest::addColumn<QString>("prediction");
        QTest::addColumn<int>("steps");  // trailing spacing: 1 step starts at t = 999, 2 at t = 499
        QTest::addColumn<double>("tolerance");
        QTest::newRow("v, first timestep (zero SNR)") << "v_prediction" << 1 << 1e-4;
        QTest::newRow("v, t 499") << "v_prediction" << 2 << 1e-4;
        QTest::newRow("epsilon, t 499") << "epsilon" << 2 << 1e-4;
        QTest::newRow("sample, t 499") << "sample" << 2 << 1e-6;
    }
    void trainingTargetIsWhatTheSamplerReads() {
        QFETCH(QString, prediction);
        QFETCH(int, steps);
        QFETCH(double, tolerance);
        std::string json = trainedSchedulerConfigJson();
        QVERIFY(json.find("\"v_prediction\"") != std::string::npos);  // what trained models ship
        const std::string key = "\"prediction_type\": \"v_prediction\"";
        json.replace(json.find(key), key.size(), "\"prediction_type\": \"" + prediction.toStdString() + "\"");
        auto config = parseSchedulerConfig(json, "test");
        QVERIFY2(config.ok(), config.ok() ? "" : config.message().c_str());
        auto scheduler = DdimScheduler::create(*config, 0.0);
        QVERIFY(scheduler.ok());
        QVERIFY((*scheduler)->setTimesteps(steps).ok());
        // walk to the last step, whose previous alpha is 1 (set_alpha_to_one): its output is x0
        const int last = steps - 1;
        const int64_t t = (*scheduler)->timesteps()[size_t(last)];
        auto betas = makeBetas(*config);
        QVERIFY(betas.ok());
        const auto alphaBar = alphasCumprodFromBetas(*betas).to(torch::kFloat64)[t];
        torch::manual_seed(3);
        const auto x0 = torch::rand({2, 3, 8, 8}, torch::kFloat64) * 2 - 1;
        const auto noise = torch::randn({2, 3, 8, 8}, torch::kFloat64);
        const auto xt = alphaBar.sqrt() * x0 + (1 - alphaBar).sqrt() * noise;
        const auto target = trainingTarget(config->predictionType, x0, noise, alphaBar);
        const auto out = (*scheduler)->step(target, last, xt, nullptr);
        const double error = (out - x0).abs().max().item<double>();
        qInfo("t %lld, alpha_bar %.3g: max |x0 - DDIM(target)| = %.3g", static_cast<long long>(t),
              alphaBar.item<double>(), error);
        QVERIFY2(error < tolerance, qPrintable(QString::number(error)));
    }

    void lossGoesDown() {
        auto o = tinyOptions(m_data, path("loss"));
        o.steps = 60;
        o.batchSize = 8;
        o.warmupSteps = 5;
        o.lrSchedule = "constant";
        o.learningRate = 2e-3;
        o.checkpointEvery = 0;
        auto r = trainDiffusionModel(o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->losses.size(), size_t(60));
        double first = 0, last = 0;
        for (int i = 0; i < 10; ++i) {
            first += r->losses[size_t(i)] / 10;
            last += r->losses[size_t(50 + i)] / 10;
        }
        qInfo("mean loss of steps 1-10: %.4f, 51-60: %.4f (%.1f steps/s)", first, last, r->stepsPerSecond);
        QVERIFY2(last < 0.8 * first, qPrintable(QString("loss %1 -> %2").arg(first).arg(last)));
        // loss.csv has one row per step
        std::ifstream csv(path("loss") + "/loss.csv");
        std::string line;
        int rows = -1;
        while (std::getline(csv, line)) ++rows;
        QCOMPARE(rows, 60);
    }

    void resumeContinuesExactly() {
        auto whole = tinyOptions(m_data, path("whole"));
        auto a = trainDiffusionModel(whole);
        QVERIFY2(a.ok(), a.ok() ? "" : a.message().c_str());
        QCOMPARE(a->finalStep, int64_t(6));

        auto part = tinyOptions(m_data, path("parts"));
        part.stopAfterSteps = 4;  // past the checkpoint of step 3: resume must go back to it
        part.checkpointEvery = 3;
        auto b1 = trainDiffusionModel(part);
        QVERIFY2(b1.ok(), b1.ok() ? "" : b1.message().c_str());
        QVERIFY(b1->stoppedEarly);
        QCOMPARE(b1->finalStep, int64_t(4));
        // the interrupted run's last checkpoint is its stopping point (step 4)
        auto found = training::newestCheckpoint(part.outDir);
        QVERIFY(found.ok());
        QCOMPARE(found->step, int64_t(4));
        // drop it, as if the process had been killed between checkpoints
        fs::remove_all(found->dir);

        auto again = trainDiffusionModel(part);  // without --resume: refused
        QVERIFY(!again.ok());
        QVERIFY2(again.message().find("--resume") != std::string::npos, again.message().c_str());

        part.stopAfterSteps = 0;
        part.resume = true;
        auto b2 = trainDiffusionModel(part);
        QVERIFY2(b2.ok(), b2.ok() ? "" : b2.message().c_str());
        QCOMPARE(b2->startStep, int64_t(3));
        QCOMPARE(b2->finalStep, int64_t(6));
        QCOMPARE(b2->losses.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i) {
            qInfo("step %zu: uninterrupted %.9g, resumed %.9g", i + 4, a->losses[3 + i], b2->losses[i]);
            QCOMPARE(b2->losses[i], a->losses[3 + i]);  // bit for bit on the CPU
        }
        for (size_t i = 0; i < 3; ++i) QCOMPARE(b1->losses[i], a->losses[i]);
        // the loss log is continuous: steps 1..6 once each
        std::ifstream csv(part.outDir + "/loss.csv");
        std::string line;
        std::getline(csv, line);
        QCOMPARE(line, std::string("step,loss,lr"));
        for (int step = 1; step <= 6; ++step) {
            QVERIFY(std::getline(csv, line));
            QCOMPARE(std::atoi(line.c_str()), step);
        }
        QVERIFY(!std::getline(csv, line));
        // final weights identical
        auto ca = training::readCheckpoint(training::newestCheckpoint(whole.outDir)->dir);
        auto cb = training::readCheckpoint(training::newestCheckpoint(part.outDir)->dir);
        QVERIFY(ca.ok() && cb.ok());
        QCOMPARE(cb->step, int64_t(6));
        QVERIFY(torch::equal(ca->values, cb->values));
        QVERIFY(torch::equal(ca->ema, cb->ema));
        QVERIFY(torch::equal(ca->expAvgSq, cb->expAvgSq));
    }

    void resumeRefusesOtherSettings() {
        auto o = tinyOptions(m_data, path("whole"));
        o.resume = true;
        o.batchSize = 5;
        o.steps = 8;
        auto r = trainDiffusionModel(o);
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("batch_size") != std::string::npos, r.message().c_str());
    }

    void savedModelLoadsAndGenerates() {
        auto o = tinyOptions(m_data, path("model"));
        o.steps = 4;
        o.writeModel = true;
        o.probeAtEnd = true;
        o.probe.steps = 4;
        o.probe.generations = 2;
        o.commandLine = "replicascope-cli train --data four.rstrain --out model --architecture tiny";
        auto r = trainDiffusionModel(o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->modelDir, o.outDir);
        QVERIFY(fs::exists(o.outDir + "/probe.jsonl"));

        auto model = loadModelFolder(o.outDir);
        QVERIFY2(model.ok(), model.ok() ? "" : model.message().c_str());
        QVERIFY(!model->hasVae());
        QCOMPARE(model->sampleChannels(), int64_t(3));
        QCOMPARE(model->unetConfig.blockOutChannels, (std::vector<int64_t>{32, 64}));
        QVERIFY(readAll(o.outDir + "/model_index.json").find("\"vae\"") == std::string::npos);
        QVERIFY(readAll(o.outDir + "/scheduler/scheduler_config.json").find("squaredcos_cap_v2") != std::string::npos);

        auto pipeline = DiffusionPipeline::fromModel(std::move(*model), false);
        QVERIFY2(pipeline.ok(), pipeline.ok() ? "" : pipeline.message().c_str());
        GenerationRequest request;
        request.prompt = "a black diagonal, lines clip art";
        request.seeds = {1, 2};
        request.steps = 5;
        request.width = request.height = 16;
        request.batchSize = 2;
        auto generated = (*pipeline)->generate(request);
        QVERIFY2(generated.ok(), generated.ok() ? "" : generated.message().c_str());
        QCOMPARE(generated->images.size(), size_t(2));
        QCOMPARE(generated->images[0].rgb.size(), size_t(16 * 16 * 3));
        QVERIFY(generated->images[0].memorizationScore.has_value());

        // the card lists every model file with its SHA-256
        const std::string card = readAll(o.outDir + "/MODEL_CARD.md");
        QVERIFY(card.find(o.commandLine) != std::string::npos);
        for (const char* file : {"unet/diffusion_pytorch_model.safetensors", "text_encoder/model.safetensors",
                                 "model_index.json", "tokenizer/vocab.json"}) {
            auto sha = rs::sha256File(o.outDir + "/" + file);
            QVERIFY(sha.ok());
            QVERIFY2(
                card.find("| `" + std::string(file) + "` | " + std::to_string(fs::file_size(o.outDir + "/" + file)) +
                          " | `" + *sha + "` |") != std::string::npos,
                file);
        }
    }

    void badOptionsAreRefused_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("steps") << "steps"
                               << "--steps";
        QTest::newRow("schedule") << "schedule"
                                  << "--lr-schedule";
        QTest::newRow("bf16 on cpu") << "bf16"
                                     << "--device cuda";
        QTest::newRow("missing data") << "data"
                                      << "cannot be opened";
    }
    void badOptionsAreRefused() {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        auto o = tinyOptions(m_data, path("bad-options"));
        if (option == "steps") o.steps = 0;
        if (option == "schedule") o.lrSchedule = "linear";
        if (option == "bf16") o.precision = "bf16";
        if (option == "data") o.dataPath = path("nope.rstrain");
        auto r = trainDiffusionModel(o);
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find(expected.toStdString()) != std::string::npos, r.message().c_str());
    }
};

RS_REGISTER_TEST(TestTrainer)
#include "tst_trainer.moc"
