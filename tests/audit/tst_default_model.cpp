// The embedded default (resources/default-model, resources/default-reference): the shipped files
// match the hashes in the model card, the model loads with its sampling defaults, its training
// set imports as the default reference set, and a heavily duplicated caption with a fixed seed
// draws its training image (real loader + pipeline + metric, end to end).
#include "audit/generated_image.h"
#include "audit/scan_inputs.h"
#include "base/file_io.h"
#include "base/resource_paths.h"
#include "base/sha256.h"
#include "diffusion/models/model_folder.h"
#include "diffusion/pipeline/pipeline.h"
#include "imaging/image_decode.h"
#include "metrics/tiled_l2.h"
#include "reference/manifest.h"
#include "store/case_file.h"
#include "store/case_repository.h"

#include "cli_runner.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <map>
#include <set>

using namespace rs;
namespace fs = std::filesystem;

namespace {

// A x50 duplicate and a seed that draws it (from the extraction experiment in the README).
constexpr const char* kDuplicatedId = "ocal-0126";
constexpr std::uint64_t kSeed = 0;
constexpr double kExtractionThreshold = 0.15;

// The default reference set's captions by image id (the file's stem), read by the importer's
// own manifest reader.
std::map<std::string, std::string> captionsById() {
    std::map<std::string, std::string> out;
    auto manifest = reference::readManifest(findResource("default-reference/manifest.csv"));
    if (manifest)
        for (const auto& e : manifest->entries) out[e.file.stem().string()] = e.caption;
    return out;
}

cv::Mat trainingImage(const std::string& id) {
    auto decoded = imaging::decodeImageFile(findResource("default-reference/images/" + id + ".png"));
    return decoded ? decoded->bgr : cv::Mat();
}

}  // namespace

class TestDefaultModel : public QObject {
    Q_OBJECT
    std::string m_model;

private slots:
    void initTestCase() {
        m_model = audit::defaultModelDir();
        QVERIFY2(!m_model.empty(), "resources/default-model is not there");
        QVERIFY2(!findResource("default-reference/manifest.csv").empty(), "resources/default-reference is not there");
    }

    void filesMatchTheModelCard() {
        auto text = readFileLimited(fs::path(m_model) / "MODEL_CARD.md", 1u << 20);
        QVERIFY2(text.ok(), text.ok() ? "" : text.message().c_str());
        const QString card = QString::fromStdString(*text);
        static const QRegularExpression row(QStringLiteral("^\\| `([^`]+)` \\| (\\d+) \\| `([0-9a-f]{64})` \\|$"),
                                            QRegularExpression::MultilineOption);
        std::set<std::string> listed;
        for (auto it = row.globalMatch(card); it.hasNext();) {
            const auto m = it.next();
            const std::string rel = m.captured(1).toStdString();
            const fs::path file = fs::path(m_model) / rel;
            QVERIFY2(fs::is_regular_file(file), rel.c_str());
            QCOMPARE(qulonglong(fs::file_size(file)), m.captured(2).toULongLong());
            auto sha = sha256File(file);
            QVERIFY2(sha.ok(), rel.c_str());
            QCOMPARE(QString::fromStdString(*sha), m.captured(3));
            listed.insert(rel);
        }
        QVERIFY(listed.count("unet/diffusion_pytorch_model.safetensors"));
        QVERIFY(listed.count("text_encoder/model.safetensors"));
        for (const auto& e : fs::recursive_directory_iterator(m_model)) {
            const std::string rel = fs::relative(e.path(), m_model).generic_string();
            if (e.is_regular_file() && rel != "MODEL_CARD.md")
                QVERIFY2(listed.count(rel), ("not in the card: " + rel).c_str());
        }
    }

    void loadsWithItsSamplingDefaults() {
        auto model = diffusion::loadModelFolder(m_model);
        QVERIFY2(model.ok(), model.ok() ? "" : model.message().c_str());
        QVERIFY(!model->hasVae());
        QCOMPARE(model->unetConfig.sampleSize, int64_t(32));
        QCOMPARE(*model->samplingDefaults.guidanceScale, 1.0);
        QCOMPARE(*model->samplingDefaults.steps, 20);
    }

    void referenceSetImportsOnce() {
        QTemporaryDir dir;
        store::CaseDetails details;
        details.caseNumber = "DEFAULT-1";
        details.title = "default reference set";
        details.examiner = "tst_audit";
        auto c = store::CaseFile::create(dir.filePath("d.rscase").toStdString(), details);
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        bool imported = false;
        auto s = audit::addDefaultReferenceSet(*c, &imported);
        QVERIFY2(s.ok(), s.message().c_str());
        QVERIFY(imported);
        auto sets = store::listReferenceSets(c->db());
        QVERIFY(sets.ok());
        QCOMPARE(int(sets->size()), 1);
        QCOMPARE(QString::fromStdString(sets->front().name), QString(audit::kDefaultReferenceSet));
        QCOMPARE(sets->front().images, std::int64_t(400));
        s = audit::addDefaultReferenceSet(*c, &imported);
        QVERIFY2(s.ok(), s.message().c_str());
        QVERIFY(!imported);
    }

    void duplicatedCaptionDrawsItsTrainingImage() {
        const auto captions = captionsById();
        QCOMPARE(int(captions.size()), 400);
        QVERIFY(captions.count(kDuplicatedId));
        auto pipeline = diffusion::DiffusionPipeline::load(m_model, {"cpu", "float32"});
        QVERIFY2(pipeline.ok(), pipeline.ok() ? "" : pipeline.message().c_str());
        diffusion::GenerationRequest request;
        request.prompt = captions.at(kDuplicatedId);
        request.seeds = {kSeed};
        request.steps = 20;
        request.guidanceScale = 1.0;
        request.sampler = diffusion::SamplerKind::Ddim;
        request.width = request.height = 32;  // the model's native size
        auto result = (*pipeline)->generate(request);
        QVERIFY2(result.ok(), result.ok() ? "" : result.message().c_str());
        QCOMPARE(int(result->images.size()), 1);
        QCOMPARE(result->images.front().width, 32);
        const cv::Mat generated = audit::generatedBgr(result->images.front());

        const cv::Mat own = trainingImage(kDuplicatedId);
        QVERIFY(!own.empty());
        auto d = metrics::tiledL2(generated, own);
        QVERIFY2(d.ok(), d.ok() ? "" : d.message().c_str());
        qInfo("tiled l2 of '%s' seed %llu to its training image: %.4f", request.prompt.c_str(),
              static_cast<unsigned long long>(kSeed), d->distance);
        QVERIFY2(d->distance < kExtractionThreshold, qPrintable(QString::number(d->distance)));

        // The metric is not simply lenient: another training image is far from this generation.
        auto other = metrics::tiledL2(generated, trainingImage("ocal-0001"));
        QVERIFY(other.ok());
        QVERIFY2(other->distance > kExtractionThreshold, qPrintable(QString::number(other->distance)));
    }

    // The audit a newcomer runs first: `scan` with no --model imports the training set, flags
    // the x50 caption's clique and matches its generations to the right training image; a
    // caption seen once in training is not flagged.
    void scanFlagsTheDuplicatedCaptionOnly() {
        QTemporaryDir dir;
        const QString path = dir.filePath("scan.rscase");
        QCOMPARE(test::runCli({"case", "new", path, "--number", "D-1", "--title", "default", "--examiner", "tester"})
                     .exitCode,
                 0);
        const auto captions = captionsById();
        const QString duplicated = QString::fromStdString(captions.at(kDuplicatedId));
        const QString singleton = QString::fromStdString(captions.at("ocal-0002"));  // in the stream once
        auto scan = test::runCli({"scan", "--case", path, "--prompt", duplicated, "--prompt", singleton, "--seeds",
                                  "64", "--device", "cpu", "--json"});
        QVERIFY2(scan.exitCode == 0, scan.err.constData());
        QVERIFY2(scan.err.contains("imported the default model's training set"), scan.err.constData());
        QVERIFY2(scan.err.contains("guidance 1, 20 steps"), scan.err.constData());
        QCOMPARE(scan.json()["generations_made"].toInt(), 128);
        QCOMPARE(scan.json()["prompts_flagged"].toInt(), 1);

        auto listed = test::runCli({"candidates", "--case", path, "--limit", "1000", "--json"});
        QCOMPARE(listed.exitCode, 0);
        int cliqueMembers = 0, ownImageMatches = 0;
        for (const QByteArray& line : listed.out.split('\n')) {
            if (line.isEmpty()) continue;
            const QJsonObject c = QJsonDocument::fromJson(line).object();
            QCOMPARE(c["prompt"].toString(), duplicated);  // nothing for the singleton
            if (c.contains("clique_id")) ++cliqueMembers;
            if (c["reference_source"].toString().endsWith(QString(kDuplicatedId) + ".png") &&
                c["thresholds_crossed"].toArray().contains(QStringLiteral("tiled_l2")))
                ++ownImageMatches;
        }
        QVERIFY2(cliqueMembers >= 10, qPrintable(QString::number(cliqueMembers)));
        QVERIFY2(ownImageMatches >= 10, qPrintable(QString::number(ownImageMatches)));
    }
};

RS_REGISTER_TEST(TestDefaultModel)
#include "tst_default_model.moc"
