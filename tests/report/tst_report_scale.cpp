// Export time for many findings, run only when RS_REPORT_BENCH=N is set (N findings, each a
// 512 x 512 generation against its own 512 x 512 reference). Prints one line per format.
#include "report_test_case.h"
#include "report_test_util.h"
#include "test_registry.h"

#include "report/exporter.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <opencv2/core.hpp>

namespace fs = std::filesystem;

namespace rs::report::test {

class TestReportScale : public QObject {
    Q_OBJECT

private slots:
    void exportTimes() {
        const int n = qEnvironmentVariableIntValue("RS_REPORT_BENCH");
        if (n <= 0) QSKIP("set RS_REPORT_BENCH=N to time exports of N findings");
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        auto created = CaseFile::create(root / "bench", CaseDetails{"B-1", "bench", "x", "", "", ""}, "bench");
        QVERIFY(created.ok());
        Connection& db = created->db();
        ModelRecord m;
        m.name = "m";
        m.path = "/m";
        auto model = registerModel(db, m);
        QVERIFY(model.ok());
        RunRecord run;
        run.modelId = *model;
        run.sampler = "ddim";
        run.steps = 20;
        run.width = run.height = 512;
        run.device = "cpu";
        run.dtype = "float32";
        run.seeds = {1};
        auto runId = startRun(db, run);
        QVERIFY2(runId.ok(), runId.ok() ? "" : runId.message().c_str());
        std::vector<Prompt> prompts;
        for (int i = 0; i < n; ++i) prompts.push_back({0, "prompt " + std::to_string(i), "bench", ""});
        auto promptIds = addPrompts(db, prompts);
        QVERIFY(promptIds.ok());
        cv::RNG rng(1);
        auto randomPng = [&] {
            cv::Mat image(512, 512, CV_8UC3);
            rng.fill(image, cv::RNG::UNIFORM, 0, 256);
            return *imaging::encodePng(image);
        };
        std::vector<ReferenceImage> refs;
        std::vector<Generation> gens;
        for (int i = 0; i < n; ++i) {
            auto ref = created->images().put(randomPng());
            auto gen = created->images().put(randomPng());
            QVERIFY(ref.ok() && gen.ok());
            ReferenceImage r;
            r.setName = "set";
            r.source = "/r/" + std::to_string(i);
            r.sha256 = ref->sha256;
            r.thumbnailSha256 = ref->sha256;
            refs.push_back(r);
            gens.push_back({0, *runId, (*promptIds)[static_cast<std::size_t>(i)], 1, 0, gen->sha256, 0.5});
        }
        auto refIds = importReferenceImages(db, refs);
        auto genIds = insertGenerations(db, gens);
        QVERIFY(refIds.ok() && genIds.ok());
        std::vector<Candidate> cands;
        for (int i = 0; i < n; ++i) {
            Candidate c;
            c.generationId = (*genIds)[static_cast<std::size_t>(i)];
            c.referenceImageId = refIds->ids[static_cast<std::size_t>(i)];
            c.metric = "sscd";
            c.distances = {{"sscd", 0.8}, {"tiled_l2", 0.1}};
            c.thresholdsCrossed = {"sscd>0.75"};
            c.score = 1.0 - i * 1e-4;
            cands.push_back(c);
        }
        QVERIFY(insertCandidates(db, cands).ok());
        for (const auto format : {ExportFormat::Json, ExportFormat::Csv, ExportFormat::Html, ExportFormat::Pdf}) {
            ExportOptions o;
            o.format = format;
            o.out = root / (std::string("out.") + toString(format));
            QElapsedTimer timer;
            timer.start();
            auto r = exportReport(*created, o);
            QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
            std::uintmax_t bytes = 0;
            if (fs::is_directory(o.out)) {
                for (const auto& e : fs::recursive_directory_iterator(o.out))
                    if (e.is_regular_file()) bytes += e.file_size();
            } else {
                bytes = fs::file_size(o.out);
            }
            qInfo("export %s: %d findings in %.2f s (%.1f ms/finding), %.1f MB", toString(format), n,
                  timer.elapsed() / 1000.0, double(timer.elapsed()) / n, double(bytes) / 1e6);
        }
    }
};

RS_REGISTER_TEST(TestReportScale)
}  // namespace rs::report::test

#include "tst_report_scale.moc"
