// Weights and model folders: strict loading with errors that list the offenders, legacy names,
// dtype conversion, shards and variants, folders missing parts, save -> load round trips.
#include "diffusion/text/clip_tokenizer.h"
#include "base/file_io.h"
#include "diffusion/models/model_folder.h"
#include "diffusion/io/safetensors.h"
#include "diffusion/models/tiny_model.h"
#include "diffusion/io/weights_io.h"

#include "test_registry.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace rs::diffusion;
namespace fs = std::filesystem;

namespace {

const std::string kBpe = std::string(RS_RESOURCE_DIR) + "/clip/bpe_simple_vocab_16e6.txt.gz";

using Tensors = std::vector<std::pair<std::string, at::Tensor>>;

Tensors stateOf(const torch::nn::Module& m) {
    Tensors out;
    for (auto& [k, v] : namedStateTensors(m))
        if (at::isFloatingType(v.scalar_type())) out.emplace_back(k, v.detach().clone());
    return out;
}

bool sameTensors(const torch::nn::Module& a, const torch::nn::Module& b) {
    auto pa = namedStateTensors(a), pb = namedStateTensors(b);
    if (pa.size() != pb.size()) return false;
    for (size_t i = 0; i < pa.size(); ++i)
        if (pa[i].first != pb[i].first || !torch::equal(pa[i].second, pb[i].second)) return false;
    return true;
}

void writeText(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

}  // namespace

class TestModelLoading : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_tiny;  // a saved tiny model folder (vocabulary of 1000 tokens)

    // A fresh copy of the tiny folder to damage.
    std::string copyOfTiny(const QString& name) {
        const fs::path to = fs::path(m_dir.path().toStdString()) / name.toStdString();
        fs::remove_all(to);
        fs::copy(m_tiny, to, fs::copy_options::recursive);
        return to.string();
    }

private slots:
    void initTestCase() {
        torch::set_num_threads(2);
        if (!fs::exists(kBpe)) QSKIP("the CLIP vocabulary is not in the shared data folder");
        QVERIFY(m_dir.isValid());
        m_tiny = (fs::path(m_dir.path().toStdString()) / "tiny").string();
        TinyModelOptions o;
        o.seed = 42;
        o.vocabSize = 1000;
        o.bpeVocabPath = kBpe;
        auto s = writeRandomModelFolder(m_tiny, o);
        QVERIFY2(s.ok(), s.message().c_str());
    }

    void roundTripGivesIdenticalOutputs() {
        TinyModelOptions o;
        o.seed = 7;
        o.vocabSize = 1000;
        o.bpeVocabPath = kBpe;
        auto made = makeRandomModel(o);
        QVERIFY2(made.ok(), made.ok() ? "" : made.message().c_str());
        const std::string dir = (fs::path(m_dir.path().toStdString()) / "roundtrip").string();
        auto saved = saveModelFolder(*made, dir);
        QVERIFY2(saved.ok(), saved.message().c_str());
        auto loaded = loadModelFolder(dir);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.message().c_str());
        QVERIFY(loaded->hasVae());
        QCOMPARE(loaded->imageScaleFactor(), int64_t(2));
        QVERIFY(sameTensors(*made->unet, *loaded->unet));
        QVERIFY(sameTensors(*made->vae, *loaded->vae));

        torch::NoGradGuard noGrad;
        auto tokens = loaded->tokenizer->tokenize("a photo of an astronaut");
        QCOMPARE(tokens.ids, made->tokenizer->tokenize("a photo of an astronaut").ids);
        QCOMPARE(tokens.ids.front(), int64_t(998));  // BOS and EOS of the 1000-token vocabulary
        QCOMPARE(tokens.padded.back(), int64_t(999));
        auto ids = torch::tensor(tokens.padded, torch::kLong).unsqueeze(0);
        auto text = loaded->textEncoder->forward(ids);
        QVERIFY(torch::equal(text, made->textEncoder->forward(ids)));
        auto latents = torch::randn({1, 4, 8, 8});
        auto eps = loaded->unet->forward(latents, torch::tensor(999), text);
        QVERIFY(torch::equal(eps, made->unet->forward(latents, torch::tensor(999), text)));
        auto image = loaded->vae->decodeLatents(latents);
        QVERIFY(torch::equal(image, made->vae->decodeLatents(latents)));
        QCOMPARE(image.sizes().vec(), (std::vector<int64_t>{1, 3, 16, 16}));

        // every file is listed with its size; the scheduler config is handed over as read
        bool sawUnet = false;
        for (const auto& f : loaded->files)
            if (f.relativePath == "unet/diffusion_pytorch_model.safetensors")
                sawUnet = f.sizeBytes == fs::file_size(fs::path(dir) / f.relativePath);
        QVERIFY(sawUnet);
        QVERIFY(loaded->files.size() >= 11);
        QVERIFY(loaded->schedulerConfigJson.find("scaled_linear") != std::string::npos);
    }

    void seedsDecideTheWeights() {
        TinyModelOptions o;
        o.vocabSize = 1000;
        o.bpeVocabPath = kBpe;
        o.seed = 3;
        auto a = makeRandomModel(o), b = makeRandomModel(o);
        o.seed = 4;
        auto c = makeRandomModel(o);
        QVERIFY(a.ok() && b.ok() && c.ok());
        QVERIFY(sameTensors(*a->unet, *b->unet) && sameTensors(*a->textEncoder, *b->textEncoder));
        QVERIFY(!sameTensors(*a->unet, *c->unet));
        // norm parameters are not left at 1 / 0, so a loader that skipped them would show
        auto w = a->unet->named_parameters()["conv_norm_out.weight"];
        QVERIFY((w - 1).abs().max().item<double>() > 0.01);
    }

    void weightErrorsListOffenders_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("missing") << "missing"
                                 << QStringList{"3 missing keys", "conv_in.bias", "conv_out.weight",
                                                "time_embedding.linear_2.bias"};
        QTest::newRow("unexpected") << "unexpected" << QStringList{"2 unexpected keys", "extra.weight", "zzz"};
        QTest::newRow("wrong shape") << "shape"
                                     << QStringList{"1 shape mismatch",
                                                    "conv_out.weight: file [3,32,3,3], model [4,32,3,3]"};
        QTest::newRow("many missing are counted") << "many" << QStringList{"missing keys", "and ", "more"};
        QTest::newRow("all three at once")
            << "all"
            << QStringList{"1 missing key (conv_in.bias)", "1 unexpected key (extra.weight)", "1 shape mismatch"};
    }
    void weightErrorsListOffenders() {
        QFETCH(QString, damage);
        QFETCH(QStringList, expected);
        UNet2DConditionModel unet(tinyUNetConfig());
        Tensors state = stateOf(*unet);
        auto drop = [&](const std::string& key) {
            state.erase(std::remove_if(state.begin(), state.end(), [&](auto& p) { return p.first == key; }),
                        state.end());
        };
        auto reshape = [&](const std::string& key, std::vector<int64_t> shape) {
            for (auto& p : state)
                if (p.first == key) p.second = torch::zeros(shape);
        };
        if (damage == "missing") {
            drop("conv_in.bias");
            drop("conv_out.weight");
            drop("time_embedding.linear_2.bias");
        } else if (damage == "unexpected") {
            state.emplace_back("extra.weight", torch::zeros({2}));
            state.emplace_back("zzz", torch::zeros({1}));
        } else if (damage == "shape") {
            reshape("conv_out.weight", {3, 32, 3, 3});
        } else if (damage == "many") {
            state.resize(10);
        } else {
            drop("conv_in.bias");
            state.emplace_back("extra.weight", torch::zeros({2}));
            reshape("conv_out.weight", {3, 32, 3, 3});
        }
        const std::string file = (fs::path(m_dir.path().toStdString()) / "damaged.safetensors").string();
        QVERIFY(writeSafetensors(file, state).ok());
        UNet2DConditionModel target(tinyUNetConfig());
        const auto before = stateOf(*target);
        auto s = loadWeights(*target, {file}, WeightLoadOptions{});
        QVERIFY(!s.ok());
        const QString m = QString::fromStdString(s.message());
        QVERIFY2(m.startsWith(QString::fromStdString(file)), qPrintable(m));
        for (const auto& e : expected) QVERIFY2(m.contains(e), qPrintable(m + "  [lacks: " + e + "]"));
        // nothing was half-loaded
        auto after = stateOf(*target);
        for (size_t i = 0; i < before.size(); ++i) QVERIFY(torch::equal(before[i].second, after[i].second));
    }

    void legacyVaeNamesAndConvShapesLoad() {
        AutoencoderKL vae(tinyVaeConfig());
        Tensors state;
        for (auto& [k, v] : stateOf(*vae)) {
            std::string key = k;
            auto t = v;
            for (auto [from, to] : {std::pair<std::string, std::string>{".to_q.", ".query."},
                                    {".to_k.", ".key."},
                                    {".to_v.", ".value."},
                                    {".to_out.0.", ".proj_attn."}}) {
                const auto pos = key.find(from);
                if (pos == std::string::npos) continue;
                key = key.substr(0, pos) + to + key.substr(pos + from.size());
                if (t.dim() == 2) t = t.reshape({t.size(0), t.size(1), 1, 1});  // the original LDM 1x1 convs
            }
            state.emplace_back(key, t);
        }
        const fs::path dir = fs::path(m_dir.path().toStdString()) / "legacy_vae";
        fs::create_directories(dir);
        writeText(dir / "config.json", toConfigJson(tinyVaeConfig()));
        QVERIFY(writeSafetensors((dir / "diffusion_pytorch_model.safetensors").string(), state).ok());
        auto loaded = loadVae(dir.string());
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.message().c_str());
        QVERIFY(sameTensors(*vae, **loaded));
    }

    void dtypesAreConverted() {
        ClipTextModel model(tinyClipTextConfig(1000));
        const fs::path dir = fs::path(m_dir.path().toStdString()) / "fp16_text";
        fs::create_directories(dir);
        writeText(dir / "config.json", toConfigJson(tinyClipTextConfig(1000)));
        // an fp16 file, with the position_ids buffer old checkpoints carry (here as F32)
        Tensors state;
        for (auto& [k, v] : stateOf(*model)) state.emplace_back(k, v.to(torch::kHalf));
        state.emplace_back(ClipTextModelImpl::positionIdsKey(), torch::arange(77, torch::kFloat).unsqueeze(0));
        QVERIFY(writeSafetensors((dir / "model.safetensors").string(), state).ok());
        auto loaded = loadClipTextModel(dir.string());
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.message().c_str());
        auto w = (*loaded)->named_parameters()["text_model.encoder.layers.0.mlp.fc1.weight"];
        QCOMPARE(w.scalar_type(), torch::kFloat32);
        QVERIFY(torch::equal(w, model->named_parameters()["text_model.encoder.layers.0.mlp.fc1.weight"]
                                    .to(torch::kHalf)
                                    .to(torch::kFloat)));
        auto ids = (*loaded)->named_buffers()[ClipTextModelImpl::positionIdsKey()];
        QCOMPARE(ids.scalar_type(), torch::kLong);
        QCOMPARE(ids[0][76].item<int64_t>(), int64_t(76));
        ModelLoadOptions half;
        half.dtype = torch::kHalf;
        auto asHalf = loadClipTextModel(dir.string(), half);
        QVERIFY(asHalf.ok());
        QCOMPARE((*asHalf)->named_parameters()["text_model.final_layer_norm.weight"].scalar_type(), torch::kHalf);
        QCOMPARE((*asHalf)->named_buffers()[ClipTextModelImpl::positionIdsKey()].scalar_type(), torch::kLong);
        // a position_ids of the wrong length is a shape mismatch, not silently used
        state.back().second = torch::arange(70, torch::kFloat).unsqueeze(0);
        QVERIFY(writeSafetensors((dir / "model.safetensors").string(), state).ok());
        auto bad = loadClipTextModel(dir.string());
        QVERIFY(!bad.ok());
        QVERIFY2(QString::fromStdString(bad.message())
                     .contains("text_model.embeddings.position_ids: file [1,70], model [1,77]"),
                 bad.message().c_str());
    }

    void shardsAndVariantsLoad() {
        const std::string dir = copyOfTiny("sharded");
        const fs::path unetDir = fs::path(dir) / "unet";
        auto file = SafetensorsFile::open((unetDir / "diffusion_pytorch_model.safetensors").string());
        QVERIFY(file.ok());
        Tensors a, b;
        std::string weightMap;
        for (const auto& name : file->names()) {
            const bool first = name < "m";
            (first ? a : b).emplace_back(name, *file->tensor(name));
            weightMap += (weightMap.empty() ? "" : ",") + ("\"" + name + "\": \"diffusion_pytorch_model-0000") +
                         (first ? "1" : "2") + "-of-00002.safetensors\"";
        }
        QVERIFY(writeSafetensors((unetDir / "diffusion_pytorch_model-00001-of-00002.safetensors").string(), a).ok());
        QVERIFY(writeSafetensors((unetDir / "diffusion_pytorch_model-00002-of-00002.safetensors").string(), b).ok());
        writeText(unetDir / "diffusion_pytorch_model.safetensors.index.json",
                  "{\"metadata\": {}, \"weight_map\": {" + weightMap + "}}");
        fs::rename(unetDir / "diffusion_pytorch_model.safetensors",
                   unetDir / "diffusion_pytorch_model.fp16.safetensors");
        auto reference = loadModelFolder(m_tiny);
        QVERIFY(reference.ok());

        auto sharded = loadModelFolder(dir);  // no variant asked: the sharded index
        QVERIFY2(sharded.ok(), sharded.ok() ? "" : sharded.message().c_str());
        QVERIFY(sameTensors(*sharded->unet, *reference->unet));
        ModelLoadOptions fp16;
        fp16.variant = "fp16";
        auto variant = loadModelFolder(dir, fp16);  // the variant file
        QVERIFY2(variant.ok(), variant.ok() ? "" : variant.message().c_str());
        QVERIFY(sameTensors(*variant->unet, *reference->unet));
        // a shard named by the index but missing
        fs::remove(unetDir / "diffusion_pytorch_model-00002-of-00002.safetensors");
        auto broken = loadModelFolder(dir);
        QVERIFY(!broken.ok());
        QVERIFY2(QString::fromStdString(broken.message()).contains("00002-of-00002.safetensors, which is missing"),
                 broken.message().c_str());
    }

    void folderProblemsAreNamed_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no unet config") << "rm unet/config.json"
                                        << "lacks unet/config.json";
        QTest::newRow("no merges") << "rm tokenizer/merges.txt"
                                   << "lacks tokenizer/merges.txt";
        QTest::newRow("no vae config") << "rm vae/config.json"
                                       << "lacks vae/config.json";
        QTest::newRow("no model index") << "rm model_index.json"
                                        << "lacks model_index.json";
        QTest::newRow("no scheduler config") << "rm scheduler/scheduler_config.json"
                                             << "lacks scheduler/scheduler_config.json";
        QTest::newRow("pickle weights only") << "pickle"
                                             << "diffusion_pytorch_model.bin (PyTorch pickle";
        QTest::newRow("no text weights") << "rm text_encoder/model.safetensors"
                                         << "lacks model.safetensors";
        QTest::newRow("SDXL second text encoder") << "sdxl"
                                                  << "'text_encoder_2'";
        QTest::newRow("UNet and text encoder disagree") << "crossdim"
                                                        << "cross-attends to 64-wide text features";
        QTest::newRow("unsupported unet setting") << "classembed"
                                                  << "'class_embed_type'";
        QTest::newRow("weights of another config") << "layers"
                                                   << "missing key";
        QTest::newRow("not a folder") << "file"
                                      << "is not a folder";
        QTest::newRow("does not exist") << "none"
                                        << "does not exist";
    }
    void folderProblemsAreNamed() {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        std::string dir = copyOfTiny("damaged_" + damage.section(' ', -1).replace('/', '_'));
        const fs::path root(dir);
        if (damage.startsWith("rm ")) fs::remove(root / damage.mid(3).toStdString());
        if (damage == "pickle")
            fs::rename(root / "unet/diffusion_pytorch_model.safetensors", root / "unet/diffusion_pytorch_model.bin");
        if (damage == "sdxl") {
            auto text = *rs::readFileLimited((root / "model_index.json").string(), 1 << 20);
            text.insert(1, "\"text_encoder_2\": [\"transformers\", \"CLIPTextModelWithProjection\"],");
            writeText(root / "model_index.json", text);
        }
        auto editUnet = [&](UNetConfig c) { writeText(root / "unet/config.json", toConfigJson(c)); };
        if (damage == "crossdim") {
            auto c = tinyUNetConfig();
            c.crossAttentionDim = {64, 64};
            editUnet(c);
        }
        if (damage == "classembed") {
            auto text = toConfigJson(tinyUNetConfig());
            text.insert(1, "\"class_embed_type\": \"timestep\",");
            writeText(root / "unet/config.json", text);
        }
        if (damage == "layers") {
            auto c = tinyUNetConfig();
            c.layersPerBlock = {3, 3};
            editUnet(c);
        }
        if (damage == "file") dir = (root / "model_index.json").string();
        if (damage == "none") dir = (root / "nothing here").string();
        auto r = loadModelFolder(dir);
        QVERIFY(!r.ok());
        const QString m = QString::fromStdString(r.message());
        QVERIFY2(m.contains(expected), qPrintable(m));
        QVERIFY2(m.contains(QString::fromStdString(fs::path(dir).parent_path().filename().string())) ||
                     m.contains(QString::fromStdString(dir)),
                 qPrintable(m));
    }

    void pixelSpaceModel() {
        TinyModelOptions o;
        o.vocabSize = 1000;
        o.bpeVocabPath = kBpe;
        o.pixelSpace = true;
        const std::string dir = (fs::path(m_dir.path().toStdString()) / "pixel").string();
        auto s = writeRandomModelFolder(dir, o);
        QVERIFY2(s.ok(), s.message().c_str());
        QVERIFY(!fs::exists(fs::path(dir) / "vae"));
        auto m = loadModelFolder(dir);
        QVERIFY2(m.ok(), m.ok() ? "" : m.message().c_str());
        QVERIFY(!m->hasVae() && m->vae.is_empty());
        QCOMPARE(m->imageScaleFactor(), int64_t(1));
        QCOMPARE(m->sampleChannels(), int64_t(3));
        torch::NoGradGuard noGrad;
        auto out = m->unet->forward(torch::rand({1, 3, 16, 16}) * 2 - 1, torch::tensor(10), torch::randn({1, 77, 32}));
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{1, 3, 16, 16}));
    }

    void configsOnlyWithoutWeights() {
        ModelLoadOptions o;
        o.loadWeights = false;
        auto m = loadModelFolder(m_tiny, o);
        QVERIFY2(m.ok(), m.ok() ? "" : m.message().c_str());
        QVERIFY(m->unet.is_empty() && m->textEncoder.is_empty());
        QCOMPARE(m->unetConfig.blockOutChannels, (std::vector<int64_t>{32, 64}));
        QVERIFY(m->tokenizer);
        QVERIFY(!saveModelFolder(*m, m_tiny + "_copy").ok());
    }

    // A folder written by diffusers 0.40 / transformers 5.17 themselves (tests/fixtures/parity):
    // their full configs parse, their key names load, their tokenizer files read.
    void folderSavedByDiffusersLoads() {
        const std::string dir = std::string(RS_TEST_DATA_DIR) + "/parity/tiny/model";
        if (!fs::exists(dir)) QSKIP("the parity fixture is not in this checkout");
        auto m = loadModelFolder(dir);
        QVERIFY2(m.ok(), m.ok() ? "" : m.message().c_str());
        QCOMPARE(m->unetConfig.numAttentionHeads, (std::vector<int64_t>{8, 8}));
        QCOMPARE(m->textEncoderConfig.vocabSize, int64_t(49408));
        QVERIFY(m->hasVae());
        torch::NoGradGuard noGrad;
        auto ids = torch::tensor(m->tokenizer->tokenize("a cat").padded, torch::kLong).unsqueeze(0);
        auto text = m->textEncoder->forward(ids);
        auto eps = m->unet->forward(torch::zeros({1, 4, 8, 8}), torch::tensor(10), text);
        QCOMPARE(eps.sizes().vec(), (std::vector<int64_t>{1, 4, 8, 8}));
        QVERIFY(torch::isfinite(eps).all().item<bool>());
    }

    void fullVocabularyTinyModel() {
        TinyModelOptions o;
        o.bpeVocabPath = kBpe;
        auto m = makeRandomModel(o);
        QVERIFY2(m.ok(), m.ok() ? "" : m.message().c_str());
        QCOMPARE(m->textEncoderConfig.vocabSize, int64_t(49408));
        QCOMPARE(int64_t(m->tokenizer->vocabSize()), int64_t(49408));
        QVERIFY(m->tokenizerFiles.empty());
        torch::NoGradGuard noGrad;
        auto t = m->tokenizer->tokenize("an astronaut riding a horse");
        QCOMPARE(t.ids.front(), int64_t(49406));
        auto h = m->textEncoder->forward(torch::tensor(t.padded, torch::kLong).unsqueeze(0));
        QCOMPARE(h.sizes().vec(), (std::vector<int64_t>{1, 77, 32}));
        TinyModelOptions wrong = o;
        wrong.bpeVocabPath = "/nonexistent/vocab.txt.gz";
        auto r = makeRandomModel(wrong);
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.message()).contains("/nonexistent/vocab.txt.gz"));
    }
};

RS_REGISTER_TEST(TestModelLoading)
#include "tst_model_loading.moc"
