// replicascope-cli tokenize / generate / screen end to end: the real executable on the committed
// tiny diffusers model (tests/fixtures/parity/tiny/model), real PNG files, exit codes.
#include "diffusion/text/clip_tokenizer.h"
#include "training/training_data.h"

#include "cli_runner.h"
#include "test_registry.h"

#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kModel = QStringLiteral(RS_TEST_DATA_DIR "/parity/tiny/model");

using Run = rs::test::CliRun;
using rs::test::runCli;

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList generateArgs(const QString& out, const QString& seeds) {
    return {"generate",  "--model", kModel,    "--prompt", "a photo of a cat", "--seeds", seeds,   "--steps", "3",
            "--sampler", "dpm++2m", "--batch", "2",        "--device",         "cpu",     "--out", out};
}

}  // namespace

class TestCliDiffusion : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(QFile::exists(QStringLiteral(RS_BINARY_DIR "/app/replicascope-cli"))); }

    // Default cleaning is transformers' (entities kept); openai's decodes them.
    void tokenizeCleaningModes() {
        const Run transformers = runCli({"tokenize", "Tom &amp; Jerry"});
        QCOMPARE(transformers.exitCode, 0);
        const Run openai = runCli({"tokenize", "--cleaning", "openai", "Tom &amp; Jerry"});
        QCOMPARE(openai.exitCode, 0);
        const Run plain = runCli({"tokenize", "Tom & Jerry"});
        QCOMPARE(openai.out, plain.out);
        QVERIFY(transformers.out != openai.out);
        QVERIFY(transformers.out.startsWith("[49406, ") && transformers.out.endsWith(", 49407]\n"));
        const Run bad = runCli({"tokenize", "--cleaning", "ftfy", "x"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("--cleaning"));
    }

    void generateWritesPngsAndSidecar() {
        const QString out = m_dir.filePath("gen");
        const Run r = runCli(generateArgs(out, "0-2"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject sidecar = QJsonDocument::fromJson(readAll(out + "/generation.json")).object();
        QVERIFY(!sidecar.isEmpty());
        QCOMPARE(sidecar["prompt"].toString(), QStringLiteral("a photo of a cat"));
        QCOMPARE(sidecar["steps"].toInt(), 3);
        QCOMPARE(sidecar["device"].toString(), QStringLiteral("cpu"));
        QCOMPARE(sidecar["tokenizer_cleaning"].toString(), QStringLiteral("transformers"));
        QVERIFY(sidecar["model"].toObject()["files"].toArray().size() >= 5);
        const QJsonArray images = sidecar["images"].toArray();
        QCOMPARE(images.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject image = images[i].toObject();
            QCOMPARE(image["seed"].toInt(), i);
            const QByteArray png = readAll(out + "/" + image["file"].toString());
            QCOMPARE(image["file"].toString(), QString::number(i) + ".png");
            QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex()),
                     image["sha256"].toString());
            const QImage decoded = QImage::fromData(png, "PNG");
            QCOMPARE(decoded.width(), sidecar["width"].toInt());
            QCOMPARE(decoded.height(), sidecar["height"].toInt());
            QVERIFY(image["memorization_score"].toDouble() > 0);
        }
        // Seed 1 alone, in another run and batch: the same bytes.
        const QString alone = m_dir.filePath("alone");
        QCOMPARE(runCli(generateArgs(alone, "1-1")).exitCode, 0);
        QCOMPARE(readAll(alone + "/1.png"), readAll(out + "/1.png"));
        QVERIFY(readAll(out + "/0.png") != readAll(out + "/1.png"));
    }

    void generateRejectsBadInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString out = m_dir.filePath("bad");
        QTest::newRow("missing model") << QStringList{"generate", "--model", m_dir.filePath("nope"), "--prompt", "x",
                                                      "--out",    out}
                                       << "nope";
        QTest::newRow("reversed seeds") << QStringList{"generate", "--model", kModel,  "--prompt", "x",
                                                       "--seeds",  "5-2",     "--out", out}
                                        << "seed";
        QTest::newRow("size not /8") << QStringList{"generate", "--model", kModel,  "--prompt", "x",
                                                    "--size",   "30x30",   "--out", out}
                                     << "8";
        QTest::newRow("unknown sampler") << QStringList{"generate",  "--model", kModel,  "--prompt", "x",
                                                        "--sampler", "plms",    "--out", out}
                                         << "plms";
        QTest::newRow("no prompt") << QStringList{"generate", "--model", kModel, "--out", out} << "--prompt";
    }
    void generateRejectsBadInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    // train on a packed set written here, stop, resume, then generate with the trained folder.
    void trainResumesAndWritesALoadableModel() {
        rs::diffusion::PackedTrainingSet set;
        set.height = set.width = 16;
        auto tokenizer =
            rs::diffusion::ClipTokenizer::fromBpeFile(RS_RESOURCE_DIR "/clip/bpe_simple_vocab_16e6.txt.gz");
        QVERIFY(tokenizer.ok());
        for (auto id : tokenizer->tokenize("").padded) set.emptyPromptTokens.push_back(int32_t(id));
        const char* captions[] = {"a red square, shapes clip art", "a blue disc, shapes clip art"};
        for (int k = 0; k < 2; ++k) {
            for (int i = 0; i < 16 * 16; ++i) {
                const bool ink = k == 0 ? (i % 16 > 3 && i % 16 < 12 && i / 16 > 3 && i / 16 < 12) : (i % 3 == 0);
                set.pixels.insert(set.pixels.end(), {uint8_t(ink && k == 0 ? 220 : 255), uint8_t(ink ? 0 : 255),
                                                     uint8_t(ink && k == 1 ? 200 : 255)});
            }
            for (auto id : tokenizer->tokenize(captions[k]).padded) set.tokens.push_back(int32_t(id));
            set.duplicateCounts.push_back(k == 0 ? 3 : 1);
            set.ids.push_back("img-" + std::to_string(k));
            set.captions.push_back(captions[k]);
        }
        const QString data = m_dir.filePath("two.rstrain");
        const auto written = rs::diffusion::writePackedTrainingSet(set, data.toStdString());
        QVERIFY2(written.ok(), written.ok() ? "" : written.message().c_str());
        const QString model = m_dir.filePath("trained");
        const QStringList common{
            "train",   "--data", data,         "--out",       model, "--architecture",     "tiny", "--steps", "4",
            "--batch", "2",      "--no-probe", "--log-every", "1",   "--checkpoint-every", "2"};
        const Run first = runCli(common + QStringList{"--stop-after", "2"});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY(!QFile::exists(model + "/model_index.json"));  // stopped before the end
        const Run resumed = runCli(common + QStringList{"--resume"});
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY(QFile::exists(model + "/model_index.json"));
        QVERIFY(QFile::exists(model + "/MODEL_CARD.md"));
        const QList<QByteArray> loss = readAll(model + "/loss.csv").trimmed().split('\n');
        QCOMPARE(loss.size(), 1 + 4);  // header + one row per step, across both runs

        const QString out = m_dir.filePath("from-trained");
        const Run gen = runCli({"generate", "--model", model, "--prompt", captions[0], "--seeds", "2", "--steps", "2",
                                "--device", "cpu", "--out", out});
        QVERIFY2(gen.exitCode == 0, gen.err.constData());
        const QImage image = QImage::fromData(readAll(out + "/1.png"), "PNG");
        QCOMPARE(image.size(), QSize(16, 16));

        const Run missing = runCli({"train", "--data", m_dir.filePath("none.rstrain"), "--out", m_dir.filePath("x")});
        QVERIFY(missing.exitCode != 0);
        QVERIFY2(missing.err.contains("none.rstrain"), missing.err.constData());
    }

    void screenRanksPrompts() {
        const QString prompts = m_dir.filePath("prompts.txt");
        QFile f(prompts);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a photo of a cat\n\nan oil painting of a lighthouse\r\nthe mona lisa\n");
        f.close();
        const Run r = runCli({"screen", "--model", kModel, "--prompts", prompts, "--seeds", "2", "--device", "cpu"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        double previous = 1e30;
        QSet<QString> seen;
        for (int i = 0; i < lines.size(); ++i) {
            const QJsonObject line = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(line["rank"].toInt(), i + 1);
            QCOMPARE(line["per_seed"].toArray().size(), 2);
            const double score = line["score"].toDouble();
            QVERIFY(score > 0 && score <= previous);
            previous = score;
            seen.insert(line["prompt"].toString());
        }
        QCOMPARE(seen, QSet<QString>({"a photo of a cat", "an oil painting of a lighthouse", "the mona lisa"}));
        const Run top = runCli({"screen", "--model", kModel, "--prompts", prompts, "--seeds", "2", "--device", "cpu",
                                "--top", "1", "--table"});
        QCOMPARE(top.exitCode, 0);
        QCOMPARE(top.out.trimmed().split('\n').size(), 2);  // header + one row

        QFile empty(m_dir.filePath("empty.txt"));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.write("\n  \n");
        empty.close();
        const Run none = runCli({"screen", "--model", kModel, "--prompts", empty.fileName()});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains("no prompts"));
    }
};

RS_REGISTER_TEST(TestCliDiffusion)
#include "tst_cli_diffusion.moc"
