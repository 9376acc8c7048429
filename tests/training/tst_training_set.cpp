// The default model's training set: file-name parsing, determinism on the real openclipart-png
// tree, the packed file against the written PNGs, and refusal of missing / corrupt sources.
#include "training/training_data.h"
#include "training/training_set.h"

#include "test_registry.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>

using namespace rs::reference;
namespace fs = std::filesystem;

namespace {

const std::string kBpe = std::string(RS_RESOURCE_DIR) + "/clip/bpe_simple_vocab_16e6.txt.gz";

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

bool haveClipArt() { return fs::is_directory(kOpenClipArtRoot); }

// A small tree shaped like openclipart-png from real files, one author each.
fs::path makeTree(const fs::path& root) {
    const fs::path src = kOpenClipArtRoot;
    const std::pair<const char*, const char*> files[] = {
        {"science/astronomy/saturn_dan_gerhards_01.png", "animals/saturn_dan_gerhards_01.png"},
        {"recreation/music/boombox_linda_kim_01.png", "music/boombox_linda_kim_01.png"},
        {"tools/hammer_nicu_buculei_01.png", "tools/hammer_nicu_buculei_01.png"},
        {"electronics/bulb/lightbulb_jon_phillips_04.png", "tools/lightbulb_jon_phillips_04.png"},
    };
    for (const auto& [from, to] : files) {
        fs::create_directories((root / to).parent_path());
        fs::copy_file(src / from, root / to, fs::copy_options::overwrite_existing);
    }
    return root;
}

TrainingSetOptions smallOptions(const fs::path& source, const fs::path& out, int count) {
    TrainingSetOptions o;
    o.sourceRoot = source;
    o.outDir = out;
    o.bpeVocabPath = kBpe;
    o.count = count;
    o.size = 32;
    o.seed = 5;
    return o;
}

}  // namespace

class TestTrainingSet : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path dir(const std::string& name) const { return fs::path(m_dir.path().toStdString()) / name; }

private slots:
    void parsesOpenClipArtNames_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("caption");
        QTest::newRow("cut author") << "animals/mammals/bears/orso_architetto_francesc_02.png"
                                    << "orso, bears clip art by Architetto Francesco Rollandin";
        QTest::newRow("whole author") << "science/astronomy/full_moon_dan_gerhards_01.png"
                                      << "full moon, astronomy clip art by Dan Gerhards";
        QTest::newRow("cut inside a name") << "recreation/music/microphone_stand_gerald__01.png"
                                           << "microphone stand, music clip art by Gerald G.";
        QTest::newRow("apostrophe entity") << "office/cassa_d_39_epoca_archite_01.png"
                                           << "cassa d'epoca, office clip art by Architetto Francesco Rollandin";
        QTest::newRow("alias") << "signs_and_symbols/recycling_symbol_a.j._as_01.png"
                               << "recycling symbol, signs and symbols clip art by AJ Ashton";
        QTest::newRow("no number") << "people/blacksmith_ganson.png"
                                   << "";
        QTest::newRow("unknown author") << "food/a_teapot_01.png"
                                        << "";
        QTest::newRow("author only") << "people/dan_gerhards_01.png"
                                     << "";
    }
    void parsesOpenClipArtNames() {
        QFETCH(QString, path);
        QFETCH(QString, caption);
        auto item = parseClipArtPath(path.toStdString());
        if (caption.isEmpty()) {
            QVERIFY2(!item, item ? item->caption().c_str() : "");
            return;
        }
        QVERIFY(item.has_value());
        QCOMPARE(QString::fromStdString(item->caption()), caption);
        QCOMPARE(QString::fromStdString(item->relativePath), path);
    }

    void sameOptionsGiveIdenticalFiles() {
        if (!haveClipArt()) QSKIP("openclipart-png is not installed");
        auto a = buildTrainingSet(smallOptions(kOpenClipArtRoot, dir("a"), 30));
        QVERIFY2(a.ok(), a.ok() ? "" : a.message().c_str());
        auto b = buildTrainingSet(smallOptions(kOpenClipArtRoot, dir("b"), 30));
        QVERIFY2(b.ok(), b.ok() ? "" : b.message().c_str());
        QCOMPARE(a->manifestSha256, b->manifestSha256);
        for (const char* file : {"manifest.json", "manifest.csv", "ATTRIBUTION.txt", "training_set.rstrain"}) {
            const std::string fa = readAll(dir("a") / file), fb = readAll(dir("b") / file);
            QVERIFY2(!fa.empty() && fa == fb, file);
        }
        QCOMPARE(a->images.size(), size_t(30));
        // 10% duplicated (3 images: factors 2, 5, 10 in turn), the rest once
        std::map<int, int> histogram;
        for (const auto& im : a->images) ++histogram[im.duplicates];
        QCOMPARE(histogram[1], 27);
        QCOMPARE(histogram[2], 1);
        QCOMPARE(histogram[5], 1);
        QCOMPARE(histogram[10], 1);
        QCOMPARE(a->streamLength, int64_t(27 + 2 + 5 + 10));
        // another seed, another selection
        auto c = buildTrainingSet([&] {
            auto o = smallOptions(kOpenClipArtRoot, dir("c"), 30);
            o.seed = 6;
            return o;
        }());
        QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
        QVERIFY(c->manifestSha256 != a->manifestSha256);
    }

    void packedFileMatchesTheImages() {
        if (!haveClipArt()) QSKIP("openclipart-png is not installed");
        auto a = buildTrainingSet(smallOptions(kOpenClipArtRoot, dir("packed"), 12));
        QVERIFY2(a.ok(), a.ok() ? "" : a.message().c_str());
        auto packed = rs::diffusion::readPackedTrainingSet(a->packedPath);
        QVERIFY2(packed.ok(), packed.ok() ? "" : packed.message().c_str());
        QCOMPARE(packed->size(), a->images.size());
        QCOMPARE(packed->height, 32u);
        for (size_t i = 0; i < a->images.size(); ++i) {
            const auto& im = a->images[i];
            QCOMPARE(packed->captions[i], im.source.caption());
            QCOMPARE(packed->ids[i], im.id);
            QCOMPARE(int(packed->duplicateCounts[i]), im.duplicates);
            QCOMPARE(packed->tokens[i * 77], 49406);  // BOS
            cv::Mat png = cv::imread((dir("packed") / im.file).string(), cv::IMREAD_COLOR);
            QCOMPARE(png.rows, 32);
            cv::cvtColor(png, png, cv::COLOR_BGR2RGB);
            QVERIFY(std::equal(png.data, png.data + png.total() * 3, packed->pixels.begin() + long(i * 32 * 32 * 3)));
            // white padding around the fitted drawing
            QCOMPARE(int(png.at<cv::Vec3b>(0, 0)[0]), 255);
        }
        const std::string csv = readAll(dir("packed") / "manifest.csv");
        QVERIFY(csv.rfind("id,file,caption,title,subject,author,source,source_sha256,sha256,duplicates,licence\n", 0) ==
                0);
        QVERIFY(csv.find("public domain (Open Clip Art Library)") != std::string::npos);
    }

    void rejectsCorruptSource() {
        if (!haveClipArt()) QSKIP("openclipart-png is not installed");
        const fs::path root = makeTree(dir("corrupt-src"));
        fs::create_directories(root / "food");
        std::ofstream(root / "food/broken_toast_mateya_01.png", std::ios::binary)
            << "\x89PNG\r\n\x1a\n not really a png";
        auto r = buildTrainingSet(smallOptions(root, dir("corrupt-out"), 5));
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("broken_toast_mateya_01.png") != std::string::npos, r.message().c_str());
        QVERIFY2(r.message().find("cannot be used") != std::string::npos, r.message().c_str());
        QVERIFY(!fs::exists(dir("corrupt-out") / "manifest.json"));
    }

    void rejectsMissingSource() {
        if (!haveClipArt()) QSKIP("openclipart-png is not installed");
        const fs::path root = makeTree(dir("missing-src"));
        fs::create_symlink(root / "nowhere/gone_yves_guillou_01.png", root / "tools/gone_yves_guillou_01.png");
        auto r = buildTrainingSet(smallOptions(root, dir("missing-out"), 4));
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("gone_yves_guillou_01.png") != std::string::npos, r.message().c_str());
        QVERIFY2(r.message().find("missing") != std::string::npos, r.message().c_str());
    }

    void refusesTooFewImages() {
        if (!haveClipArt()) QSKIP("openclipart-png is not installed");
        const fs::path root = makeTree(dir("few-src"));
        auto r = buildTrainingSet(smallOptions(root, dir("few-out"), 10));
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("only 4 usable images") != std::string::npos, r.message().c_str());
        auto ok = buildTrainingSet(smallOptions(root, dir("few-out"), 4));
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.message().c_str());
        QCOMPARE(ok->scan.items.size(), size_t(4));
    }
};

RS_REGISTER_TEST(TestTrainingSet)
#include "tst_training_set.moc"
