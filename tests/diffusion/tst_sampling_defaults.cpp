// sampling_defaults.json: parsing with errors that name the file and key, the model folder
// loader reading it, the save -> load round trip, the trainer's defaults, and
// `replicascope-cli generate` taking them unless the user gives a value.
#include "diffusion/models/model_folder.h"
#include "diffusion/models/sampling_defaults.h"
#include "training/trainer.h"

#include "cli_runner.h"
#include "test_registry.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace rs::diffusion;
namespace fs = std::filesystem;

namespace {

const std::string kTiny = RS_TEST_DATA_DIR "/parity/tiny/model";

void writeText(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

QJsonObject readJson(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

}  // namespace

class TestSamplingDefaults : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string copyOfTiny(const std::string& name) {
        const fs::path to = fs::path(m_dir.path().toStdString()) / name;
        fs::remove_all(to);
        fs::copy(kTiny, to, fs::copy_options::recursive);
        return to.string();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void parses_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("error");  // empty: accepted
        QTest::newRow("full")
            << R"({"guidance_scale": 1, "num_inference_steps": 20, "scheduler": "ddim", "reason": "r"})"
            << "";
        QTest::newRow("guidance only") << R"({"guidance_scale": 3.5})"
                                       << "";
        QTest::newRow("empty object") << "{}"
                                      << "";
        QTest::newRow("private key ignored") << R"({"_note": "x", "num_inference_steps": 5})"
                                             << "";
        QTest::newRow("guidance negative") << R"({"guidance_scale": -1})"
                                           << "'guidance_scale' must be between 0 and 50";
        QTest::newRow("guidance huge") << R"({"guidance_scale": 51})"
                                       << "'guidance_scale' must be between 0 and 50";
        QTest::newRow("guidance string") << R"({"guidance_scale": "1"})"
                                         << "'guidance_scale'";
        QTest::newRow("steps zero") << R"({"num_inference_steps": 0})"
                                    << "'num_inference_steps' must be between 1 and 1000";
        QTest::newRow("steps fractional") << R"({"num_inference_steps": 2.5})"
                                          << "'num_inference_steps'";
        QTest::newRow("unknown sampler") << R"({"scheduler": "plms"})"
                                         << "'plms' is not one of";
        QTest::newRow("typo key") << R"({"guidance": 1})"
                                  << "'guidance' is not a sampling setting";
        QTest::newRow("array") << "[1, 2]"
                               << "expected a JSON object";
        QTest::newRow("truncated") << R"({"guidance_scale": )"
                                   << "x.json: ";
        QTest::newRow("reason too long") << QString(R"({"reason": "%1"})").arg(QString(1001, 'a'))
                                         << "'reason' is longer than 1000 bytes";
    }
    void parses() {
        QFETCH(QString, json);
        QFETCH(QString, error);
        auto d = parseSamplingDefaults(json.toStdString(), "x.json");
        if (error.isEmpty()) {
            QVERIFY2(d.ok(), d.ok() ? "" : d.message().c_str());
            return;
        }
        QVERIFY(!d.ok());
        QVERIFY2(QString::fromStdString(d.message()).contains(error), d.message().c_str());
        QVERIFY2(d.message().rfind("x.json", 0) == 0, d.message().c_str());
    }

    void valuesAreRead() {
        auto d =
            parseSamplingDefaults(R"({"guidance_scale": 1.5, "num_inference_steps": 20, "scheduler": "dpm++2m"})", "x");
        QVERIFY2(d.ok(), d.ok() ? "" : d.message().c_str());
        QCOMPARE(*d->guidanceScale, 1.5);
        QCOMPARE(*d->steps, 20);
        QCOMPARE(QString::fromStdString(*d->sampler), QStringLiteral("dpm++2m"));
        auto again = parseSamplingDefaults(samplingDefaultsJson(*d), "y");
        QVERIFY(again.ok());
        QCOMPARE(*again->guidanceScale, 1.5);
        QCOMPARE(*again->steps, 20);
        QCOMPARE(*again->sampler, *d->sampler);
    }

    void folderWithoutFileHasNoDefaults() {
        auto model = loadModelFolder(kTiny, {torch::kCPU, torch::kFloat32, "", false});
        QVERIFY2(model.ok(), model.ok() ? "" : model.message().c_str());
        QVERIFY(model->samplingDefaults.empty());
    }

    void loaderReadsAndSaverWritesTheFile() {
        const auto dir = copyOfTiny("with-defaults");
        writeText(fs::path(dir) / kSamplingDefaultsFile, samplingDefaultsJson(trainedSamplingDefaults()));
        auto model = loadModelFolder(dir);
        QVERIFY2(model.ok(), model.ok() ? "" : model.message().c_str());
        QCOMPARE(*model->samplingDefaults.guidanceScale, 1.0);
        QCOMPARE(*model->samplingDefaults.steps, 20);
        const auto saved = (fs::path(m_dir.path().toStdString()) / "saved").string();
        auto s = saveModelFolder(*model, saved);
        QVERIFY2(s.ok(), s.message().c_str());
        auto reloaded = readSamplingDefaults(saved);
        QVERIFY2(reloaded.ok(), reloaded.ok() ? "" : reloaded.message().c_str());
        QCOMPARE(*reloaded->guidanceScale, 1.0);
        QCOMPARE(QString::fromStdString(*reloaded->sampler), QStringLiteral("ddim"));
    }

    void malformedFileStopsTheLoadNamingIt() {
        const auto dir = copyOfTiny("bad-defaults");
        writeText(fs::path(dir) / kSamplingDefaultsFile, R"({"guidance_scale": 99})");
        auto model = loadModelFolder(dir, {torch::kCPU, torch::kFloat32, "", false});
        QVERIFY(!model.ok());
        QVERIFY2(QString::fromStdString(model.message()).contains("sampling_defaults.json"), model.message().c_str());
    }

    // generate takes the file's values unless a flag says otherwise, and records what it used.
    void generateTakesTheModelsDefaults() {
        const auto dir = copyOfTiny("cli-defaults");
        writeText(fs::path(dir) / kSamplingDefaultsFile,
                  R"({"guidance_scale": 1, "num_inference_steps": 2, "scheduler": "euler_a", "reason": "test"})");
        const QString out = m_dir.filePath("gen-defaults");
        auto r = rs::test::runCli(
            {"generate", "--model", QString::fromStdString(dir), "--prompt", "a cat", "--device", "cpu", "--out", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("guidance 1, 2 steps, sampler euler_a from the model's sampling_defaults.json (test)"),
                 r.err.constData());
        QJsonObject sidecar = readJson(out + "/generation.json");
        QCOMPARE(sidecar["steps"].toInt(), 2);
        QCOMPARE(sidecar["guidance_scale"].toDouble(), 1.0);
        QCOMPARE(sidecar["sampler_requested"].toString(), QStringLiteral("euler_a"));

        const QString given = m_dir.filePath("gen-given");
        r = rs::test::runCli({"generate", "--model", QString::fromStdString(dir), "--prompt", "a cat", "--device",
                              "cpu", "--steps", "3", "--guidance", "4", "--sampler", "ddim", "--out", given});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(!r.err.contains("sampling_defaults.json"), r.err.constData());
        sidecar = readJson(given + "/generation.json");
        QCOMPARE(sidecar["steps"].toInt(), 3);
        QCOMPARE(sidecar["guidance_scale"].toDouble(), 4.0);
        QCOMPARE(sidecar["sampler_requested"].toString(), QStringLiteral("ddim"));

        writeText(fs::path(dir) / kSamplingDefaultsFile, "{not json");
        r = rs::test::runCli({"generate", "--model", QString::fromStdString(dir), "--prompt", "a cat", "--device",
                              "cpu", "--out", m_dir.filePath("gen-bad")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("sampling_defaults.json"), r.err.constData());
    }
};

RS_REGISTER_TEST(TestSamplingDefaults)
#include "tst_sampling_defaults.moc"
