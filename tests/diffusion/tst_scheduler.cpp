// Scheduler timesteps, noise schedules and scheduler_config.json handling. Expected grids are
// worked out by hand from diffusers' formulas (GUIDE §2), not produced by the code under test.
// libtorch before Qt: Qt's "slots" macro breaks torch/jit headers.
#include <torch/torch.h>

#include "diffusion/schedulers/scheduler_ddim.h"
#include "diffusion/schedulers/scheduler_dpm_solver.h"
#include "diffusion/schedulers/scheduler_euler_ancestral.h"
#include "diffusion/schedulers/scheduler_factory.h"

#include "test_registry.h"

#include <QtTest>


#include <cmath>

using namespace rs::diffusion;

namespace {

SchedulerConfig sdConfig(std::optional<TimestepSpacing> spacing, int stepsOffset) {
    SchedulerConfig c = stableDiffusion1SchedulerConfig();
    c.timestepSpacing = spacing;
    c.stepsOffset = stepsOffset;
    return c;
}

QList<double> toList(const std::vector<double>& v) { return QList<double>(v.begin(), v.end()); }

std::unique_ptr<Scheduler> build(const QString& kind, const SchedulerConfig& c) {
    auto s = makeScheduler(*parseSamplerName(kind.toStdString()), c);
    if (!s) qFatal("makeScheduler: %s", s.message().c_str());
    return std::move(s->scheduler);
}

}  // namespace

class TestSchedulerTimesteps : public QObject {
    Q_OBJECT
private slots:
    void timesteps_data() {
        QTest::addColumn<QString>("sampler");
        QTest::addColumn<int>("spacing");  // -1: the scheduler's default
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("steps");
        QTest::addColumn<QList<double>>("expected");
        const int leading = int(TimestepSpacing::Leading), trailing = int(TimestepSpacing::Trailing),
                  linspace = int(TimestepSpacing::Linspace);
        // DDIM leading: r = 1000 // N, t_i = (N-1-i)·r + offset.
        QTest::newRow("ddim leading 10 +1")
            << "ddim" << leading << 1 << 10 << QList<double>{901, 801, 701, 601, 501, 401, 301, 201, 101, 1};
        QTest::newRow("ddim leading 7") << "ddim" << leading << 0 << 7
                                        << QList<double>{852, 710, 568, 426, 284, 142, 0};
        QTest::newRow("ddim default is leading") << "ddim" << -1 << 1 << 4 << QList<double>{751, 501, 251, 1};
        // trailing: round(arange(1000, 0, -1000/N)) - 1.
        QTest::newRow("ddim trailing 10")
            << "ddim" << trailing << 1 << 10 << QList<double>{999, 899, 799, 699, 599, 499, 399, 299, 199, 99};
        QTest::newRow("ddim trailing 3") << "ddim" << trailing << 0 << 3 << QList<double>{999, 666, 332};
        // linspace: round(linspace(0, 999, N)) reversed; 166.5 and 832.5 round half to even.
        QTest::newRow("ddim linspace 7") << "ddim" << linspace << 0 << 7
                                         << QList<double>{999, 832, 666, 500, 333, 166, 0};
        QTest::newRow("ddim linspace 1") << "ddim" << linspace << 0 << 1 << QList<double>{0};
        // DPM-Solver++ leading: r = 1000 // (N+1), t_i = (N-i)·r + offset.
        QTest::newRow("dpm leading 5 +1") << "dpm++2m" << leading << 1 << 5 << QList<double>{831, 665, 499, 333, 167};
        QTest::newRow("dpm leading 2 +1") << "dpm++2m" << leading << 1 << 2 << QList<double>{667, 334};
        // linspace(0, 999, N+1) rounded, reversed, last dropped: 249.75, 499.5, 749.25.
        QTest::newRow("dpm default is linspace") << "dpm++2m" << -1 << 0 << 4 << QList<double>{999, 749, 500, 250};
        QTest::newRow("dpm trailing 4") << "dpm++2m" << trailing << 0 << 4 << QList<double>{999, 749, 499, 249};
        // Euler ancestral keeps fractional linspace timesteps.
        QTest::newRow("euler_a linspace 3") << "euler_a" << -1 << 0 << 3 << QList<double>{999, 499.5, 0};
        QTest::newRow("euler_a leading 4 +1") << "euler_a" << leading << 1 << 4 << QList<double>{751, 501, 251, 1};
        QTest::newRow("euler_a trailing 4") << "euler_a" << trailing << 0 << 4 << QList<double>{999, 749, 499, 249};
    }
    void timesteps() {
        QFETCH(QString, sampler);
        QFETCH(int, spacing);
        QFETCH(int, offset);
        QFETCH(int, steps);
        QFETCH(QList<double>, expected);
        std::optional<TimestepSpacing> sp;
        if (spacing >= 0) sp = TimestepSpacing(spacing);
        auto s = build(sampler, sdConfig(sp, offset));
        QVERIFY(s->setTimesteps(steps).ok());
        QCOMPARE(toList(s->timesteps()), expected);
    }

    void fiftyStepLeadingGridsOfGuide() {
        // GUIDE §2: DDIM t_i = (49-i)·20 + 1; DPM++ t_i = (50-i)·19 + 1.
        auto ddim = build("ddim", stableDiffusion1SchedulerConfig());
        QVERIFY(ddim->setTimesteps(50).ok());
        auto dpm = build("dpm++2m", stableDiffusion1SchedulerConfig());
        QVERIFY(dpm->setTimesteps(50).ok());
        QCOMPARE(ddim->numInferenceSteps(), 50);
        QCOMPARE(dpm->numInferenceSteps(), 50);
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(ddim->timesteps()[size_t(i)], double((49 - i) * 20 + 1));
            QCOMPARE(dpm->timesteps()[size_t(i)], double((50 - i) * 19 + 1));
        }
    }

    void scaledLinearSchedule() {
        auto betas = makeBetas(stableDiffusion1SchedulerConfig());
        QVERIFY(betas.ok());
        QCOMPARE(betas->size(0), 1000);
        auto ac = alphasCumprodFromBetas(*betas);
        // β_i = (√0.00085 + i·(√0.012 − √0.00085)/999)², ᾱ = Π(1 − β).
        const double a = std::sqrt(0.00085), b = std::sqrt(0.012);
        double prod = 1.0;
        for (int i = 0; i < 1000; ++i) {
            const double beta = std::pow(a + i * (b - a) / 999.0, 2);
            prod *= 1 - beta;
            if (i == 0 || i == 500 || i == 999) {
                QVERIFY(std::abs(betas->index({i}).item<double>() - beta) < 1e-8);
                QVERIFY2(std::abs(ac[i].item<double>() - prod) < 2e-5 * std::max(prod, 1e-3),
                         qPrintable(QString::number(i)));
            }
        }
        QVERIFY(std::abs(ac[999].item<double>() - 0.0047) < 2e-4);  // SD's well-known terminal ᾱ
    }

    void linearAndCosineSchedules() {
        SchedulerConfig c;
        c.betaSchedule = "linear";
        auto lin = makeBetas(c);
        QVERIFY(lin.ok());
        QVERIFY(std::abs(lin->index({0}).item<double>() - 0.0001) < 1e-9);
        QVERIFY(std::abs(lin->index({999}).item<double>() - 0.02) < 1e-8);
        QVERIFY(std::abs(lin->index({1}).item<double>() - (0.0001 + (0.02 - 0.0001) / 999)) < 1e-8);
        c.betaSchedule = "squaredcos_cap_v2";
        auto cos = makeBetas(c);
        QVERIFY(cos.ok());
        auto f = [](double t) { return std::pow(std::cos((t + 0.008) / 1.008 * M_PI / 2), 2); };
        QVERIFY(std::abs(cos->index({0}).item<double>() - (1 - f(0.001) / f(0.0))) < 1e-7);
        QVERIFY(std::abs(cos->index({400}).item<double>() - (1 - f(0.401) / f(0.4))) < 1e-7);
        QVERIFY(std::abs(cos->index({999}).item<double>() - 0.999) < 1e-7);  // capped
        c.betaSchedule = "sigmoid";
        auto bad = makeBetas(c);
        QVERIFY(!bad.ok());
        QVERIFY(bad.message().find("sigmoid") != std::string::npos);
    }

    void trainedBetasAndZeroSnr() {
        SchedulerConfig c;
        c.numTrainTimesteps = 4;
        c.trainedBetas = {0.1, 0.2, 0.3, 0.4};
        auto s = DdimScheduler::create(c);
        QVERIFY(s.ok());
        QVERIFY(std::abs((*s)->alphasCumprod()[3].item<double>() - 0.9 * 0.8 * 0.7 * 0.6) < 1e-6);
        c.trainedBetas = {0.1, 0.2};
        QVERIFY(!DdimScheduler::create(c).ok());
        SchedulerConfig z = stableDiffusion1SchedulerConfig();
        z.rescaleBetasZeroSnr = true;
        auto zs = DdimScheduler::create(z);
        QVERIFY(zs.ok());
        QVERIFY(std::abs((*zs)->alphasCumprod()[999].item<double>()) < 1e-7);          // zero terminal SNR
        QVERIFY(std::abs((*zs)->alphasCumprod()[0].item<double>() - 0.99915) < 1e-5);  // first kept
    }

    void stepCountLimits() {
        auto s = build("ddim", stableDiffusion1SchedulerConfig());
        QVERIFY(!s->setTimesteps(0).ok());
        QVERIFY(!s->setTimesteps(1001).ok());
        auto tooFar = s->setTimesteps(1000);  // leading with steps_offset 1 reaches t = 1000
        QVERIFY(!tooFar.ok());
        QVERIFY(tooFar.message().find("steps_offset") != std::string::npos);
        QVERIFY(s->setTimesteps(999).ok());
    }

    void eulerInitNoiseSigma() {
        auto s = build("euler_a", sdConfig(TimestepSpacing::Linspace, 0));
        QVERIFY(s->setTimesteps(10).ok());
        const double ac = s->alphasCumprod()[999].item<double>();
        const double sigmaMax = std::sqrt((1 - ac) / ac);
        QVERIFY(std::abs(s->initNoiseSigma() - sigmaMax) < 1e-4 * sigmaMax);  // linspace: σ_max
        auto lead = build("euler_a", sdConfig(TimestepSpacing::Leading, 1));
        QVERIFY(lead->setTimesteps(10).ok());
        const double ac901 = lead->alphasCumprod()[901].item<double>();
        const double s901 = std::sqrt((1 - ac901) / ac901);
        QVERIFY(std::abs(lead->initNoiseSigma() - std::sqrt(s901 * s901 + 1)) < 1e-4 * s901);  // leading: √(σ²+1)
        auto x = torch::full({1, 1, 2, 2}, 3.0);
        auto scaled = lead->scaleModelInput(x, 0);
        QVERIFY(std::abs(scaled[0][0][0][0].item<double>() - 3.0 / std::sqrt(s901 * s901 + 1)) < 1e-4);
    }
};

class TestSchedulerConfig : public QObject {
    Q_OBJECT
private slots:
    void parsesStableDiffusionConfig() {
        const char* text = R"({"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0",
            "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085,
            "num_train_timesteps": 1000, "set_alpha_to_one": false, "skip_prk_steps": true,
            "steps_offset": 1, "trained_betas": null, "clip_sample": false})";
        auto c = parseSchedulerConfig(text);
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        QCOMPARE(QString::fromStdString(c->className), QString("PNDMScheduler"));
        QCOMPARE(c->stepsOffset, 1);
        QCOMPARE(c->setAlphaToOne, std::optional<bool>(false));
        QVERIFY(!c->timestepSpacing.has_value());
        QVERIFY(c->trainedBetas.empty());
        // ReplicaScope has no PNDM sampler: auto falls back to DDIM and says so.
        auto sel = makeScheduler(SamplerKind::FromConfig, *c);
        QVERIFY(sel.ok());
        QCOMPARE(QString::fromStdString(sel->scheduler->name()), QString("ddim"));
        QCOMPARE(int(sel->warnings.size()), 1);
        QVERIFY(sel->warnings[0].find("PNDMScheduler") != std::string::npos);
        // A named sampler gives no warning.
        auto named = makeScheduler(SamplerKind::EulerAncestral, *c);
        QVERIFY(named.ok());
        QVERIFY(named->warnings.empty());
    }

    void autoPicksTheConfiguredClass_data() {
        QTest::addColumn<QString>("className");
        QTest::addColumn<QString>("name");
        QTest::newRow("ddim") << "DDIMScheduler"
                              << "ddim";
        QTest::newRow("dpm") << "DPMSolverMultistepScheduler"
                             << "dpm++2m";
        QTest::newRow("euler a") << "EulerAncestralDiscreteScheduler"
                                 << "euler_a";
    }
    void autoPicksTheConfiguredClass() {
        QFETCH(QString, className);
        QFETCH(QString, name);
        auto c = parseSchedulerConfig(
            QString(R"({"_class_name": "%1", "lambda_min_clipped": -Infinity})").arg(className).toStdString());
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        QVERIFY(std::isinf(c->lambdaMinClipped));
        auto sel = makeScheduler(SamplerKind::FromConfig, *c);
        QVERIFY(sel.ok());
        QCOMPARE(QString::fromStdString(sel->scheduler->name()), name);
        QVERIFY(sel->warnings.empty());
    }

    void refusesWhatItCannotDo_data() {
        QTest::addColumn<QString>("sampler");
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("bad prediction type") << "ddim"
                                             << R"({"prediction_type": "flow"})"
                                             << "prediction_type";
        QTest::newRow("bad spacing") << "ddim"
                                     << R"({"timestep_spacing": "sideways"})"
                                     << "timestep_spacing";
        QTest::newRow("wrong type") << "ddim"
                                    << R"({"steps_offset": "one"})"
                                    << "steps_offset";
        QTest::newRow("not json") << "ddim"
                                  << R"({"steps_offset": )"
                                  << "scheduler_config.json";
        QTest::newRow("karras") << "dpm++2m"
                                << R"({"use_karras_sigmas": true})"
                                << "use_karras_sigmas";
        QTest::newRow("thresholding") << "ddim"
                                      << R"({"thresholding": true})"
                                      << "thresholding";
        QTest::newRow("sde") << "auto"
                             << R"({"_class_name": "DPMSolverMultistepScheduler", "algorithm_type": "sde-dpmsolver++"})"
                             << "sde-dpmsolver++";
        QTest::newRow("order 3") << "auto"
                                 << R"({"_class_name": "DPMSolverMultistepScheduler", "solver_order": 3})"
                                 << "solver_order";
        QTest::newRow("euler sample") << "euler_a"
                                      << R"({"prediction_type": "sample"})"
                                      << "sample";
        QTest::newRow("beta schedule") << "euler_a"
                                       << R"({"beta_schedule": "exp"})"
                                       << "exp";
    }
    void refusesWhatItCannotDo() {
        QFETCH(QString, sampler);
        QFETCH(QString, json);
        QFETCH(QString, mentions);
        auto c = parseSchedulerConfig(json.toStdString());
        std::string message;
        if (!c) {
            message = c.message();
        } else {
            auto sel = makeScheduler(*parseSamplerName(sampler.toStdString()), *c);
            QVERIFY(!sel.ok());
            message = sel.message();
        }
        QVERIFY2(message.find(mentions.toStdString()) != std::string::npos, message.c_str());
    }

    void namedDpmIgnoresOtherVariants() {
        // The user asked for 2M by name: an order-3 config still runs order 2.
        auto c = parseSchedulerConfig(R"({"_class_name": "DPMSolverMultistepScheduler", "solver_order": 3})");
        QVERIFY(c.ok());
        auto sel = makeScheduler(SamplerKind::DpmSolverMultistep, *c);
        QVERIFY(sel.ok());
        QCOMPARE(QString::fromStdString(sel->scheduler->name()), QString("dpm++2m"));
    }

    void samplerNames() {
        QCOMPARE(parseSamplerName("dpm++2m"), std::optional<SamplerKind>(SamplerKind::DpmSolverMultistep));
        QCOMPARE(parseSamplerName("euler_a"), std::optional<SamplerKind>(SamplerKind::EulerAncestral));
        QCOMPARE(parseSamplerName("auto"), std::optional<SamplerKind>(SamplerKind::FromConfig));
        QVERIFY(!parseSamplerName("pndm").has_value());
        for (auto k :
             {SamplerKind::FromConfig, SamplerKind::Ddim, SamplerKind::DpmSolverMultistep, SamplerKind::EulerAncestral})
            QCOMPARE(parseSamplerName(toString(k)), std::optional<SamplerKind>(k));
    }
};

RS_REGISTER_TEST(TestSchedulerTimesteps)
RS_REGISTER_TEST(TestSchedulerConfig)
#include "tst_scheduler.moc"
