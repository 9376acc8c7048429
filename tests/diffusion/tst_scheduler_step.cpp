// One update of each sampler on small tensors against values worked out from the equations
// (DDIM eq. 12, DPM-Solver++ 1 and 2M, Euler ancestral), with ᾱ computed here in double.
// libtorch before Qt: Qt's "slots" macro breaks torch/jit headers.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "diffusion/schedulers/image_generators.h"
#include "diffusion/schedulers/scheduler_ddim.h"
#include "diffusion/schedulers/scheduler_dpm_solver.h"
#include "diffusion/schedulers/scheduler_euler_ancestral.h"
#include "diffusion/schedulers/scheduler_factory.h"

#include "test_registry.h"

#include <QtTest>


#include <cmath>

using namespace rs::diffusion;

namespace {

// SD1.x ᾱ_t in double: Π (1 − (√0.00085 + i·(√0.012 − √0.00085)/999)²).
double alphaBar(int t) {
    const double a = std::sqrt(0.00085), b = std::sqrt(0.012);
    double prod = 1.0;
    for (int i = 0; i <= t; ++i) prod *= 1 - std::pow(a + i * (b - a) / 999.0, 2);
    return prod;
}
double sigmaOf(int t) { return std::sqrt((1 - alphaBar(t)) / alphaBar(t)); }

torch::Tensor values(std::initializer_list<double> v) {
    return torch::tensor(std::vector<double>(v), torch::kFloat32).reshape({1, 1, 2, 2});
}
const auto kSample = [] { return values({0.5, -1.25, 2.0, 0.1}); };
const auto kOutput = [] { return values({0.3, 0.7, -0.4, 1.1}); };
const auto kOutput2 = [] { return values({-0.2, 0.9, 0.05, 0.6}); };

// Largest absolute difference to the expected tensor.
double maxDiff(const torch::Tensor& got, const torch::Tensor& expected) {
    return (got.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
}

SchedulerConfig sd(PredictionType p = PredictionType::Epsilon) {
    auto c = stableDiffusion1SchedulerConfig();
    c.predictionType = p;
    return c;
}

// Noise the scheduler should draw: the seed's own CPU generator, float32, per-image shape.
torch::Tensor noiseFor(uint64_t seed, int draws) {
    auto g = at::detail::createCPUGenerator(seed);
    torch::Tensor n;
    for (int i = 0; i < draws; ++i) n = at::randn({1, 2, 2}, g, torch::TensorOptions().dtype(torch::kFloat32));
    return n.unsqueeze(0);
}

}  // namespace

class TestSchedulerStep : public QObject {
    Q_OBJECT
private slots:
    void ddimStep_data() {
        QTest::addColumn<int>("prediction");
        QTest::addColumn<int>("stepIndex");
        QTest::addColumn<bool>("alphaToOne");
        QTest::newRow("epsilon first") << int(PredictionType::Epsilon) << 0 << false;
        QTest::newRow("epsilon middle") << int(PredictionType::Epsilon) << 4 << false;
        QTest::newRow("epsilon last, alpha_0") << int(PredictionType::Epsilon) << 9 << false;
        QTest::newRow("epsilon last, alpha one") << int(PredictionType::Epsilon) << 9 << true;
        QTest::newRow("v first") << int(PredictionType::VPrediction) << 0 << false;
        QTest::newRow("v last") << int(PredictionType::VPrediction) << 9 << false;
        QTest::newRow("sample middle") << int(PredictionType::Sample) << 4 << false;
    }
    void ddimStep() {
        QFETCH(int, prediction);
        QFETCH(int, stepIndex);
        QFETCH(bool, alphaToOne);
        auto c = sd(PredictionType(prediction));
        c.setAlphaToOne = alphaToOne;
        auto s = DdimScheduler::create(c);
        QVERIFY(s.ok());
        QVERIFY((*s)->setTimesteps(10).ok());
        const int t = 901 - 100 * stepIndex, prev = t - 100;
        QCOMPARE((*s)->timesteps()[size_t(stepIndex)], double(t));
        QCOMPARE((*s)->previousTimestep(stepIndex), long(prev));
        const double at = alphaBar(t);
        const double ap = prev >= 0 ? alphaBar(prev) : (alphaToOne ? 1.0 : alphaBar(0));
        const auto x = kSample(), m = kOutput();
        torch::Tensor x0, eps;
        if (PredictionType(prediction) == PredictionType::Epsilon) {
            x0 = (x - std::sqrt(1 - at) * m) / std::sqrt(at);
            eps = m;
        } else if (PredictionType(prediction) == PredictionType::VPrediction) {
            x0 = std::sqrt(at) * x - std::sqrt(1 - at) * m;
            eps = std::sqrt(at) * m + std::sqrt(1 - at) * x;
        } else {
            x0 = m;
            eps = (x - std::sqrt(at) * m) / std::sqrt(1 - at);
        }
        const auto expected = std::sqrt(ap) * x0 + std::sqrt(1 - ap) * eps;
        const auto got = (*s)->step(m, stepIndex, x, nullptr);
        QVERIFY2(maxDiff(got, expected) < 1e-4, qPrintable(QString::number(maxDiff(got, expected))));
    }

    void ddimEtaAddsSeededNoise() {
        auto s = DdimScheduler::create(sd(), 1.0);
        QVERIFY(s.ok());
        QVERIFY((*s)->isStochastic());
        QVERIFY((*s)->setTimesteps(10).ok());
        const double at = alphaBar(501), ap = alphaBar(401);
        const double variance = ((1 - ap) / (1 - at)) * (1 - at / ap);
        const double sd = std::sqrt(variance);
        const auto x = kSample(), m = kOutput();
        const auto x0 = (x - std::sqrt(1 - at) * m) / std::sqrt(at);
        const auto expected = std::sqrt(ap) * x0 + std::sqrt(1 - ap - variance) * m + sd * noiseFor(42, 1);
        ImageGenerators gens({42});
        const auto got = (*s)->step(m, 4, x, &gens);
        QVERIFY2(maxDiff(got, expected) < 1e-4, qPrintable(QString::number(maxDiff(got, expected))));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, (*s)->step(m, 4, x, nullptr));
    }

    void clipSample() {
        auto c = sd();
        c.clipSample = true;
        auto s = DdimScheduler::create(c);
        QVERIFY(s.ok());
        QVERIFY((*s)->setTimesteps(10).ok());
        const double at = alphaBar(901), ap = alphaBar(801);
        const auto x = kSample(), m = kOutput();
        const auto x0 = ((x - std::sqrt(1 - at) * m) / std::sqrt(at)).clamp(-1, 1);
        const auto expected = std::sqrt(ap) * x0 + std::sqrt(1 - ap) * m;
        QVERIFY(maxDiff((*s)->step(m, 0, x, nullptr), expected) < 1e-4);
    }

    void dpmSolverSequence_data() {
        QTest::addColumn<int>("prediction");
        QTest::newRow("epsilon") << int(PredictionType::Epsilon);
        QTest::newRow("v") << int(PredictionType::VPrediction);
    }
    void dpmSolverSequence() {
        // N = 3, leading, offset 1: r = 1000 // 4 = 250, t = 751, 501, 251; σ after the last is 0.
        QFETCH(int, prediction);
        const auto type = PredictionType(prediction);
        auto s = DpmSolverMultistepScheduler::create(sd(type));
        QVERIFY(s.ok());
        QVERIFY((*s)->setTimesteps(3).ok());
        QCOMPARE(QList<double>((*s)->timesteps().begin(), (*s)->timesteps().end()), (QList<double>{751, 501, 251}));
        QVERIFY((*s)->isFirstOrderStep(0));
        QVERIFY(!(*s)->isFirstOrderStep(1));
        QVERIFY((*s)->isFirstOrderStep(2));
        struct AS {
            double alpha, sigma, lambda;
        };
        auto as = [](double sigma) {
            const double a = 1 / std::sqrt(sigma * sigma + 1);
            return AS{a, sigma * a, std::log(a) - std::log(sigma * a)};
        };
        auto x0Of = [&](const torch::Tensor& x, const torch::Tensor& m, int t) {
            const auto p = as(sigmaOf(t));
            return type == PredictionType::Epsilon ? (x - p.sigma * m) / p.alpha : p.alpha * x - p.sigma * m;
        };
        // Step 0: first order from 751 to 501.
        const auto x = kSample();
        const auto d0 = x0Of(x, kOutput(), 751);
        const auto s0 = as(sigmaOf(751)), t1 = as(sigmaOf(501));
        const double h1 = t1.lambda - s0.lambda;
        const auto expected1 = (t1.sigma / s0.sigma) * x - t1.alpha * (std::exp(-h1) - 1) * d0;
        const auto got1 = (*s)->step(kOutput(), 0, x, nullptr);
        QVERIFY2(maxDiff(got1, expected1) < 1e-4, qPrintable(QString::number(maxDiff(got1, expected1))));
        // Step 1: second order (midpoint) from 501 to 251 with the previous x̂0.
        const auto m0 = x0Of(expected1, kOutput2(), 501);
        const auto t2 = as(sigmaOf(251));
        const double h = t2.lambda - t1.lambda, h0 = t1.lambda - s0.lambda, r0 = h0 / h;
        const auto D1 = (1 / r0) * (m0 - d0);
        const double phi = t2.alpha * (std::exp(-h) - 1);
        const auto expected2 = (t2.sigma / t1.sigma) * expected1 - phi * m0 - 0.5 * phi * D1;
        const auto got2 = (*s)->step(kOutput2(), 1, got1, nullptr);
        QVERIFY2(maxDiff(got2, expected2) < 1e-4, qPrintable(QString::number(maxDiff(got2, expected2))));
        // Step 2: to σ = 0, the result is the data prediction itself.
        const auto expected3 = x0Of(got2, kOutput(), 251);
        const auto got3 = (*s)->step(kOutput(), 2, got2, nullptr);
        QVERIFY2(maxDiff(got3, expected3) < 1e-4, qPrintable(QString::number(maxDiff(got3, expected3))));
        // The history is per run: out of order is refused, setTimesteps starts again.
        QVERIFY_THROWS_EXCEPTION(std::logic_error, (*s)->step(kOutput(), 1, x, nullptr));
        QVERIFY((*s)->setTimesteps(3).ok());
        QVERIFY(maxDiff((*s)->step(kOutput(), 0, x, nullptr), expected1) < 1e-4);
    }

    void dpmSolverSigmaMinFinal() {
        auto c = sd();
        c.finalSigmasType = "sigma_min";
        auto s = DpmSolverMultistepScheduler::create(c);
        QVERIFY(s.ok());
        QVERIFY((*s)->setTimesteps(2).ok());  // 667, 334; final σ = σ_0
        QVERIFY(std::abs((*s)->sigmas().back() - sigmaOf(0)) < 1e-5);
        QVERIFY((*s)->isFirstOrderStep(1));  // fewer than 15 steps: the last is first order
    }

    void eulerAncestralStep_data() {
        QTest::addColumn<int>("prediction");
        QTest::newRow("epsilon") << int(PredictionType::Epsilon);
        QTest::newRow("v") << int(PredictionType::VPrediction);
    }
    void eulerAncestralStep() {
        // N = 4, linspace: t = 999, 666, 333, 0; one step from σ(999) to σ(666).
        QFETCH(int, prediction);
        const auto type = PredictionType(prediction);
        auto c = sd(type);
        c.timestepSpacing = TimestepSpacing::Linspace;
        auto s = EulerAncestralScheduler::create(c);
        QVERIFY(s.ok());
        QVERIFY((*s)->setTimesteps(4).ok());
        const double sigma = sigmaOf(999), sigmaTo = sigmaOf(666);
        QVERIFY(std::abs((*s)->sigmas()[0] - sigma) < 1e-4 * sigma);
        const auto x = kSample() * sigma, m = kOutput();
        const auto x0 = type == PredictionType::Epsilon
                            ? x - sigma * m
                            : m * (-sigma / std::sqrt(sigma * sigma + 1)) + x / (sigma * sigma + 1);
        const double up = std::sqrt(sigmaTo * sigmaTo * (sigma * sigma - sigmaTo * sigmaTo) / (sigma * sigma));
        const double down = std::sqrt(sigmaTo * sigmaTo - up * up);
        const auto expected = x + (x - x0) / sigma * (down - sigma) + noiseFor(7, 1) * up;
        ImageGenerators gens({7});
        const auto got = (*s)->step(m, 0, x, &gens);
        const double tol = 1e-4 * sigma;
        QVERIFY2(maxDiff(got, expected) < tol, qPrintable(QString::number(maxDiff(got, expected))));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, (*s)->step(m, 0, x, nullptr));
    }

    void eulerAncestralFractionalSigma() {
        // t = 499.5 lies halfway between train steps 499 and 500: σ interpolates linearly.
        auto c = sd();
        c.timestepSpacing = TimestepSpacing::Linspace;
        auto lin = EulerAncestralScheduler::create(c);
        QVERIFY(lin.ok());
        QVERIFY((*lin)->setTimesteps(3).ok());
        const double expected = 0.5 * (sigmaOf(499) + sigmaOf(500));
        QVERIFY(std::abs((*lin)->sigmas()[1] - expected) < 1e-5);
        QCOMPARE((*lin)->sigmas()[3], 0.0);
    }

    void generatorsArePerImage() {
        // Row i of a batch draw equals what seed i draws alone, whatever the other seeds.
        ImageGenerators batch({5, 9, 5});
        const auto n = batch.randn({4, 3, 3}, torch::kCPU);
        ImageGenerators alone({9});
        QVERIFY(torch::equal(n[1], alone.randn({4, 3, 3}, torch::kCPU)[0]));
        QVERIFY(torch::equal(n[0], n[2]));
        QVERIFY(!torch::equal(n[0], n[1]));
        // The second draw continues each generator's own stream.
        const auto second = batch.randn({4, 3, 3}, torch::kCPU);
        QVERIFY(!torch::equal(second[0], n[0]));
        QVERIFY(torch::equal(second[0], second[2]));
    }
};

RS_REGISTER_TEST(TestSchedulerStep)
#include "tst_scheduler_step.moc"
