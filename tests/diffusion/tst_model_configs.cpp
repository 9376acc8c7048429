// config.json parsing: published Stable Diffusion configs read as diffusers reads them, every
// unsupported setting refused by name, configs written back read the same.
#include "diffusion/io/json.h"
#include "diffusion/models/model_configs.h"
#include "diffusion/models/tiny_model.h"

#include "test_registry.h"

#include <QtTest>

using namespace rs::diffusion;

namespace {

// runwayml/stable-diffusion-v1-5 unet/config.json
const char* kSd15Unet = R"({
  "_class_name": "UNet2DConditionModel", "_diffusers_version": "0.6.0", "act_fn": "silu",
  "attention_head_dim": 8, "block_out_channels": [320, 640, 1280, 1280], "center_input_sample": false,
  "cross_attention_dim": 768,
  "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
  "downsample_padding": 1, "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4, "layers_per_block": 2,
  "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 32, "out_channels": 4, "sample_size": 64,
  "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
})";

// stabilityai/stable-diffusion-2-1 unet/config.json
const char* kSd21Unet = R"({
  "_class_name": "UNet2DConditionModel", "_diffusers_version": "0.10.0.dev0", "act_fn": "silu",
  "attention_head_dim": [5, 10, 20, 20], "block_out_channels": [320, 640, 1280, 1280],
  "center_input_sample": false, "cross_attention_dim": 1024,
  "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
  "downsample_padding": 1, "dual_cross_attention": false, "flip_sin_to_cos": true, "freq_shift": 0,
  "in_channels": 4, "layers_per_block": 2, "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 32,
  "num_class_embeds": null, "only_cross_attention": false, "out_channels": 4, "sample_size": 96,
  "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
  "upcast_attention": true, "use_linear_projection": true
})";

// openai/clip-vit-large-patch14's text config as SD 1.5 ships it (text_encoder/config.json)
const char* kSd15Clip = R"({
  "_name_or_path": "openai/clip-vit-large-patch14", "architectures": ["CLIPTextModel"], "attention_dropout": 0.0,
  "bos_token_id": 0, "dropout": 0.0, "eos_token_id": 2, "hidden_act": "quick_gelu", "hidden_size": 768,
  "initializer_factor": 1.0, "initializer_range": 0.02, "intermediate_size": 3072, "layer_norm_eps": 1e-05,
  "max_position_embeddings": 77, "model_type": "clip_text_model", "num_attention_heads": 12,
  "num_hidden_layers": 12, "pad_token_id": 1, "projection_dim": 768, "torch_dtype": "float32",
  "transformers_version": "4.22.0.dev0", "vocab_size": 49408
})";

// SD 2.x text_encoder/config.json (OpenCLIP ViT-H, penultimate layer: 23 layers)
const char* kSd21Clip = R"({
  "architectures": ["CLIPTextModel"], "attention_dropout": 0.0, "bos_token_id": 0, "dropout": 0.0,
  "eos_token_id": 2, "hidden_act": "gelu", "hidden_size": 1024, "initializer_factor": 1.0,
  "initializer_range": 0.02, "intermediate_size": 4096, "layer_norm_eps": 1e-05, "max_position_embeddings": 77,
  "model_type": "clip_text_model", "num_attention_heads": 16, "num_hidden_layers": 23, "pad_token_id": 1,
  "projection_dim": 512, "torch_dtype": "float32", "transformers_version": "4.25.0.dev0", "vocab_size": 49408
})";

const char* kSd15Vae = R"({
  "_class_name": "AutoencoderKL", "_diffusers_version": "0.6.0", "act_fn": "silu",
  "block_out_channels": [128, 256, 512, 512],
  "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
  "in_channels": 3, "latent_channels": 4, "layers_per_block": 2, "norm_num_groups": 32, "out_channels": 3,
  "sample_size": 512,
  "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]
})";

// The base text with the members of `patch` set (a JSON null value sets null, not removes).
std::string patched(const char* base, const QString& patch) {
    auto j = parseJson(base);
    auto p = parseJson(patch.toStdString());
    if (!j || !p) return "not json";
    for (const auto& [k, v] : p->members()) j->set(k, v);
    return j->dump();
}

}  // namespace

class TestModelConfigs : public QObject {
    Q_OBJECT
private slots:
    void readsStableDiffusion15() {
        auto u = parseUNetConfig(kSd15Unet, "unet/config.json");
        QVERIFY2(u.ok(), u.ok() ? "" : u.message().c_str());
        QCOMPARE(u->numAttentionHeads, (std::vector<int64_t>{8, 8, 8, 8}));  // 8 heads, not head size 8
        QCOMPARE(u->crossAttentionDim, (std::vector<int64_t>{768, 768, 768, 768}));
        QCOMPARE(u->layersPerBlock, (std::vector<int64_t>{2, 2, 2, 2}));
        QCOMPARE(u->timeEmbedDim(), int64_t(1280));
        QVERIFY(!u->useLinearProjection && !u->upcastAttention && u->flipSinToCos);
        const auto builtIn = sd15UNetConfig();
        QCOMPARE(toConfigJson(*u), toConfigJson(builtIn));

        auto c = parseClipTextConfig(kSd15Clip, "text_encoder/config.json");
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        QCOMPARE(c->hiddenSize, int64_t(768));
        QCOMPARE(c->eosTokenId, int64_t(2));
        QCOMPARE(toConfigJson(*c), toConfigJson(sd15ClipTextConfig()));

        auto v = parseVaeConfig(kSd15Vae, "vae/config.json");
        QVERIFY2(v.ok(), v.ok() ? "" : v.message().c_str());
        QCOMPARE(v->scalingFactor, 0.18215);  // the default when the file does not say
        QCOMPARE(v->downscaleFactor(), int64_t(8));
        QCOMPARE(toConfigJson(*v), toConfigJson(sd15VaeConfig()));
    }

    void readsStableDiffusion21() {
        auto u = parseUNetConfig(kSd21Unet, "unet/config.json");
        QVERIFY2(u.ok(), u.ok() ? "" : u.message().c_str());
        // diffusers reads [5, 10, 20, 20] as heads: 320/5 = 640/10 = 1280/20 = 64 channels per head
        QCOMPARE(u->numAttentionHeads, (std::vector<int64_t>{5, 10, 20, 20}));
        QVERIFY(u->useLinearProjection && u->upcastAttention);
        QCOMPARE(u->sampleSize, int64_t(96));
        auto c = parseClipTextConfig(kSd21Clip, "text_encoder/config.json");
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        QCOMPARE(c->hiddenAct, std::string("gelu"));
        QCOMPARE(c->numHiddenLayers, int64_t(23));
    }

    void writtenConfigsReadBack_data() {
        QTest::addColumn<QString>("which");
        QTest::newRow("sd15 unet") << "sd15";
        QTest::newRow("sd21 unet (head list)") << "sd21";
        QTest::newRow("tiny unet") << "tiny";
    }
    void writtenConfigsReadBack() {
        QFETCH(QString, which);
        UNetConfig c =
            which == "tiny" ? tinyUNetConfig() : *parseUNetConfig(which == "sd15" ? kSd15Unet : kSd21Unet, "x");
        const auto text = toConfigJson(c);
        auto back = parseUNetConfig(text, "written");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QCOMPARE(toConfigJson(*back), text);
        QCOMPARE(back->numAttentionHeads, c.numAttentionHeads);
        QCOMPARE(back->useLinearProjection, c.useLinearProjection);
        auto tinyText = toConfigJson(tinyClipTextConfig(1000));
        auto clip = parseClipTextConfig(tinyText, "written");
        QVERIFY(clip.ok());
        QCOMPARE(clip->vocabSize, int64_t(1000));
        QCOMPARE(toConfigJson(*clip), tinyText);
        auto vae = parseVaeConfig(toConfigJson(tinyVaeConfig()), "written");
        QVERIFY(vae.ok());
        QCOMPARE(vae->blockOutChannels, (std::vector<int64_t>{32, 64}));
    }

    void refusesUnsupportedSettings_data() {
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("named");
        QTest::newRow("class embedding") << "unet"
                                         << R"({"class_embed_type": "timestep"})"
                                         << "'class_embed_type'";
        QTest::newRow("addition embedding") << "unet"
                                            << R"({"addition_embed_type": "text_time"})"
                                            << "'addition_embed_type'";
        QTest::newRow("scale-shift resnets") << "unet"
                                             << R"({"resnet_time_scale_shift": "scale_shift"})"
                                             << "'resnet_time_scale_shift'";
        QTest::newRow("attention down block")
            << "unet"
            << R"({"down_block_types": ["AttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"]})"
            << "AttnDownBlock2D";
        QTest::newRow("simple cross-attn mid block") << "unet"
                                                     << R"({"mid_block_type": "UNetMidBlock2DSimpleCrossAttn"})"
                                                     << "UNetMidBlock2DSimpleCrossAttn";
        QTest::newRow("no mid block") << "unet"
                                      << R"({"mid_block_type": null})"
                                      << "'mid_block_type'";
        QTest::newRow("num_attention_heads") << "unet"
                                             << R"({"num_attention_heads": 8})"
                                             << "'num_attention_heads'";
        QTest::newRow("only cross attention") << "unet"
                                              << R"({"only_cross_attention": true})"
                                              << "'only_cross_attention'";
        QTest::newRow("dual cross attention") << "unet"
                                              << R"({"dual_cross_attention": true})"
                                              << "'dual_cross_attention'";
        QTest::newRow("mish activation") << "unet"
                                         << R"({"act_fn": "mish"})"
                                         << "'act_fn'";
        QTest::newRow("fourier time embedding") << "unet"
                                                << R"({"time_embedding_type": "fourier"})"
                                                << "'time_embedding_type'";
        QTest::newRow("time cond proj") << "unet"
                                        << R"({"time_cond_proj_dim": 256})"
                                        << "'time_cond_proj_dim'";
        QTest::newRow("encoder hid proj") << "unet"
                                          << R"({"encoder_hid_dim": 1024})"
                                          << "'encoder_hid_dim'";
        QTest::newRow("gligen") << "unet"
                                << R"({"attention_type": "gated"})"
                                << "'attention_type'";
        QTest::newRow("resnet out scale") << "unet"
                                          << R"({"resnet_out_scale_factor": 2.0})"
                                          << "'resnet_out_scale_factor'";
        QTest::newRow("unknown key") << "unet"
                                     << R"({"frobnicate": 3})"
                                     << "'frobnicate'";
        QTest::newRow("other class") << "unet"
                                     << R"({"_class_name": "UNet2DModel"})"
                                     << "'_class_name'";
        QTest::newRow("heads do not divide channels") << "unet"
                                                      << R"({"attention_head_dim": [3, 10, 20, 20]})"
                                                      << "3 attention heads";
        QTest::newRow("head list of wrong length") << "unet"
                                                   << R"({"attention_head_dim": [5, 10]})"
                                                   << "'attention_head_dim' has 2 entries";
        QTest::newRow("asymmetric transformer layers") << "unet"
                                                       << R"({"transformer_layers_per_block": [[1, 2], 1, 1, 1]})"
                                                       << "'transformer_layers_per_block'";
        QTest::newRow("groups do not divide channels") << "unet"
                                                       << R"({"norm_num_groups": 24})"
                                                       << "norm_num_groups 24";
        QTest::newRow("clip relu") << "clip"
                                   << R"({"hidden_act": "relu"})"
                                   << "'hidden_act'";
        QTest::newRow("clip with projection") << "clip"
                                              << R"({"architectures": ["CLIPTextModelWithProjection"]})"
                                              << "'architectures'";
        QTest::newRow("clip vision config") << "clip"
                                            << R"({"model_type": "clip_vision_model"})"
                                            << "'model_type'";
        QTest::newRow("clip pruned heads") << "clip"
                                           << R"({"pruned_heads": {"0": [1]}})"
                                           << "'pruned_heads'";
        QTest::newRow("clip unknown key") << "clip"
                                          << R"({"rope_theta": 10000})"
                                          << "'rope_theta'";
        QTest::newRow("clip heads do not divide") << "clip"
                                                  << R"({"num_attention_heads": 7})"
                                                  << "num_attention_heads 7";
        QTest::newRow("vae latents mean") << "vae"
                                          << R"({"latents_mean": [0.1, 0.2, 0.3, 0.4]})"
                                          << "'latents_mean'";
        QTest::newRow("vae attention block")
            << "vae"
            << R"({"down_block_types": ["AttnDownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"]})"
            << "AttnDownEncoderBlock2D";
        QTest::newRow("vae gelu") << "vae"
                                  << R"({"act_fn": "gelu"})"
                                  << "'act_fn'";
        QTest::newRow("vae other class") << "vae"
                                         << R"({"_class_name": "AutoencoderTiny"})"
                                         << "'_class_name'";
        QTest::newRow("vae unknown key") << "vae"
                                         << R"({"norm_type": "spatial"})"
                                         << "'norm_type'";
        QTest::newRow("vae wrong type") << "vae"
                                        << R"({"layers_per_block": "two"})"
                                        << "'layers_per_block'";
    }
    void refusesUnsupportedSettings() {
        QFETCH(QString, which);
        QFETCH(QString, patch);
        QFETCH(QString, named);
        const std::string origin = "/models/x/" + which.toStdString() + "/config.json";
        std::string message;
        if (which == "unet") {
            auto r = parseUNetConfig(patched(kSd15Unet, patch), origin);
            QVERIFY(!r.ok());
            message = r.message();
        } else if (which == "clip") {
            auto r = parseClipTextConfig(patched(kSd15Clip, patch), origin);
            QVERIFY(!r.ok());
            message = r.message();
        } else {
            auto r = parseVaeConfig(patched(kSd15Vae, patch), origin);
            QVERIFY(!r.ok());
            message = r.message();
        }
        const QString m = QString::fromStdString(message);
        QVERIFY2(m.contains(named), qPrintable(m));
        QVERIFY2(m.startsWith(QString::fromStdString(origin)), qPrintable(m));
    }

    void acceptsHarmlessValues_data() {
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("patch");
        QTest::newRow("nulls and defaults")
            << "unet"
            << R"({"class_embed_type": null, "resnet_time_scale_shift": "default", "only_cross_attention": [false, false, false, false], "dropout": 0.1, "act_fn": "swish", "sample_size": [64, 64]})";
        QTest::newRow("transformers generation keys")
            << "clip"
            << R"({"do_sample": false, "num_beams": 1, "pruned_heads": {}, "torch_dtype": "float16", "_commit_hash": null})";
        QTest::newRow("vae current keys")
            << "vae"
            << R"({"scaling_factor": 0.13025, "force_upcast": false, "shift_factor": null, "latents_mean": null, "use_quant_conv": true, "mid_block_add_attention": true})";
    }
    void acceptsHarmlessValues() {
        QFETCH(QString, which);
        QFETCH(QString, patch);
        rs::Status s;
        if (which == "unet") {
            auto r = parseUNetConfig(patched(kSd15Unet, patch), "u");
            if (!r) s = r.error();
        } else if (which == "clip") {
            auto r = parseClipTextConfig(patched(kSd15Clip, patch), "c");
            if (!r) s = r.error();
        } else {
            auto r = parseVaeConfig(patched(kSd15Vae, patch), "v");
            if (!r)
                s = r.error();
            else
                QCOMPARE(r->scalingFactor, 0.13025);
        }
        QVERIFY2(s.ok(), s.message().c_str());
    }

    void malformedJsonNamesTheFile() {
        auto r = parseUNetConfig("{\"in_channels\": 4,", "/m/unet/config.json");
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.message()).startsWith("/m/unet/config.json"));
    }
};

RS_REGISTER_TEST(TestModelConfigs)
#include "tst_model_configs.moc"
