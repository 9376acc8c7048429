// tst_audit: the sampling parameters are one value carried whole from the scan request to the
// generated image and the run record. Each field is changed in turn on the committed tiny model:
// the image changes, the stored run records the new value (and only that one differs), the
// record reads back to the parameters that were asked for, and regenerating the generation
// from the record alone gives the stored image again.
#include "audit/regenerate.h"
#include "audit/sampling_record.h"
#include "audit/scan.h"
#include "diffusion/pipeline/pipeline.h"
#include "store/case_file.h"
#include "store/run_repository.h"
#include "store/verify.h"

#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace rs;

namespace {

const std::string kTinyModel = RS_TEST_DATA_DIR "/parity/tiny/model";

diffusion::SamplingParameters baseSampling() {
    diffusion::SamplingParameters s;
    s.sampler = diffusion::SamplerKind::Ddim;
    s.steps = 2;
    s.guidanceScale = 7.5;
    s.ddimEta = 0.0;
    s.width = s.height = 64;  // the tiny model's native size
    s.negativePrompt = "";
    return s;
}

}  // namespace

class TestSamplingParameters : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<diffusion::DiffusionPipeline> m_pipeline;
    std::unique_ptr<store::CaseFile> m_case;
    std::int64_t m_baseRun = 0;

    // One generation of one prompt and seed with these parameters, in a new run.
    std::int64_t scanOnce(const diffusion::SamplingParameters& sampling) {
        audit::ScanRequest request;
        request.modelDir = kTinyModel;
        request.prompts = {"a lighthouse on a cliff"};
        request.seeds = {7};
        request.sampling = sampling;
        request.batchSize = 1;
        auto summary = audit::runScan(*m_case, *m_pipeline, request);
        if (!summary) qFatal("scan: %s", summary.message().c_str());
        return summary->runId;
    }

    store::Generation onlyGeneration(std::int64_t runId) {
        auto rows = store::listGenerations(m_case->db(), runId);
        if (!rows || rows->size() != 1) qFatal("run %lld: expected one generation", static_cast<long long>(runId));
        return rows->front();
    }

private slots:
    void initTestCase() {
        diffusion::PipelineOptions options;
        options.device = "cpu";
        options.dtype = "float32";
        auto pipeline = diffusion::DiffusionPipeline::load(kTinyModel, options);
        QVERIFY2(pipeline.ok(), pipeline.ok() ? "" : pipeline.message().c_str());
        m_pipeline = std::move(*pipeline);
        auto c = store::CaseFile::create(fs::path(m_dir.path().toStdString()) / "sampling.rscase",
                                         {"C-S", "sampling parameters", "tester", "", "", ""});
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        m_case = std::make_unique<store::CaseFile>(std::move(*c));
        m_baseRun = scanOnce(baseSampling());
    }

    void eachParameterChangesTheImageAndTheRun_data() {
        QTest::addColumn<QString>("field");  // the key in the run's sampling record
        QTest::newRow("sampler") << "sampler";
        QTest::newRow("steps") << "steps";
        QTest::newRow("guidance") << "guidance";
        QTest::newRow("ddim eta") << "ddim_eta";
        QTest::newRow("width") << "width";
        QTest::newRow("height") << "height";
        QTest::newRow("negative prompt") << "negative_prompt";
    }

    void eachParameterChangesTheImageAndTheRun() {
        QFETCH(QString, field);
        diffusion::SamplingParameters changed = baseSampling();
        if (field == "sampler") changed.sampler = diffusion::SamplerKind::EulerAncestral;
        if (field == "steps") changed.steps = 3;
        if (field == "guidance") changed.guidanceScale = 2.0;
        if (field == "ddim_eta") changed.ddimEta = 1.0;
        if (field == "width") changed.width = 48;
        if (field == "height") changed.height = 48;
        if (field == "negative_prompt") changed.negativePrompt = "blurry, low quality";

        const std::int64_t runId = scanOnce(changed);
        QVERIFY(runId != m_baseRun);
        // The image changes...
        const auto base = onlyGeneration(m_baseRun), now = onlyGeneration(runId);
        QVERIFY2(base.imageSha256 != now.imageSha256, qPrintable(field));
        // ...and so does the stored run, in that field only.
        auto baseRun = store::getRun(m_case->db(), m_baseRun), run = store::getRun(m_case->db(), runId);
        QVERIFY(baseRun.ok() && run.ok());
        const auto a = nlohmann::json::parse(baseRun->samplingJson), b = nlohmann::json::parse(run->samplingJson);
        QCOMPARE(a.size(), b.size());
        for (auto it = a.begin(); it != a.end(); ++it)
            QCOMPARE(it.value() != b.at(it.key()), it.key() == field.toStdString());
        // The record reads back to what was asked for...
        auto recorded = audit::samplingOfRun(*run);
        QVERIFY2(recorded.ok(), recorded.ok() ? "" : recorded.message().c_str());
        QCOMPARE(audit::samplingJson(*recorded), audit::samplingJson(changed));
        // ...and is all it takes to make the same image again.
        auto again = audit::regenerateGeneration(*m_case, now.id);
        QVERIFY2(again.ok(), again.ok() ? "" : again.message().c_str());
        QVERIFY2(again->withinTolerance, qPrintable(field));
    }

    // A run stored before the sampling record existed reads back from its columns, η = 0.
    void runWithoutSamplingRecordReadsItsColumns() {
        store::RunRecord old;
        old.id = 99;
        old.sampler = "dpm++2m";
        old.steps = 25;
        old.guidance = 5.0;
        old.width = 256;
        old.height = 128;
        old.negativePrompt = "text";
        auto s = audit::samplingOfRun(old);
        QVERIFY(s.ok());
        QCOMPARE(int(s->sampler), int(diffusion::SamplerKind::DpmSolverMultistep));
        QCOMPARE(s->steps, 25);
        QCOMPARE(s->guidanceScale, 5.0);
        QCOMPARE(s->ddimEta, 0.0);
        QCOMPARE(s->width, 256);
        QCOMPARE(s->height, 128);
        QCOMPARE(s->negativePrompt, std::string("text"));
        old.samplingJson = "{\"ddim_eta\": \"high\"}";
        QVERIFY(!audit::samplingOfRun(old).ok());
        old.sampler = "plms";
        QVERIFY(!audit::samplingOfRun(old).ok());
    }

    // The sampling record is sealed by the audit log like the run's other columns.
    void editedSamplingRecordFailsVerification() {
        auto before = store::verifyCase(*m_case);
        QVERIFY(before.ok());
        QVERIFY(before->ok());
        auto edit = m_case->db().prepare(
            "UPDATE runs SET sampling_json = replace(sampling_json, '\"ddim_eta\":0.0', '\"ddim_eta\":0.5') WHERE id = "
            "?");
        edit.bind(1, m_baseRun).run();
        QCOMPARE(m_case->db().changes(), 1);
        auto after = store::verifyCase(*m_case);
        QVERIFY(after.ok());
        QVERIFY(!after->ok());
    }
};

RS_REGISTER_TEST(TestSamplingParameters)
#include "tst_sampling_parameters.moc"
