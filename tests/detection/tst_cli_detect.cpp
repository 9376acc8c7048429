// replicascope-cli compare / cliques end to end: real files on disk, the real executable, exit codes.
// libtorch first: Qt's `slots` keyword would break its headers.
#include "descriptor_test_models.h"

#include "cli_runner.h"
#include "test_images.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = rs::test::CliRun;

Run runCli(const QStringList& args) { return rs::test::runCli(args, {"REPLICASCOPE_DESCRIPTOR"}); }

QString write(const QTemporaryDir& dir, const QString& name, const cv::Mat& img, int jpegQuality = 0) {
    const QString path = dir.filePath(name);
    std::vector<int> params;
    if (jpegQuality) params = {cv::IMWRITE_JPEG_QUALITY, jpegQuality};
    if (!cv::imwrite(path.toStdString(), img, params)) qFatal("cannot write %s", qPrintable(path));
    return path;
}

// One prompt's generations: `copies` noisy re-encodings of one scene among distinct scenes.
cv::Mat noisyCopy(const cv::Mat& scene, int seed) {
    cv::Mat noise(scene.size(), CV_16SC3), out;
    cv::RNG(seed).fill(noise, cv::RNG::NORMAL, 0, 3);
    cv::Mat s16;
    scene.convertTo(s16, CV_16SC3);
    cv::add(s16, noise, s16);
    s16.convertTo(out, CV_8UC3);
    return out;
}

}  // namespace

class TestCliDetect : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_clipA, m_clipACopy, m_sceneA, m_sceneB;

private slots:
    void initTestCase() {
        QVERIFY(QFile::exists(QStringLiteral(RS_BINARY_DIR "/app/replicascope-cli")));
        const auto clips = rs::test::clipartFiles(2);
        if (clips.size() < 2) QSKIP("openclipart-png is not installed (needed for real images)");
        m_clipA = QString::fromStdString(clips[0]);
        m_clipACopy = write(m_dir, "clip_copy.jpg", rs::test::loadCanonical(clips[0]), 75);
        m_sceneA = write(m_dir, "scene_a.png", rs::test::drawScene(21, 384, 384));
        m_sceneB = write(m_dir, "scene_b.png", rs::test::drawScene(22, 384, 384));
    }

    void compareCopyCrossesThresholds() {
        const Run r = runCli({"compare", m_clipA, m_clipACopy, "--json"});
        QCOMPARE(r.exitCode, 1);  // a copy was found
        const QJsonObject j = r.json();
        QVERIFY2(!j.isEmpty(), r.err.constData());
        QVERIFY(j["any_crossed"].toBool());
        const QJsonObject tiled = j["tiled_l2"].toObject();
        QVERIFY(tiled["distance"].toDouble() < 0.15);
        QCOMPARE(tiled["tiles"].toArray().size(), 4);
        QCOMPARE(tiled["tiles"].toArray()[0].toArray().size(), 4);
        QVERIFY(j["phash"].toObject()["hamming"].toInt() <= 10);
        QVERIFY(j.contains("partial_copy"));
        QVERIFY(!j.contains("descriptor"));
        bool tiledChecked = false;
        for (const auto& c : j["checks"].toArray())
            if (c.toObject()["metric"].toString() == "tiled_l2") tiledChecked = c.toObject()["crossed"].toBool();
        QVERIFY(tiledChecked);
    }

    void compareUnrelatedCrossesNothing() {
        const Run r = runCli({"compare", m_sceneA, m_sceneB, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = r.json();
        QVERIFY(!j["any_crossed"].toBool());
        QVERIFY(j["tiled_l2"].toObject()["distance"].toDouble() > 0.15);

        const Run text = runCli({"compare", m_sceneA, m_sceneB, "--no-partial"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("tiled l2:"));
        QVERIFY(text.out.contains("verdict: no threshold crossed"));
        QVERIFY(text.out.contains("partial copy: not run"));
    }

    void compareWithDescriptorModel() {
        const QString model = m_dir.filePath("sscd_disc_mixup.torchscript.pt");
        auto m = rs::test::tinyDescriptorModule(512);
        rs::test::saveModule(m, model.toStdString());
        const QString evidence = m_dir.filePath("evidence.png");
        const Run r = runCli({"compare", m_sceneA, m_sceneA, "--json", "--descriptor", model, "--evidence", evidence});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject d = r.json()["descriptor"].toObject();
        QVERIFY2(!d.isEmpty(), r.err.constData());
        QVERIFY(d["cosine"].toDouble() > 0.9999);
        QCOMPARE(d["dimension"].toInt(), 512);
        QVERIFY(d["thresholds_calibrated"].toBool());
        QVERIFY(QFileInfo(evidence).size() > 1000);
        QVERIFY(!cv::imread(evidence.toStdString()).empty());

        // A PNG under a model's name.
        const QString notModel = m_dir.filePath("not_a_model.pt");
        QVERIFY(QFile::rename(write(m_dir, "not_a_model.png", rs::test::drawScene(1, 32, 32)), notModel));
        const Run bad = runCli({"compare", m_sceneA, m_sceneB, "--descriptor", notModel});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("is not a TorchScript file"), bad.err.constData());
    }

    void compareErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("help") << QStringList{"compare", "--help"} << 0 << "";
        QTest::newRow("one image") << QStringList{"compare", "a.png"} << 2 << "exactly two image files";
        QTest::newRow("bad grid") << QStringList{"compare", "a.png", "b.png", "--grid", "four"} << 2 << "--grid";
        QTest::newRow("unknown option") << QStringList{"compare", "a.png", "b.png", "--fast"} << 2
                                        << "unknown option --fast";
        QTest::newRow("missing file") << QStringList{"compare", "/nonexistent/a.png", "/nonexistent/b.png"} << 1
                                      << "/nonexistent/a.png";
    }
    void compareErrors() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, exitCode);
        if (exitCode == 0)
            QVERIFY(r.out.contains("usage: replicascope-cli compare"));
        else
            QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }

    void cliquesFindsPlantedGroup() {
        QTemporaryDir gens;
        const cv::Mat memorized = rs::test::drawScene(5, 256, 256);
        QStringList copies;
        for (int i = 0; i < 12; ++i)
            copies << QFileInfo(
                          write(gens, QString("gen_%1.jpg").arg(i * 3, 3, 10, QChar('0')), noisyCopy(memorized, i), 92))
                          .fileName();
        for (int i = 0; i < 24; ++i)
            if (i % 3)
                write(gens, QString("gen_%1.png").arg(i + 100, 3, 10, QChar('0')),
                      rs::test::drawScene(unsigned(300 + i), 256, 256));
        const cv::Mat valid = rs::test::drawScene(77, 64, 64);
        std::vector<uchar> png;
        cv::imencode(".png", valid, png);
        QFile truncated(gens.filePath("broken.png"));
        QVERIFY(truncated.open(QIODevice::WriteOnly));
        truncated.write(reinterpret_cast<const char*>(png.data()), qint64(png.size() / 2));
        truncated.close();
        QFile readme(gens.filePath("README.txt"));
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.write("not an image\n");
        readme.close();

        const Run r = runCli({"cliques", "--images", gens.path(), "--json"});
        QCOMPARE(r.exitCode, 1);  // flagged
        const QJsonObject j = r.json();
        QVERIFY2(!j.isEmpty(), r.err.constData());
        QVERIFY(j["flagged"].toBool());
        QVERIFY(j["exact"].toBool());
        const QJsonObject clique = j["maximum_clique"].toObject();
        QCOMPARE(clique["size"].toInt(), 12);
        QStringList members;
        for (const auto& m : clique["members"].toArray()) members << m.toString();
        copies.sort();
        QCOMPARE(members, copies);
        QVERIFY(copies.contains(clique["medoid"].toString()));
        QVERIFY(clique["mean_distance"].toDouble() < 0.1);
        QCOMPARE(j["skipped"].toArray().size(), 1);
        QCOMPARE(j["skipped"].toArray()[0].toObject()["file"].toString(), QString("broken.png"));
        QCOMPARE(j["ignored"].toArray().size(), 1);
        QCOMPARE(j["images"].toArray().size(), 12 + 16);
        QCOMPARE(j["components"].toArray().size(), 1);

        // Higher bar: not flagged, but the unreadable file still makes the run report a problem.
        const Run higher = runCli({"cliques", "--images", gens.path(), "--min-size", "13"});
        QCOMPARE(higher.exitCode, 1);
        QVERIFY(higher.out.contains("not flagged"));
        QVERIFY(higher.err.contains("broken.png"));

        QVERIFY(QFile::remove(gens.filePath("broken.png")));
        const Run clean = runCli({"cliques", "--images", gens.path(), "--min-size", "13"});
        QCOMPARE(clean.exitCode, 0);
        const Run flagged = runCli({"cliques", "--images", gens.path()});
        QCOMPARE(flagged.exitCode, 1);
        QVERIFY(flagged.out.contains("FLAGGED"));
    }

    void cliquesErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("help") << QStringList{"cliques", "--help"} << 0 << "";
        QTest::newRow("no folder") << QStringList{"cliques"} << 2 << "--images DIR is required";
        QTest::newRow("min size 1") << QStringList{"cliques", "--images", "/tmp", "--min-size", "1"} << 2
                                    << "minimum clique size";
        QTest::newRow("negative threshold")
            << QStringList{"cliques", "--images", "/tmp", "--threshold", "-1"} << 2 << "edge threshold";
        QTest::newRow("not a folder") << QStringList{"cliques", "--images", "/nonexistent/gens"} << 1
                                      << "is not a folder";
    }
    void cliquesErrors() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, exitCode);
        if (exitCode == 0)
            QVERIFY(r.out.contains("usage: replicascope-cli cliques"));
        else
            QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }

    void cliquesNeedsTwoImages() {
        QTemporaryDir one;
        write(one, "only.png", rs::test::drawScene(1, 64, 64));
        const Run r = runCli({"cliques", "--images", one.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("nothing to compare"));
    }
};

RS_REGISTER_TEST(TestCliDetect)
#include "tst_cli_detect.moc"
