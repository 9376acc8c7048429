// TorchScript descriptor loading, validation, sidecars and batching, with modules built here.
#include "base/file_io.h"
#include "base/sha256.h"
#include "metrics/descriptor_preprocess.h"
#include "metrics/descriptor_spec.h"
#include "metrics/descriptor_torchscript.h"

#include "descriptor_test_models.h"
#include "test_images.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using rs::metrics::TorchScriptDescriptor;

namespace {

double norm(const rs::metrics::Descriptor& d) {
    double s = 0;
    for (float v : d) s += double(v) * v;
    return std::sqrt(s);
}

bool contains(const std::string& text, const QString& part) {
    return text.find(part.toStdString()) != std::string::npos;
}

}  // namespace

class TestDescriptorModels : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_good;  // a valid 64-d model without sidecar

    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_good = path("tiny64.pt");
        auto m = rs::test::tinyDescriptorModule(64);
        rs::test::saveModule(m, m_good);
    }

    void loadsSelfBuiltModule() {
        auto model = TorchScriptDescriptor::open(m_good);
        QVERIFY2(model.ok(), model.ok() ? "" : model.message().c_str());
        const auto& info = (*model)->info();
        QCOMPARE(info.kind, std::string("torchscript"));
        QCOMPARE(info.name, std::string("tiny64"));
        QCOMPARE(info.dimension, 64);
        QCOMPARE(info.modelSha256, *rs::sha256File(m_good));
        QVERIFY(!info.thresholdsCalibrated);  // not an SSCD file and no sidecar says so
        QCOMPARE(info.warnings.size(), std::size_t(1));
        QVERIFY(contains(info.warnings[0], "no sidecar"));
    }

    void identicalImagesHaveCosineOne() {
        auto model = TorchScriptDescriptor::open(m_good);
        QVERIFY(model.ok());
        const cv::Mat img = rs::test::drawScene(3);
        auto a = (*model)->describe(img);
        auto b = (*model)->describe(img.clone());
        auto c = (*model)->describe(rs::test::drawScene(4));
        QVERIFY(a.ok() && b.ok() && c.ok());
        QCOMPARE(a->size(), std::size_t(64));
        QVERIFY(std::fabs(norm(*a) - 1.0) < 1e-5);
        auto same = rs::metrics::descriptorCosine(*a, *b);
        QVERIFY(same.ok());
        QVERIFY(*same > 0.99999);
        QVERIFY(*rs::metrics::descriptorCosine(*a, *c) < *same);
    }

    // The SSCD presets: a file named like SSCD's must return SSCD's dimension.
    void sscdFileNames_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<int>("builtDim");
        QTest::addColumn<QString>("error");  // empty: loads
        QTest::newRow("mixup 512 ok") << "sscd_disc_mixup.torchscript.pt" << 512 << "";
        QTest::newRow("large 1024 ok") << "sscd_disc_large.torchscript.pt" << 1024 << "";
        QTest::newRow("mixup wrong dim") << "sscd_disc_mixup.torchscript.pt" << 256
                                         << "returns 256-d descriptors, expected 512-d";
        QTest::newRow("large wrong dim") << "sscd_disc_large.torchscript.pt" << 512
                                         << "returns 512-d descriptors, expected 1024-d";
    }
    void sscdFileNames() {
        QFETCH(QString, fileName);
        QFETCH(int, builtDim);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const std::string file = dir.filePath(fileName).toStdString();
        auto m = rs::test::tinyDescriptorModule(builtDim);
        rs::test::saveModule(m, file);
        auto model = TorchScriptDescriptor::open(file);
        if (error.isEmpty()) {
            QVERIFY2(model.ok(), model.ok() ? "" : model.message().c_str());
            QCOMPARE((*model)->info().dimension, builtDim);
            QVERIFY((*model)->info().thresholdsCalibrated);
            QVERIFY((*model)->info().warnings.empty());
            QCOMPARE((*model)->spec().inputSize, 288);
        } else {
            QVERIFY(!model.ok());
            QVERIFY2(contains(model.message(), error), model.message().c_str());
            QVERIFY(contains(model.message(), QString::fromStdString(file)));
        }
    }

    void invalidFiles_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("error");
        QTest::newRow("missing") << "missing"
                                 << "does not exist";
        QTest::newRow("empty") << "empty"
                               << "is empty";
        QTest::newRow("directory") << "directory"
                                   << "is not a file";
        QTest::newRow("png named .pt") << "png"
                                       << "is not a TorchScript file";
        QTest::newRow("text named .pt") << "text"
                                        << "is not a TorchScript file";
        QTest::newRow("returns tuple") << "tuple"
                                       << "returned Tuple";
        QTest::newRow("returns 3-d") << "3d"
                                     << "expected [1, D]";
        QTest::newRow("returns ints") << "int"
                                      << "non-float";
        QTest::newRow("needs two inputs") << "two_inputs"
                                          << "failed on an input of shape [1, 3, 288, 288]";
    }
    void invalidFiles() {
        QFETCH(QString, kind);
        QFETCH(QString, error);
        QTemporaryDir dir;
        std::string file = dir.filePath("model.pt").toStdString();
        if (kind == "empty") {
            QVERIFY(rs::writeFileAtomically(file, std::string()).ok());
        } else if (kind == "directory") {
            file = dir.path().toStdString();
        } else if (kind == "png") {
            cv::imwrite(file + ".png", rs::test::drawScene(1, 64, 64));
            QVERIFY(QFile::rename(QString::fromStdString(file + ".png"), QString::fromStdString(file)));
        } else if (kind == "text") {
            QVERIFY(rs::writeFileAtomically(file, std::string("this is not a model\n")).ok());
        } else if (kind != "missing") {
            auto m = rs::test::brokenDescriptorModule(kind.toStdString());
            rs::test::saveModule(m, file);
        }
        auto model = TorchScriptDescriptor::open(file);
        QVERIFY(!model.ok());
        QVERIFY2(contains(model.message(), error), model.message().c_str());
        QVERIFY(contains(model.message(), QString::fromStdString(file)));
    }

    void nanOutputIsAnErrorPerImage() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("nan.pt").toStdString();
        auto m = rs::test::brokenDescriptorModule("nan");
        rs::test::saveModule(m, file);
        auto model = TorchScriptDescriptor::open(file);  // the probe's shape is fine
        QVERIFY(model.ok());
        auto d = (*model)->describe(rs::test::drawScene(1, 64, 64));
        QVERIFY(!d.ok());
        QVERIFY2(contains(d.message(), "NaN"), d.message().c_str());
    }

    void sidecarIsUsed() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("custom.pt").toStdString();
        auto m = rs::test::tinyDescriptorModule(32);
        rs::test::saveModule(m, file);
        QVERIFY(rs::writeFileAtomically(file + ".json", std::string(R"({"format": "replicascope-descriptor/1",
            "name": "my-copy-detector", "input_size": 64, "resize": "square", "mean": [0.5, 0.5, 0.5],
            "std": [0.5, 0.5, 0.5], "output_dim": 32, "thresholds_calibrated": true})"))
                    .ok());
        auto model = TorchScriptDescriptor::open(file);
        QVERIFY2(model.ok(), model.ok() ? "" : model.message().c_str());
        QCOMPARE((*model)->info().name, std::string("my-copy-detector"));
        QCOMPARE((*model)->spec().resize, rs::metrics::DescriptorResize::Square);
        QCOMPARE((*model)->spec().inputSize, 64);
        QVERIFY((*model)->info().thresholdsCalibrated);
        QVERIFY(contains((*model)->info().preprocessing, "64x64"));

        // The sidecar's dimension is enforced.
        QVERIFY(rs::writeFileAtomically(file + ".json",
                                        std::string(R"({"format": "replicascope-descriptor/1", "output_dim": 48})"))
                    .ok());
        auto wrong = TorchScriptDescriptor::open(file);
        QVERIFY(!wrong.ok());
        QVERIFY2(contains(wrong.message(), "returns 32-d descriptors, expected 48-d"), wrong.message().c_str());

        // A broken sidecar is an error naming it, not silently ignored.
        QVERIFY(rs::writeFileAtomically(file + ".json", std::string("{ not json")).ok());
        auto broken = TorchScriptDescriptor::open(file);
        QVERIFY(!broken.ok());
        QVERIFY(contains(broken.message(), QString::fromStdString(file + ".json")));
    }

    void sidecarErrors_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << "{"
                                  << "not valid JSON";
        QTest::newRow("array") << "[]"
                               << "JSON object";
        QTest::newRow("no format") << R"({"input_size": 288})"
                                   << "\"format\" must be";
        QTest::newRow("unknown key") << R"({"format": "replicascope-descriptor/1", "inputsize": 288})"
                                     << "unknown key \"inputsize\"";
        QTest::newRow("size 0") << R"({"format": "replicascope-descriptor/1", "input_size": 0})"
                                << "\"input_size\" must be";
        QTest::newRow("size text") << R"({"format": "replicascope-descriptor/1", "input_size": "288"})"
                                   << "\"input_size\" must be";
        QTest::newRow("resize crop") << R"({"format": "replicascope-descriptor/1", "resize": "crop"})"
                                     << "\"resize\" must be";
        QTest::newRow("std zero") << R"({"format": "replicascope-descriptor/1", "std": [0.2, 0, 0.2]})"
                                  << "\"std\" values must be finite and positive";
        QTest::newRow("mean of two") << R"({"format": "replicascope-descriptor/1", "mean": [0.2, 0.2]})"
                                     << "list of 3 numbers";
        QTest::newRow("long side too small")
            << R"({"format": "replicascope-descriptor/1", "input_size": 512, "max_long_side": 256})"
            << "max_long_side";
        QTest::newRow("calibrated text") << R"({"format": "replicascope-descriptor/1", "thresholds_calibrated": "yes"})"
                                         << "true or false";
    }
    void sidecarErrors() {
        QFETCH(QString, json);
        QFETCH(QString, error);
        auto spec = rs::metrics::parseDescriptorSidecar(json.toStdString(), "m.pt.json");
        QVERIFY(!spec.ok());
        QVERIFY2(contains(spec.message(), error), spec.message().c_str());
        QVERIFY(contains(spec.message(), "m.pt.json"));
    }

    void preprocessingFollowsSpec_data() {
        QTest::addColumn<QSize>("image");
        QTest::addColumn<bool>("square");
        QTest::addColumn<QSize>("expected");
        QTest::newRow("512 square, short side") << QSize(512, 512) << false << QSize(288, 288);
        QTest::newRow("landscape, short side") << QSize(600, 300) << false << QSize(576, 288);
        QTest::newRow("portrait upscaled") << QSize(100, 200) << false << QSize(288, 576);
        QTest::newRow("elongated, capped") << QSize(3000, 100) << false << QSize(1024, 34);
        QTest::newRow("landscape, square") << QSize(600, 300) << true << QSize(320, 320);
    }
    void preprocessingFollowsSpec() {
        QFETCH(QSize, image);
        QFETCH(bool, square);
        QFETCH(QSize, expected);
        rs::metrics::DescriptorSpec spec;
        if (square) {
            spec.resize = rs::metrics::DescriptorResize::Square;
            spec.inputSize = 320;
        }
        const cv::Mat img(image.height(), image.width(), CV_8UC3, cv::Scalar(128, 0, 255));  // BGR: R=255 G=0 B=128
        auto in = rs::metrics::preprocessForDescriptor(img, spec);
        QVERIFY(in.ok());
        QCOMPARE(QSize(in->width, in->height), expected);
        const std::size_t plane = std::size_t(in->width) * std::size_t(in->height);
        QCOMPARE(in->chw.size(), 3 * plane);
        const float rgb[3] = {1.0f, 0.0f, 128.0f / 255.0f};
        for (int c = 0; c < 3; ++c) {
            const float want = (rgb[c] - spec.mean[std::size_t(c)]) / spec.std[std::size_t(c)];
            QVERIFY(std::fabs(in->chw[std::size_t(c) * plane + plane / 2] - want) < 1e-4f);
        }
        QVERIFY(!rs::metrics::preprocessForDescriptor(cv::Mat(), spec).ok());
        QVERIFY(!rs::metrics::preprocessForDescriptor(cv::Mat(10, 10, CV_8UC1), spec).ok());
    }

    void batchMatchesSingleAndIsolatesBadImages() {
        auto model = TorchScriptDescriptor::open(m_good);
        QVERIFY(model.ok());
        std::vector<cv::Mat> images;
        for (unsigned s = 0; s < 5; ++s) images.push_back(rs::test::drawScene(s, 256, 256));  // one tensor batch
        images.push_back(cv::Mat());                                                          // bad, alone
        images.push_back(rs::test::drawScene(9, 300, 200));                                   // another size
        auto batch = (*model)->describeBatch(images, 4);
        QCOMPARE(batch.size(), images.size());
        for (std::size_t i = 0; i < images.size(); ++i) {
            if (i == 5) {
                QVERIFY(!batch[i].ok());
                QVERIFY2(contains(batch[i].message(), "image 5"), batch[i].message().c_str());
                continue;
            }
            QVERIFY2(batch[i].ok(), batch[i].ok() ? "" : batch[i].message().c_str());
            auto single = (*model)->describe(images[i]);
            QVERIFY(single.ok());
            QVERIFY(*rs::metrics::descriptorCosine(*single, *batch[i]) > 0.99999);
        }
    }

    void factoryOpensBothKinds() {
        auto builtin = rs::metrics::openDescriptorExtractor("");
        QVERIFY(builtin.ok());
        QCOMPARE((*builtin)->info().kind, std::string("builtin"));
        auto ts = rs::metrics::openDescriptorExtractor(m_good);
        QVERIFY(ts.ok());
        QCOMPARE((*ts)->info().kind, std::string("torchscript"));
        auto missing = rs::metrics::openDescriptorExtractor(path("nope.pt"));
        QVERIFY(!missing.ok());
    }
};

RS_REGISTER_TEST(TestDescriptorModels)
#include "tst_descriptor_models.moc"
