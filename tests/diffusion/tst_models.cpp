// The networks: output shapes over several configs, state-dict names, and the pieces that can
// be checked by hand (timestep embedding, causal mask, quick_gelu, GEGLU, attention).
#include "diffusion/models/attention.h"
#include "diffusion/models/nn_blocks.h"
#include "diffusion/models/text_encoder.h"
#include "diffusion/models/tiny_model.h"
#include "diffusion/models/unet.h"
#include "diffusion/models/vae.h"

#include "test_registry.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <set>

using namespace rs::diffusion;

namespace {

std::set<std::string> parameterNames(const torch::nn::Module& m) {
    std::set<std::string> names;
    for (const auto& p : m.named_parameters()) names.insert(p.key());
    for (const auto& b : m.named_buffers()) names.insert(b.key());
    return names;
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

// Reference attention in double precision, no chunking.
torch::Tensor naiveAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal) {
    auto qd = q.to(torch::kDouble), kd = k.to(torch::kDouble), vd = v.to(torch::kDouble);
    auto s = torch::matmul(qd, kd.transpose(-1, -2)) / std::sqrt(double(q.size(-1)));
    if (causal) {
        auto mask = torch::ones({q.size(2), k.size(2)}, torch::kBool).triu(1);
        s = s.masked_fill(mask, -INFINITY);
    }
    return torch::matmul(s.softmax(-1), vd);
}

}  // namespace

class TestModels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        torch::manual_seed(1234);
        torch::set_num_threads(2);
    }

    void unetOutputShapes_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::newRow("tiny conv proj") << "tiny" << 1 << 16 << 16;
        QTest::newRow("tiny batch 2, non-square") << "tiny" << 2 << 8 << 16;
        QTest::newRow("odd size forwards upsample sizes") << "tiny" << 1 << 9 << 7;
        QTest::newRow("linear proj") << "linear" << 1 << 16 << 16;
        QTest::newRow("head dims list, upcast") << "heads" << 1 << 8 << 8;
        QTest::newRow("2 transformer layers, 1 resnet per block") << "deep" << 1 << 8 << 8;
        QTest::newRow("pixel space 3 channels") << "pixel" << 2 << 16 << 16;
        QTest::newRow("three blocks, odd kernel 5") << "three" << 1 << 12 << 12;
    }
    void unetOutputShapes() {
        QFETCH(QString, variant);
        QFETCH(int, batch);
        QFETCH(int, height);
        QFETCH(int, width);
        auto c = tinyUNetConfig();
        if (variant == "linear") c.useLinearProjection = true;
        if (variant == "heads") {
            c.numAttentionHeads = {2, 4};
            c.attentionHeadDimIsList = true;
            c.upcastAttention = true;
        }
        if (variant == "deep") {
            c.transformerLayersPerBlock = {2, 2};
            c.layersPerBlock = {1, 1};
        }
        if (variant == "pixel") c.inChannels = c.outChannels = 3;
        if (variant == "three") {
            c.downBlockTypes = {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"};
            c.upBlockTypes = {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"};
            c.blockOutChannels = {32, 32, 64};
            c.layersPerBlock = {1, 1, 1};
            c.transformerLayersPerBlock = {1, 1, 1};
            c.crossAttentionDim = {16, 16, 16};
            c.numAttentionHeads = {4, 4, 4};
            c.convInKernel = c.convOutKernel = 5;
        }
        QVERIFY(validateConfig(c, "test").ok());
        UNet2DConditionModel unet(c);
        unet->eval();
        torch::NoGradGuard noGrad;
        auto sample = torch::randn({batch, c.inChannels, height, width});
        auto context = torch::randn({batch, 77, c.crossAttentionDim[0]});
        auto out = unet->forward(sample, torch::tensor(981), context);
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{batch, c.outChannels, height, width}));
        QVERIFY(torch::isfinite(out).all().item<bool>());
        // one timestep per row gives the same result as a broadcast scalar
        auto perRow = unet->forward(sample, torch::full({batch}, 981.0), context);
        QVERIFY(maxAbsDiff(out, perRow) < 1e-5);
        // the output depends on the timestep and on the text
        QVERIFY(maxAbsDiff(out, unet->forward(sample, torch::tensor(1), context)) > 1e-4);
        QVERIFY(maxAbsDiff(out, unet->forward(sample, torch::tensor(981), context * 2)) > 1e-4);
    }

    void unetStateDictNames() {
        UNet2DConditionModel unet(tinyUNetConfig());
        const auto names = parameterNames(*unet);
        for (const char* key : {"conv_in.weight",
                                "time_embedding.linear_1.weight",
                                "time_embedding.linear_2.bias",
                                "down_blocks.0.resnets.0.norm1.weight",
                                "down_blocks.0.resnets.1.time_emb_proj.weight",
                                "down_blocks.0.downsamplers.0.conv.weight",
                                "down_blocks.1.resnets.0.conv_shortcut.weight",
                                "down_blocks.1.attentions.1.norm.weight",
                                "down_blocks.1.attentions.0.proj_in.weight",
                                "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight",
                                "down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.weight",
                                "down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0.bias",
                                "down_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj.weight",
                                "down_blocks.1.attentions.0.transformer_blocks.0.ff.net.2.weight",
                                "down_blocks.1.attentions.0.transformer_blocks.0.norm3.bias",
                                "mid_block.resnets.1.conv2.weight",
                                "mid_block.attentions.0.proj_out.bias",
                                "up_blocks.0.resnets.2.conv_shortcut.weight",
                                "up_blocks.0.attentions.2.transformer_blocks.0.attn1.to_v.weight",
                                "up_blocks.0.upsamplers.0.conv.weight",
                                "up_blocks.1.resnets.2.conv1.weight",
                                "conv_norm_out.weight",
                                "conv_out.bias"})
            QVERIFY2(names.count(key), key);
        for (const char* absent : {"down_blocks.0.attentions.0.norm.weight", "down_blocks.1.downsamplers.0.conv.weight",
                                   "up_blocks.1.upsamplers.0.conv.weight", "up_blocks.1.attentions.0.norm.weight",
                                   "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.bias",
                                   "down_blocks.0.resnets.0.conv_shortcut.weight"})
            QVERIFY2(!names.count(absent), absent);
        // the shapes the config implies: up block 0 resnet 0 sees 64 (previous) + 64 (skip) channels
        auto params = unet->named_parameters();
        QCOMPARE(params["up_blocks.0.resnets.0.conv1.weight"].sizes().vec(), (std::vector<int64_t>{64, 128, 3, 3}));
        QCOMPARE(params["up_blocks.1.resnets.0.conv1.weight"].sizes().vec(), (std::vector<int64_t>{32, 96, 3, 3}));
        QCOMPARE(params["up_blocks.1.resnets.2.conv1.weight"].sizes().vec(), (std::vector<int64_t>{32, 64, 3, 3}));
        QCOMPARE(params["down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.weight"].sizes().vec(),
                 (std::vector<int64_t>{64, 32}));
        QCOMPARE(params["down_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj.weight"].sizes().vec(),
                 (std::vector<int64_t>{512, 64}));
        QCOMPARE(params["time_embedding.linear_1.weight"].sizes().vec(), (std::vector<int64_t>{128, 32}));
        QCOMPARE(params["down_blocks.1.attentions.0.proj_in.weight"].sizes().vec(),
                 (std::vector<int64_t>{64, 64, 1, 1}));
        auto linear = tinyUNetConfig();
        linear.useLinearProjection = true;
        UNet2DConditionModel unetLinear(linear);
        QCOMPARE(unetLinear->named_parameters()["down_blocks.1.attentions.0.proj_in.weight"].sizes().vec(),
                 (std::vector<int64_t>{64, 64}));
    }

    // A 1x1-conv projection and a linear one with the same weights compute the same function.
    void convAndLinearProjectionAgree() {
        auto convConfig = tinyUNetConfig();
        auto linearConfig = convConfig;
        linearConfig.useLinearProjection = true;
        UNet2DConditionModel conv(convConfig), linear(linearConfig);
        torch::NoGradGuard noGrad;
        auto src = conv->named_parameters();
        for (auto& p : linear->named_parameters()) p.value().copy_(src[p.key()].reshape(p.value().sizes()));
        auto sample = torch::randn({1, 4, 8, 8});
        auto context = torch::randn({1, 7, 32});
        QVERIFY(maxAbsDiff(conv->forward(sample, torch::tensor(500), context),
                           linear->forward(sample, torch::tensor(500), context)) < 1e-5);
    }

    void textEncoderShapes_data() {
        QTest::addColumn<QString>("act");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("clipSkip");
        QTest::newRow("quick_gelu, 77 tokens") << "quick_gelu" << 77 << 0;
        QTest::newRow("gelu, 5 tokens") << "gelu" << 5 << 0;
        QTest::newRow("clip skip 1") << "quick_gelu" << 77 << 1;
        QTest::newRow("clip skip 5 (embeddings only)") << "gelu" << 10 << 5;
    }
    void textEncoderShapes() {
        QFETCH(QString, act);
        QFETCH(int, tokens);
        QFETCH(int, clipSkip);
        auto c = tinyClipTextConfig(1000);
        c.hiddenAct = act.toStdString();
        ClipTextModel model(c);
        model->eval();
        torch::NoGradGuard noGrad;
        auto ids = torch::randint(0, 998, {2, tokens}, torch::kLong);
        ids.index_put_({torch::indexing::Slice(), tokens - 1}, c.eosTokenId);
        auto out = model->forwardWithPooled(ids, clipSkip);
        QCOMPARE(out.lastHiddenState.sizes().vec(), (std::vector<int64_t>{2, tokens, 32}));
        QCOMPARE(out.pooled.sizes().vec(), (std::vector<int64_t>{2, 32}));
        QVERIFY(maxAbsDiff(out.pooled, out.lastHiddenState.select(1, tokens - 1)) == 0);
        // causal: a change in the last token leaves every earlier position unchanged
        auto ids2 = ids.clone();
        ids2.index_put_({torch::indexing::Slice(), tokens - 1}, 5);
        auto out2 = model->forward(ids2, clipSkip);
        if (tokens > 1)
            QVERIFY(maxAbsDiff(out.lastHiddenState.slice(1, 0, tokens - 1), out2.slice(1, 0, tokens - 1)) < 1e-6);
        QVERIFY(maxAbsDiff(out.lastHiddenState.select(1, tokens - 1), out2.select(1, tokens - 1)) > 1e-4);
    }

    void textEncoderNamesAndLimits() {
        auto c = tinyClipTextConfig(1000);
        ClipTextModel model(c);
        const auto names = parameterNames(*model);
        for (const char* key :
             {"text_model.embeddings.token_embedding.weight", "text_model.embeddings.position_embedding.weight",
              "text_model.embeddings.position_ids", "text_model.encoder.layers.0.self_attn.q_proj.weight",
              "text_model.encoder.layers.4.self_attn.out_proj.bias", "text_model.encoder.layers.2.layer_norm1.weight",
              "text_model.encoder.layers.3.mlp.fc1.weight", "text_model.encoder.layers.3.mlp.fc2.bias",
              "text_model.encoder.layers.1.layer_norm2.bias", "text_model.final_layer_norm.weight"})
            QVERIFY2(names.count(key), key);
        QVERIFY(!names.count("text_model.encoder.layers.5.mlp.fc1.weight"));
        QCOMPARE(model->named_parameters()["text_model.encoder.layers.0.mlp.fc1.weight"].sizes().vec(),
                 (std::vector<int64_t>{37, 32}));
        bool threw = false;
        try {
            model->forward(torch::zeros({1, 78}, torch::kLong));
        } catch (const std::exception& e) {
            threw = QString(e.what()).contains("78 tokens");
        }
        QVERIFY(threw);
    }

    void vaeShapes_data() {
        QTest::addColumn<bool>("midAttention");
        QTest::addColumn<int>("size");
        QTest::newRow("with mid attention") << true << 32;
        QTest::newRow("without mid attention") << false << 16;
    }
    void vaeShapes() {
        QFETCH(bool, midAttention);
        QFETCH(int, size);
        auto c = tinyVaeConfig();
        c.midBlockAddAttention = midAttention;
        AutoencoderKL vae(c);
        vae->eval();
        torch::NoGradGuard noGrad;
        QCOMPARE(vae->downscaleFactor(), int64_t(2));
        auto images = torch::rand({2, 3, size, size}) * 2 - 1;
        auto dist = vae->encode(images);
        QCOMPARE(dist.mean.sizes().vec(), (std::vector<int64_t>{2, 4, size / 2, size / 2}));
        QCOMPARE(dist.logvar.sizes().vec(), dist.mean.sizes().vec());
        auto latents = vae->encodeToLatents(images);
        QVERIFY(maxAbsDiff(latents, dist.mean * 0.18215) < 1e-6);
        auto decoded = vae->decodeLatents(latents);
        QCOMPARE(decoded.sizes().vec(), (std::vector<int64_t>{2, 3, size, size}));
        QVERIFY(maxAbsDiff(decoded, vae->decode(dist.mean)) < 1e-5);
        // sampling is reproducible from the generator's seed
        auto a = dist.sample(at::detail::createCPUGenerator(7));
        auto b = dist.sample(at::detail::createCPUGenerator(7));
        QVERIFY(maxAbsDiff(a, b) == 0);
        QVERIFY(maxAbsDiff(a, dist.mean) > 0);
        const auto names = parameterNames(*vae);
        QCOMPARE(names.count("encoder.mid_block.attentions.0.to_q.weight"), size_t(midAttention ? 1 : 0));
        for (const char* key :
             {"encoder.conv_in.weight", "encoder.down_blocks.0.downsamplers.0.conv.weight",
              "encoder.down_blocks.1.resnets.0.conv_shortcut.weight", "encoder.conv_out.weight", "quant_conv.weight",
              "post_quant_conv.bias", "decoder.conv_in.weight", "decoder.mid_block.resnets.1.norm2.weight",
              "decoder.up_blocks.0.resnets.1.conv2.weight", "decoder.up_blocks.0.upsamplers.0.conv.weight",
              "decoder.up_blocks.1.resnets.0.conv_shortcut.weight", "decoder.conv_norm_out.bias",
              "decoder.conv_out.weight"})
            QVERIFY2(names.count(key), key);
        if (midAttention)
            QVERIFY(names.count("decoder.mid_block.attentions.0.group_norm.weight") &&
                    names.count("decoder.mid_block.attentions.0.to_out.0.bias"));
    }

    void vaeLegacyNamesMap_data() {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("query") << "decoder.mid_block.attentions.0.query.weight"
                               << "decoder.mid_block.attentions.0.to_q.weight";
        QTest::newRow("key") << "encoder.mid_block.attentions.0.key.bias"
                             << "encoder.mid_block.attentions.0.to_k.bias";
        QTest::newRow("value") << "encoder.mid_block.attentions.0.value.weight"
                               << "encoder.mid_block.attentions.0.to_v.weight";
        QTest::newRow("proj_attn") << "decoder.mid_block.attentions.0.proj_attn.bias"
                                   << "decoder.mid_block.attentions.0.to_out.0.bias";
        QTest::newRow("current name unchanged") << "decoder.mid_block.attentions.0.to_q.weight"
                                                << "decoder.mid_block.attentions.0.to_q.weight";
        QTest::newRow("not an attention") << "decoder.conv_in.weight"
                                          << "decoder.conv_in.weight";
    }
    void vaeLegacyNamesMap() {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QCOMPARE(QString::fromStdString(vaeLegacyKeyRename(from.toStdString())), to);
    }

    // diffusers' get_timestep_embedding, evaluated by hand in double precision.
    void timestepEmbeddingFormula_data() {
        QTest::addColumn<int>("dim");
        QTest::addColumn<bool>("flip");
        QTest::addColumn<double>("shift");
        QTest::newRow("SD: flip, shift 0") << 8 << true << 0.0;
        QTest::newRow("no flip, shift 1") << 6 << false << 1.0;
        QTest::newRow("odd dimension is zero-padded") << 7 << true << 0.0;
    }
    void timestepEmbeddingFormula() {
        QFETCH(int, dim);
        QFETCH(bool, flip);
        QFETCH(double, shift);
        const std::vector<double> ts = {0.0, 1.0, 500.0, 999.0};
        auto emb = timestepEmbedding(torch::tensor(ts, torch::kDouble), dim, flip, shift);
        QCOMPARE(emb.scalar_type(), torch::kFloat32);
        QCOMPARE(emb.sizes().vec(), (std::vector<int64_t>{4, dim}));
        const int half = dim / 2;
        for (size_t r = 0; r < ts.size(); ++r) {
            for (int i = 0; i < half; ++i) {
                const double freq = std::exp(-std::log(10000.0) * i / (half - shift));
                const double s = std::sin(ts[r] * freq), co = std::cos(ts[r] * freq);
                const double first = flip ? co : s, second = flip ? s : co;
                // float32 arguments up to 999 rad: allow the float rounding of t·freq
                QVERIFY(std::abs(emb[r][i].item<double>() - first) < 5e-4);
                QVERIFY(std::abs(emb[r][half + i].item<double>() - second) < 5e-4);
            }
            if (dim % 2) QCOMPARE(emb[r][dim - 1].item<double>(), 0.0);
        }
        // t = 0: sin 0 = 0 and cos 0 = 1 exactly
        QCOMPARE(emb[0][flip ? 0 : half].item<double>(), 1.0);
        QCOMPARE(emb[0][flip ? half : 0].item<double>(), 0.0);
    }

    void causalMaskValues() {
        auto m = causalAttentionMask(4, torch::kFloat32, torch::kCPU);
        QCOMPARE(m.sizes().vec(), (std::vector<int64_t>{4, 4}));
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) {
                const float v = m[i][j].item<float>();
                if (j <= i)
                    QCOMPARE(v, 0.0f);
                else
                    QCOMPARE(v, std::numeric_limits<float>::lowest());
            }
        QCOMPARE(causalAttentionMask(3, torch::kHalf, torch::kCPU)[0][2].item<float>(), -65504.0f);
    }

    void activationsByHand() {
        auto x = torch::tensor({-2.0, -0.5, 0.0, 1.0, 3.0}, torch::kDouble);
        auto q = quickGelu(x);
        for (int i = 0; i < 5; ++i) {
            const double v = x[i].item<double>();
            QVERIFY(std::abs(q[i].item<double>() - v / (1.0 + std::exp(-1.702 * v))) < 1e-12);
        }
        // GEGLU: first half times exact gelu of the second half
        auto p = torch::tensor({{1.0, -2.0, 0.5, 1.5}}, torch::kDouble);
        auto g = rs::diffusion::detail::geglu(p);
        QCOMPARE(g.sizes().vec(), (std::vector<int64_t>{1, 2}));
        auto gelu = [](double v) { return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))); };
        QVERIFY(std::abs(g[0][0].item<double>() - 1.0 * gelu(0.5)) < 1e-12);
        QVERIFY(std::abs(g[0][1].item<double>() - -2.0 * gelu(1.5)) < 1e-12);
    }

    void attentionMatchesReference_data() {
        QTest::addColumn<bool>("causal");
        QTest::addColumn<bool>("upcast");
        QTest::addColumn<qlonglong>("chunkBytes");
        QTest::newRow("one chunk") << false << false << (qlonglong(64) << 20);
        QTest::newRow("chunks of 3 queries") << false << false << qlonglong(3 * 2 * 3 * 11 * 4);
        QTest::newRow("chunks of 1 query, causal") << true << false << qlonglong(1);
        QTest::newRow("chunked, causal, upcast") << true << true << qlonglong(500);
    }
    void attentionMatchesReference() {
        QFETCH(bool, causal);
        QFETCH(bool, upcast);
        QFETCH(qlonglong, chunkBytes);
        auto q = torch::randn({2, 3, 11, 8}), k = torch::randn({2, 3, 11, 8}), v = torch::randn({2, 3, 11, 5});
        auto ref = naiveAttention(q, k, v, causal);
        QVERIFY(maxAbsDiff(chunkedAttention(q, k, v, causal, upcast, chunkBytes), ref) < 1e-5);
        // the process-wide entry point (native kernel when the libtorch has one) agrees
        QVERIFY(maxAbsDiff(multiHeadAttention(q, k, v, causal, upcast), ref) < 1e-5);
        // cross-attention: fewer keys than queries
        auto k2 = torch::randn({2, 3, 4, 8}), v2 = torch::randn({2, 3, 4, 5});
        QVERIFY(maxAbsDiff(chunkedAttention(q, k2, v2, false, upcast, chunkBytes), naiveAttention(q, k2, v2, false)) <
                1e-5);
    }

    void attentionBackendSetting() {
        const auto before = attentionBackend();
        setAttentionBackend(AttentionBackend::Chunked);
        QCOMPARE(attentionBackend(), AttentionBackend::Chunked);
        auto q = torch::randn({1, 2, 5, 4});
        QVERIFY(maxAbsDiff(multiHeadAttention(q, q, q), naiveAttention(q, q, q, false)) < 1e-5);
        setAttentionBackend(before);
        const auto bytes = attentionChunkBytes();
        setAttentionChunkBytes(0);
        QCOMPARE(attentionChunkBytes(), int64_t(1));
        setAttentionChunkBytes(bytes);
    }

    // 64x64 latents (4096 tokens) with SD1.5's widest self-attention: the chunked path keeps
    // each score block under the budget instead of one 4096x4096 matrix per head.
    void chunkedAttentionAt4096Tokens() {
        auto q = torch::randn({1, 2, 4096, 16});
        const int64_t budget = int64_t(8) << 20;
        auto out = chunkedAttention(q, q, q, false, false, budget);
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{1, 2, 4096, 16}));
        auto rows = torch::randint(0, 4096, {8}, torch::kLong);
        auto ref = naiveAttention(q.index_select(2, rows), q, q, false);
        QVERIFY(maxAbsDiff(out.index_select(2, rows), ref) < 1e-5);
    }
};

RS_REGISTER_TEST(TestModels)
#include "tst_models.moc"
