// tst_audit: the scan end to end on the committed tiny diffusers model (real weights through the
// real loader), a real case file and a real reference set imported from PNG files the same model
// made: stored generations, memorization scores, reference matches with the right reference,
// cancel + resume equal to an uninterrupted run, kill -9 of the CLI + --resume, shards that
// partition the prompts, and the errors for bad requests.
#include "audit/scan.h"
#include "diffusion/pipeline/pipeline.h"
#include "reference/reference_import.h"
#include "store/case_file.h"
#include "store/case_repository.h"
#include "store/review_repository.h"
#include "store/run_repository.h"
#include "store/verify.h"

#include "cli_runner.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <set>
#include <thread>
#include <tuple>

namespace fs = std::filesystem;
using namespace rs;

namespace {

const std::string kModel = RS_TEST_DATA_DIR "/parity/tiny/model";
const std::vector<std::string> kPrompts = {"a red bicycle leaning on a wall", "portrait of a cat, oil painting",
                                           "mountain lake at sunrise"};

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<diffusion::DiffusionPipeline> pipeline;
};

std::unique_ptr<diffusion::DiffusionPipeline> loadTiny() {
    diffusion::PipelineOptions options;
    options.device = "cpu";
    options.dtype = "float32";
    auto p = diffusion::DiffusionPipeline::load(kModel, options);
    if (!p) qFatal("tiny model: %s", p.message().c_str());
    return std::move(*p);
}

audit::ScanRequest baseRequest() {
    audit::ScanRequest r;
    r.modelDir = kModel;
    r.prompts = kPrompts;
    r.seeds = {0, 1, 2, 3, 4};
    r.sampling.steps = 3;
    r.batchSize = 2;
    return r;
}

store::CaseFile newCase(const QTemporaryDir& dir, const std::string& name) {
    auto c =
        store::CaseFile::create(fs::path(dir.path().toStdString()) / name, {"C-1", "audit test", "tester", "", "", ""});
    if (!c) qFatal("case: %s", c.message().c_str());
    return std::move(*c);
}

// (prompt text, seed, image SHA-256) of every generation of a run, sorted.
std::set<std::tuple<std::string, std::int64_t, std::string>> generationKeys(store::CaseFile& c, std::int64_t runId) {
    std::set<std::tuple<std::string, std::int64_t, std::string>> keys;
    auto rows = store::listGenerations(c.db(), runId);
    if (!rows) qFatal("%s", rows.message().c_str());
    for (const auto& g : *rows) keys.insert({store::getPrompt(c.db(), g.promptId)->text, g.seed, g.imageSha256});
    return keys;
}

// Every candidate as text: the generation's seed and image, the other side, every distance.
std::set<std::string> candidateKeys(store::CaseFile& c, std::int64_t runId) {
    std::set<std::string> keys;
    auto rows = store::listGenerations(c.db(), runId);
    for (const auto& g : *rows) {
        const auto candidates = store::listCandidatesForGeneration(c.db(), g.id);
        for (const auto& cand : *candidates) {
            std::string key = g.imageSha256 + " " + cand.metric;
            if (cand.referenceImageId)
                key += " ref " + store::getReferenceImage(c.db(), *cand.referenceImageId)->sha256;
            if (cand.otherGenerationId)
                key += " gen " + store::getGeneration(c.db(), *cand.otherGenerationId)->imageSha256;
            for (const auto& [name, value] : cand.distances) key += " " + name + "=" + std::to_string(value);
            keys.insert(key);
        }
    }
    return keys;
}

}  // namespace

class TestAuditScan : public QObject {
    Q_OBJECT
    std::unique_ptr<diffusion::DiffusionPipeline> m_pipeline;

private slots:
    void initTestCase() { m_pipeline = loadTiny(); }

    void storesEveryGenerationWithScores() {
        QTemporaryDir dir;
        auto c = newCase(dir, "scan");
        std::vector<audit::ScanEvent> events;
        audit::ScanCallbacks cb;
        cb.onEvent = [&](const audit::ScanEvent& e) { events.push_back(e); };
        auto s = audit::runScan(c, *m_pipeline, baseRequest(), cb);
        QVERIFY2(s.ok(), s.ok() ? "" : s.message().c_str());
        QCOMPARE(s->generationsMade, std::int64_t(15));
        QCOMPARE(s->prompts, std::int64_t(3));
        auto run = store::getRun(c.db(), s->runId);
        QCOMPARE(run->status, store::RunStatus::Finished);
        QCOMPARE(run->seeds.size(), std::size_t(5));
        auto rows = store::listGenerations(c.db(), s->runId);
        QCOMPARE(rows->size(), std::size_t(15));
        for (const auto& g : *rows) {
            QVERIFY(g.memorizationScore.has_value());
            QVERIFY(c.images().contains(g.imageSha256));
            auto png = cv::imread(c.images().pathOf(g.imageSha256)->string());
            QVERIFY(!png.empty());
        }
        int steps = 0, images = 0, done = 0;
        for (const auto& e : events) {
            steps += e.kind == audit::ScanEventKind::Step;
            images += e.kind == audit::ScanEventKind::Images;
            done += e.kind == audit::ScanEventKind::PromptDone;
        }
        QCOMPARE(images, 9);  // 3 prompts x batches {0,1} {2,3} {4}
        QCOMPARE(done, 3);
        QVERIFY(steps >= 9 * 3);
        QCOMPARE(events.back().imagesDone, std::int64_t(15));
        auto models = store::listModels(c.db());
        QCOMPARE(models->size(), std::size_t(1));
        QVERIFY(models->front().fileSha256.count("unet/diffusion_pytorch_model.safetensors"));
    }

    // A reference set made of PNGs the model itself generated: each of those generations must be
    // matched to exactly its own reference file (tiled l2 0), and nothing else crosses.
    void matchesTheRightReferenceImage() {
        QTemporaryDir dir;
        const fs::path refDir = fs::path(dir.path().toStdString()) / "refs";
        fs::create_directories(refDir);
        auto req = baseRequest();
        diffusion::GenerationRequest g;
        g.prompt = kPrompts[1];
        g.seeds = {1, 3};
        g.steps = req.sampling.steps;
        g.width = g.height = int(m_pipeline->model().unetConfig.sampleSize * m_pipeline->model().imageScaleFactor());
        g.batchSize = 2;  // the scan's batch {0,1} differs; allow for CPU batch variance below
        auto made = m_pipeline->generate(g);
        QVERIFY2(made.ok(), made.ok() ? "" : made.message().c_str());
        for (const auto& image : made->images) {
            cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data())), bgr;
            cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
            QVERIFY(cv::imwrite((refDir / ("seed" + std::to_string(image.seed) + ".png")).string(), bgr));
        }
        auto c = newCase(dir, "match");
        auto imported = reference::importReferenceSet(c, "portfolio", reference::ImportSource::folder(refDir), {});
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.message().c_str());
        req.findings.detection.minCliqueSize = 100;  // only reference matches in this test
        auto s = audit::runScan(c, *m_pipeline, req);
        QVERIFY2(s.ok(), s.ok() ? "" : s.message().c_str());
        // The tiny random model draws nearly the same picture for every prompt, so other
        // generations may match too; the two that made the references must match their own file.
        int matched = 0;
        const auto generations = store::listGenerations(c.db(), s->runId);
        for (const auto& gen : *generations) {
            if (store::getPrompt(c.db(), gen.promptId)->text != kPrompts[1] || (gen.seed != 1 && gen.seed != 3))
                continue;
            const auto candidates = store::listCandidatesForGeneration(c.db(), gen.id);
            QCOMPARE(candidates->size(), std::size_t(1));
            const auto& cand = candidates->front();
            QVERIFY(cand.referenceImageId.has_value());
            auto ref = store::getReferenceImage(c.db(), *cand.referenceImageId);
            QCOMPARE(QString::fromStdString(fs::path(ref->source).filename().string()),
                     QStringLiteral("seed%1.png").arg(gen.seed));
            QVERIFY(cand.distances.at("tiled_l2") < 0.01);
            QVERIFY(std::count(cand.thresholdsCrossed.begin(), cand.thresholdsCrossed.end(), "tiled_l2"));
            QVERIFY(cand.score > 0.99);
            ++matched;
        }
        QCOMPARE(matched, 2);
    }

    // Cancel after the first stored batch, resume: the same generations and candidates as a
    // scan that was never interrupted.
    void cancelThenResumeEqualsUninterrupted() {
        QTemporaryDir dir;
        auto req = baseRequest();
        req.findings.detection.minCliqueSize = 2;
        req.findings.detection.edgeThreshold = 0.9;  // the tiny model's images are alike: cliques form
        auto whole = newCase(dir, "whole");
        auto full = audit::runScan(whole, *m_pipeline, req);
        QVERIFY2(full.ok(), full.ok() ? "" : full.message().c_str());
        QVERIFY(full->candidates > 0);

        auto split = newCase(dir, "split");
        bool stop = false;
        audit::ScanCallbacks cb;
        cb.isCancelled = [&] { return stop; };
        cb.onEvent = [&](const audit::ScanEvent& e) {
            if (e.kind == audit::ScanEventKind::Images && e.imagesDone >= 4) stop = true;
        };
        auto first = audit::runScan(split, *m_pipeline, req, cb);
        QVERIFY2(first.ok(), first.ok() ? "" : first.message().c_str());
        QVERIFY(first->cancelled);
        QCOMPARE(store::getRun(split.db(), first->runId)->status, store::RunStatus::Cancelled);
        QVERIFY(first->generationsMade >= 4 && first->generationsMade < 15);

        req.resume = true;
        auto second = audit::runScan(split, *m_pipeline, req);
        QVERIFY2(second.ok(), second.ok() ? "" : second.message().c_str());
        QVERIFY(second->resumed);
        QCOMPARE(second->runId, first->runId);
        QCOMPARE(second->generationsReused, first->generationsMade);
        QCOMPARE(second->generationsMade + second->generationsReused, std::int64_t(15));
        QCOMPARE(store::getRun(split.db(), second->runId)->status, store::RunStatus::Finished);
        QVERIFY(generationKeys(split, second->runId) == generationKeys(whole, full->runId));
        QVERIFY(candidateKeys(split, second->runId) == candidateKeys(whole, full->runId));
        auto verified = store::verifyCase(split);  // cancelled, resumed ("run.resumed"), finished: sealed again
        QVERIFY2(verified.ok() && verified->problems.empty(), verified.ok() ? "problems" : verified.message().c_str());

        // resuming a finished run starts a new one
        auto third = audit::runScan(split, *m_pipeline, req);
        QVERIFY(third.ok());
        QVERIFY(!third->resumed);
        QVERIFY(third->runId != second->runId);
    }

    void shardsPartitionThePrompts() {
        std::vector<std::string> prompts;
        for (int i = 0; i < 200; ++i) prompts.push_back("prompt number " + std::to_string(i));
        std::vector<int> owners(prompts.size(), 0);
        for (int shard = 0; shard < 3; ++shard)
            for (std::size_t i = 0; i < prompts.size(); ++i) owners[i] += audit::inShard(prompts[i], {shard, 3});
        for (int n : owners) QCOMPARE(n, 1);
        int inFirst = 0;
        for (const auto& p : prompts) inFirst += audit::inShard(p, {0, 3});
        QVERIFY(inFirst > 40 && inFirst < 95);  // roughly a third
    }

    void parseShard_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("0/1") << "0/1" << true;
        QTest::newRow("3/4") << "3/4" << true;
        QTest::newRow("4/4") << "4/4" << false;
        QTest::newRow("-1/4") << "-1/4" << false;
        QTest::newRow("1/0") << "1/0" << false;
        QTest::newRow("no slash") << "2" << false;
        QTest::newRow("text") << "a/b" << false;
        QTest::newRow("trailing") << "1/4x" << false;
    }
    void parseShard() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(audit::parseShard(text.toStdString()).ok(), valid);
    }

    void badRequests_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("no seeds") << 0 << "at least one seed";
        QTest::newRow("no prompts") << 1 << "at least one prompt";
        QTest::newRow("size not a multiple of 8") << 2 << "";
        QTest::newRow("unknown reference set") << 3 << "nosuchset";
    }
    void badRequests() {
        QFETCH(int, which);
        QFETCH(QString, message);
        QTemporaryDir dir;
        auto c = newCase(dir, "bad");
        auto req = baseRequest();
        if (which == 0) req.seeds.clear();
        if (which == 1) req.prompts.clear();
        if (which == 2) req.sampling.width = req.sampling.height = 30;
        if (which == 3) req.referenceSets = {"nosuchset"};
        auto s = audit::runScan(c, *m_pipeline, req);
        QVERIFY(!s.ok());
        QVERIFY2(QString::fromStdString(s.message()).contains(message), s.message().c_str());
        QCOMPARE(store::listGenerations(c.db(), 1)->size(), std::size_t(0));
    }

    // The CLI killed with SIGKILL in the middle of a scan; --resume finishes it with the same
    // images as an uninterrupted CLI scan.
    void killedCliScanResumes() {
        QTemporaryDir dir;
        const QString killed = dir.filePath("killed.rscase"), whole = dir.filePath("whole.rscase");
        for (const auto& path : {killed, whole})
            QCOMPARE(
                test::runCli({"case", "new", path, "--number", "K-1", "--title", "kill test", "--examiner", "tester"})
                    .exitCode,
                0);
        QStringList scan{"scan",
                         "--model",
                         QString::fromStdString(kModel),
                         "--steps",
                         "3",
                         "--seeds",
                         "8",
                         "--batch",
                         "1",
                         "--prompt",
                         "a lighthouse in fog",
                         "--prompt",
                         "still life with apples"};
        QProcess p;
        p.setProgram(QStringLiteral(RS_BINARY_DIR "/app/replicascope-cli"));
        p.setArguments(QStringList(scan) << "--case" << killed);
        p.start();
        QVERIFY(p.waitForStarted());
        // wait until some generations are stored, then kill it mid-run
        bool some = false;
        for (int i = 0; i < 600 && !some; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            auto reader = store::CaseFile::open(killed.toStdString(), store::OpenMode::ReadOnly);
            if (reader) {
                auto runs = store::listRuns(reader->db());
                if (runs && !runs->empty()) some = store::listGenerations(reader->db(), runs->front().id)->size() >= 3;
            }
        }
        QVERIFY(some);
        p.kill();
        p.waitForFinished();
        {
            auto c = store::CaseFile::open(killed.toStdString());
            QVERIFY(c.ok());
            QVERIFY(store::listGenerations(c->db(), 1)->size() < 16);
        }
        auto resumed = test::runCli(QStringList(scan) << "--case" << killed << "--resume"
                                                      << "--json");
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(resumed.json().value("resumed").toBool(), true);
        auto fresh = test::runCli(QStringList(scan) << "--case" << whole << "--json");
        QVERIFY2(fresh.exitCode == 0, fresh.err.constData());
        auto a = store::CaseFile::open(killed.toStdString());
        auto b = store::CaseFile::open(whole.toStdString());
        QVERIFY(generationKeys(*a, 1) == generationKeys(*b, 1));
        QCOMPARE(generationKeys(*a, 1).size(), std::size_t(16));
        QVERIFY(candidateKeys(*a, 1) == candidateKeys(*b, 1));
        auto verify = test::runCli({"case", "verify", killed});
        QVERIFY2(verify.exitCode == 0, verify.out.constData());
    }

    // scan -> candidates -> review -> candidates by status, through the CLI, and the errors.
    void cliCandidatesAndReview() {
        QTemporaryDir dir;
        const QString path = dir.filePath("review.rscase");
        QCOMPARE(test::runCli({"case", "new", path, "--number", "R-1", "--title", "review", "--examiner", "tester"})
                     .exitCode,
                 0);
        auto scan =
            test::runCli({"scan", "--case", path, "--model", QString::fromStdString(kModel), "--steps", "2", "--seeds",
                          "4", "--batch", "4", "--prompt", "a quiet harbour", "--clique", "2", "--threshold", "0.9"});
        QVERIFY2(scan.exitCode == 0, scan.err.constData());
        auto listed = test::runCli({"candidates", "--case", path, "--json"});
        QCOMPARE(listed.exitCode, 0);
        const auto lines = listed.out.trimmed().split('\n');
        QVERIFY(lines.size() >= 1);
        const auto first = QJsonDocument::fromJson(lines.front()).object();
        QCOMPARE(first.value("status").toString(), QStringLiteral("pending"));
        QCOMPARE(first.value("prompt").toString(), QStringLiteral("a quiet harbour"));
        QVERIFY(first.value("distances").toObject().contains("tiled_l2"));
        const QString id = QString::number(first.value("id").toInteger());
        auto reviewed =
            test::runCli({"review", "--case", path, "--candidate", id, "--decision", "replicated", "--reviewer",
                          "Ada Examiner", "--note", "<b>same</b> picture, =HYPERLINK(\"x\")"});
        QVERIFY2(reviewed.exitCode == 0, reviewed.err.constData());
        auto replicated = test::runCli({"candidates", "--case", path, "--status", "replicated", "--json"});
        QCOMPARE(replicated.out.trimmed().split('\n').size(), 1);
        QCOMPARE(QJsonDocument::fromJson(replicated.out.trimmed()).object().value("id").toInteger(),
                 first.value("id").toInteger());
        auto pending = test::runCli({"candidates", "--case", path, "--json"});
        QCOMPARE(pending.out.trimmed().isEmpty() ? 0 : pending.out.trimmed().split('\n').size(), int(lines.size()) - 1);
        auto c = store::CaseFile::open(path.toStdString(), store::OpenMode::ReadOnly);
        auto reviews = store::reviewsForCandidate(c->db(), first.value("id").toInteger());
        QCOMPARE(reviews->size(), std::size_t(1));
        QCOMPARE(reviews->front().reviewer, std::string("Ada Examiner"));
        QCOMPARE(reviews->front().note, std::string("<b>same</b> picture, =HYPERLINK(\"x\")"));
        QCOMPARE(test::runCli({"case", "verify", path}).exitCode, 0);

        // A partial copy (schema v4) is a decision of its own, listed under its own status.
        auto partial = test::runCli({"review", "--case", path, "--candidate", id, "--decision", "partial-copy",
                                     "--reviewer", "Ada Examiner", "--note", "the harbour wall only"});
        QVERIFY2(partial.exitCode == 0, partial.err.constData());
        QVERIFY(partial.out.contains("partial-copy"));
        auto partials = test::runCli({"candidates", "--case", path, "--status", "partial-copy", "--json"});
        QCOMPARE(partials.out.trimmed().split('\n').size(), 1);
        QCOMPARE(QJsonDocument::fromJson(partials.out.trimmed()).object().value("status").toString(),
                 QStringLiteral("partial-copy"));
        QCOMPARE(test::runCli({"case", "verify", path}).exitCode, 0);

        QCOMPARE(test::runCli({"review", "--case", path, "--candidate", id, "--decision", "maybe", "--reviewer", "x"})
                     .exitCode,
                 2);
        QCOMPARE(
            test::runCli({"review", "--case", path, "--candidate", "1x", "--decision", "unsure", "--reviewer", "x"})
                .exitCode,
            2);
        auto missing = test::runCli(
            {"review", "--case", path, "--candidate", "999999", "--decision", "unsure", "--reviewer", "x"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("999999"));
        QCOMPARE(test::runCli({"candidates", "--case", path, "--status", "maybe"}).exitCode, 2);
    }

    // verify --regenerate: the stored image is made again from the recorded model, prompt, seed
    // and parameters; a model whose weights changed since the run is refused by name.
    void regenerateProvesReproducibility() {
        QTemporaryDir dir;
        const fs::path model = fs::path(dir.path().toStdString()) / "model";
        fs::copy(kModel, model, fs::copy_options::recursive);
        const QString path = dir.filePath("regen.rscase");
        QCOMPARE(
            test::runCli({"case", "new", path, "--number", "G-1", "--title", "regen", "--examiner", "tester"}).exitCode,
            0);
        auto scan = test::runCli({"scan", "--case", path, "--model", QString::fromStdString(model.string()), "--steps",
                                  "3", "--seeds", "3", "--batch", "3", "--prompt", "a windmill at dusk"});
        QVERIFY2(scan.exitCode == 0, scan.err.constData());
        auto same = test::runCli({"case", "verify", path, "--regenerate", "1,3", "--json"});
        QVERIFY2(same.exitCode == 0, same.out.constData());
        const auto regenerated = same.json().value("regenerated").toArray();
        QCOMPARE(regenerated.size(), 2);
        for (const auto& r : regenerated) {
            QVERIFY(r.toObject().value("within_tolerance").toBool());
            QVERIFY(r.toObject().value("max_difference").toInt() <= 1);
        }
        // alone instead of in its batch of 3: identical, or at most one level on a few values
        auto text = test::runCli({"case", "verify", path, "--regenerate", "2"});
        QVERIFY(text.out.contains("IDENTICAL") || text.out.contains("WITHIN TOLERANCE"));

        const fs::path weights = model / "unet" / "diffusion_pytorch_model.safetensors";
        std::string bytes;
        {
            std::ifstream in(weights, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        bytes[bytes.size() - 1] ^= 0x01;  // one bit of the last weight
        std::ofstream(weights, std::ios::binary | std::ios::trunc) << bytes;
        auto changed = test::runCli({"case", "verify", path, "--regenerate", "1"});
        QCOMPARE(changed.exitCode, 1);
        QVERIFY2(changed.out.contains("has changed since the run"), changed.out.constData());
        QCOMPARE(test::runCli({"case", "verify", path, "--regenerate", "x"}).exitCode, 2);
        QCOMPARE(test::runCli({"case", "verify", path, "--regenerate", "999"}).exitCode, 1);
    }

    // Shard 0/2 and 1/2 in two cases, merged: the same generations and candidates as one
    // unsharded scan; shards of different scans are refused.
    void shardsMergeIntoOneRun() {
        QTemporaryDir dir;
        const QString model = QString::fromStdString(kModel);
        QStringList scan{"scan",    "--model", model,      "--steps", "2",           "--seeds", "4",
                         "--batch", "2",       "--clique", "2",       "--threshold", "0.9",     "--json"};
        for (int i = 0; i < 6; ++i) scan << "--prompt" << QStringLiteral("harbour scene number %1").arg(i);
        auto newCaseAt = [&](const QString& name) -> QString {
            const QString path = dir.filePath(name);
            if (test::runCli({"case", "new", path, "--number", "S-1", "--title", "shards", "--examiner", "t"})
                    .exitCode != 0)
                qFatal("case new %s failed", qPrintable(path));
            return path;
        };
        const QString whole = newCaseAt("whole.rscase"), s0 = newCaseAt("s0.rscase"), s1 = newCaseAt("s1.rscase");
        QCOMPARE(test::runCli(QStringList(scan) << "--case" << whole).exitCode, 0);
        auto r0 = test::runCli(QStringList(scan) << "--case" << s0 << "--shard"
                                                 << "0/2");
        auto r1 = test::runCli(QStringList(scan) << "--case" << s1 << "--shard"
                                                 << "1/2");
        QCOMPARE(r0.exitCode, 0);
        QCOMPARE(r1.exitCode, 0);
        QCOMPARE(r0.json().value("prompts").toInt() + r1.json().value("prompts").toInt(), 6);
        // a review made on a shard travels with its candidate
        auto listed = test::runCli({"candidates", "--case", s0, "--json"});
        const auto first = QJsonDocument::fromJson(listed.out.trimmed().split('\n').front()).object();
        QCOMPARE(test::runCli({"review", "--case", s0, "--candidate", QString::number(first.value("id").toInteger()),
                               "--decision", "replicated", "--reviewer", "Shard Reviewer"})
                     .exitCode,
                 0);

        const QString merged = dir.filePath("merged.rscase");
        auto m = test::runCli({"merge", "--out", merged, s0, s1});
        QVERIFY2(m.exitCode == 0, m.err.constData());
        auto a = store::CaseFile::open(merged.toStdString());
        auto b = store::CaseFile::open(whole.toStdString());
        QCOMPARE(store::listRuns(a->db())->size(), std::size_t(1));
        QCOMPARE(store::getRun(a->db(), 1)->status, store::RunStatus::Finished);
        QCOMPARE(generationKeys(*a, 1).size(), std::size_t(24));
        QVERIFY(generationKeys(*a, 1) == generationKeys(*b, 1));
        QVERIFY(candidateKeys(*a, 1) == candidateKeys(*b, 1));
        store::ReviewQueueFilter replicated;
        replicated.status = store::CandidateStatus::Confirmed;
        QCOMPARE(*store::countCandidates(a->db(), replicated), std::int64_t(1));
        QCOMPARE(test::runCli({"case", "verify", merged}).exitCode, 0);

        // another scan's shard (other steps) does not merge
        const QString other = newCaseAt("other.rscase");
        QCOMPARE(test::runCli(QStringList{"scan", "--model", model, "--steps", "3", "--seeds", "4", "--prompt", "x",
                                          "--case", other})
                     .exitCode,
                 0);
        auto refused = test::runCli({"merge", "--out", dir.filePath("bad.rscase"), s0, other});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("other parameters"), refused.err.constData());
        QCOMPARE(test::runCli({"merge", "--out", merged, s0}).exitCode, 1);  // refuses an existing case
    }

    void cliErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no case") << QStringList{"scan", "--prompt", "x"} << 2 << "missing --case";
        QTest::newRow("both prompt kinds")
            << QStringList{"scan", "--case", "c", "--prompt", "x", "--prompts", "f"} << 2 << "either";
        QTest::newRow("bad shard") << QStringList{"scan", "--case", "c", "--prompt", "x", "--shard", "2/2"} << 2
                                   << "shard";
        QTest::newRow("missing prompt file")
            << QStringList{"scan", "--case", "c", "--prompts", "/nonexistent/p.txt"} << 2 << "/nonexistent/p.txt";
        QTest::newRow("bad model") << QStringList{"scan", "--case", "c", "--prompt", "x", "--model", "/nonexistent"}
                                   << 2 << "/nonexistent";
    }
    void cliErrors() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        auto r = test::runCli(args);
        QCOMPARE(r.exitCode, code);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }
};

RS_REGISTER_TEST(TestAuditScan)
#include "tst_audit.moc"
