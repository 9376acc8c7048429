// Our engine against diffusers/transformers on the committed tiny fixture (random weights saved
// by diffusers' save_pretrained, reference outputs from its pipeline: tests/parity/make_reference.py).
//
// Tolerances (fp32 on the CPU): the two implementations run the same float32 arithmetic in a
// different order (oneDNN/OpenBLAS convolutions and GEMMs, fused vs unfused attention), which
// moves each result by a few ulps per operation; through 5 CLIP layers or one UNet pass of
// activations of magnitude ~1–10 that stays below 1e-4 absolute. A whole sampling run amplifies
// these differences through 8 steps, and the final image is quantized to 8 bits by us (1/255
// steps) but compared against diffusers' float output, so the image tolerance is 2/255 max and
// 0.5/255 mean. Token ids must be identical.
#include "test_registry.h"

#include "parity_check.h"

#include "diffusion/text/clip_tokenizer.h"
#include "diffusion/io/json.h"

#include <QFileInfo>
#include <QtTest>

class TestParity : public QObject {
    Q_OBJECT
private slots:
    void tinyModelMatchesDiffusers() {
        const QString dir = QStringLiteral(RS_TEST_DATA_DIR "/parity/tiny");
        QVERIFY2(QFileInfo::exists(dir + "/model/model_index.json"), "tiny parity fixture missing");
        rs::parity::ParityOptions options;
        auto diffs = rs::parity::compareWithReference((dir + "/model").toStdString(),
                                                      (dir + "/reference_fp32.safetensors").toStdString(), options);
        QVERIFY2(diffs.ok(), diffs.ok() ? "" : diffs.message().c_str());
        int images = 0;
        for (const auto& d : *diffs) {
            const QByteArray what = QByteArray::fromStdString(rs::parity::toJson(d));
            if (d.stage.rfind("text.", 0) == 0 && d.stage.find("ids") != std::string::npos) {
                QVERIFY2(d.exact, what.constData());
            } else if (d.stage.rfind("image.", 0) == 0) {
                ++images;
                QVERIFY2(d.maxAbs <= 2.0 / 255.0, what.constData());
                QVERIFY2(d.meanAbs <= 0.5 / 255.0, what.constData());
            } else {
                QVERIFY2(d.maxAbs <= 1e-4, what.constData());
            }
            qInfo("%s", what.constData());
        }
        QCOMPARE(images, 3);
        QCOMPARE(int(diffs->size()), 2 + 2 + 4 + 1 + 3);
    }

    // 300 varied prompts (punctuation, digits, accents, CJK, emoji, html entities, whitespace,
    // over-long) tokenized by transformers' CLIPTokenizerFast 5.17 on the real vocabulary
    // (tests/parity/tokenizer_reference.py); ours must give the same ids, BOS to EOS.
    void tokenizerMatchesTransformers() {
        auto tokenizer =
            rs::diffusion::ClipTokenizer::fromBpeFile(RS_SOURCE_DIR "/resources/clip/bpe_simple_vocab_16e6.txt.gz");
        QVERIFY2(tokenizer.ok(), tokenizer.ok() ? "" : tokenizer.message().c_str());
        auto fixture = rs::diffusion::readJsonFile(RS_TEST_DATA_DIR "/tokenizer/transformers_ids.json");
        QVERIFY2(fixture.ok(), fixture.ok() ? "" : fixture.message().c_str());
        const auto* cases = fixture->find("cases");
        QVERIFY(cases && cases->isArray());
        QCOMPARE(int(cases->size()), 300);
        int mismatches = 0;
        for (const auto& c : cases->asArray()) {
            const std::string prompt = c.find("prompt")->asString();
            std::vector<std::int64_t> expected;
            for (const auto& id : c.find("ids")->asArray()) expected.push_back(id.asInt());
            const auto ours = tokenizer->tokenize(prompt).ids;
            if (ours != expected) {
                ++mismatches;
                qWarning("mismatch for prompt: %s", prompt.c_str());
            }
        }
        QCOMPARE(mismatches, 0);
    }

    void missingReferenceIsAnError() {
        rs::parity::ParityOptions options;
        auto diffs = rs::parity::compareWithReference(RS_TEST_DATA_DIR "/parity/tiny/model",
                                                      "/nonexistent/reference.safetensors", options);
        QVERIFY(!diffs.ok());
        QVERIFY(diffs.message().find("/nonexistent/reference.safetensors") != std::string::npos);
    }
};

RS_REGISTER_TEST(TestParity)
#include "tst_parity.moc"
