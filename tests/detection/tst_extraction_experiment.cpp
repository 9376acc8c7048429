// The extraction experiment's analysis (experiment.jsonl -> table): synthetic dumps with known
// outcomes, hostile input, and 'replicascope-cli experiment' end to end.
#include "cli_runner.h"
#include "experiment_dump_builder.h"
#include "test_registry.h"

#include "detection/extraction_experiment.h"
#include "detection/extraction_report.h"

#include <opencv2/imgcodecs.hpp>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using rs::test::dumpLine;
using rs::test::makeCaption;

namespace {

rs::Expected<rs::detection::ExperimentResult> analyze(const std::string& text) {
    auto dump = rs::detection::parseExperimentDump(text, "test.jsonl");
    if (!dump) return dump.error();
    return rs::detection::analyzeExperiment(*dump);
}

// A caption's line with one field's value replaced (the value's text up to the next key).
std::string withField(std::string line, const std::string& key, const std::string& value) {
    const std::string k = "\"" + key + "\":";
    const auto start = line.find(k) + k.size();
    auto end = line.find(",\"", start);
    if (end == std::string::npos) end = line.rfind('}');
    return line.replace(start, end - start, value);
}

std::string renamed(std::string line, const std::string& key, const std::string& to) {
    return line.replace(line.find("\"" + key + "\""), key.size() + 2, "\"" + to + "\"");
}

std::string zeros(int n) {
    std::string s = "[0";
    for (int i = 1; i < n; ++i) s += ",0";
    return s + "]";
}

}  // namespace

class TestExtractionExperiment : public QObject {
    Q_OBJECT

private slots:
    void captionOutcome_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("clique");
        QTest::addColumn<bool>("flagged");
        QTest::addColumn<bool>("extractedAny");
        QTest::addColumn<bool>("extractedOwn");
        QTest::addColumn<bool>("closestWithin");
        QTest::newRow("12 copies of the own image") << "memorized" << 12 << true << true << true << true;
        QTest::newRow("all distances 0.5") << "diverse" << 1 << false << false << false << false;
        QTest::newRow("clique far from training images") << "far" << 12 << true << false << false << false;
        QTest::newRow("clique copying another image") << "other" << 12 << true << true << false << false;
    }
    void captionOutcome() {
        QFETCH(QString, kind);
        QFETCH(int, clique);
        QFETCH(bool, flagged);
        QFETCH(bool, extractedAny);
        QFETCH(bool, extractedOwn);
        QFETCH(bool, closestWithin);
        const std::string text =
            dumpLine(makeCaption("diverse", 0, 1, 1.0)) + dumpLine(makeCaption(kind.toStdString(), 1, 50, 2.0, 0));
        const auto r = analyze(text);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->generations, std::size_t(rs::test::kG));
        const auto& c = r->captions.at(1);
        QCOMPARE(int(c.clique), clique);
        QCOMPARE(c.flagged, flagged);
        QCOMPARE(c.extractedAny, extractedAny);
        QCOMPARE(c.extractedOwn, extractedOwn);
        QCOMPARE(c.closestWithin, closestWithin);
        QCOMPARE(c.wen, 2.0);
        QVERIFY(c.exact);
    }

    void groupsByDuplicateCount() {
        std::string text;
        for (int i = 0; i < 3; ++i) text += dumpLine(makeCaption("diverse", i, 1, 1.0 + i));
        text += dumpLine(makeCaption("memorized", 3, 50, 9.0));
        text += dumpLine(makeCaption("memorized", 4, 50, 8.0));
        text += dumpLine(makeCaption("far", 5, 50, 7.0));
        const auto r = analyze(text);
        QVERIFY2(r.ok(), r.ok() ? "" : r.message().c_str());
        QCOMPARE(r->groups.size(), std::size_t(2));
        const auto& one = r->groups.at(1);
        const auto& fifty = r->groups.at(50);
        QCOMPARE(one.captions, std::size_t(3));
        QCOMPARE(one.flagged, std::size_t(0));
        QCOMPARE(one.meanWen, 2.0);
        QCOMPARE(fifty.captions, std::size_t(3));
        QCOMPARE(fifty.flagged, std::size_t(3));
        QCOMPARE(fifty.extractedAny, std::size_t(2));
        QCOMPARE(fifty.extractedOwn, std::size_t(2));
        QCOMPARE(fifty.closestWithin, std::size_t(2));
        QVERIFY(std::abs(fifty.meanBestOwnDistance - (0.02 + 0.02 + 0.45) / 3) < 1e-12);
        QCOMPARE(r->total.captions, std::size_t(6));
        QVERIFY(r->wenAuc.has_value());
        QCOMPARE(*r->wenAuc, 1.0);  // the two extracted captions have the highest scores

        const std::string md = rs::detection::extractionMarkdown(*r);
        QVERIFY(md.find("| 1 | 3 | 0/3 (0.0%) |") != std::string::npos);
        QVERIFY(md.find("| 50 | 3 | 3/3 (100.0%) | 2/3 (66.7%) | 2/3 (66.7%) |") != std::string::npos);
        QVERIFY(md.find("| all | 6 |") != std::string::npos);
        QVERIFY(md.find("AUC (extracted vs not extracted): 1.000 (2 extracted, 4 not)") != std::string::npos);
        QVERIFY(md.find("tiled l2 <= 0.15") != std::string::npos);

        // A stricter clique size: 12 generations no longer flag.
        auto dump = rs::detection::parseExperimentDump(text, "test.jsonl");
        QVERIFY(dump.ok());
        const auto strict = rs::detection::analyzeExperiment(*dump, {0.15, 13});
        QVERIFY(strict.ok());
        QCOMPARE(strict->total.flagged, std::size_t(0));
        QVERIFY(!strict->wenAuc.has_value());
        QVERIFY(rs::detection::extractionMarkdown(*strict).find("AUC (extracted vs not extracted): n/a") !=
                std::string::npos);
    }

    void auc_data() {
        QTest::addColumn<std::vector<double>>("scores");
        QTest::addColumn<std::vector<bool>>("positive");
        QTest::addColumn<double>("expected");
        QTest::newRow("perfect") << std::vector<double>{1, 2, 3, 4} << std::vector<bool>{false, false, true, true}
                                 << 1.0;
        QTest::newRow("reversed") << std::vector<double>{4, 3, 2, 1} << std::vector<bool>{false, false, true, true}
                                  << 0.0;
        QTest::newRow("identical") << std::vector<double>{2, 2, 2, 2} << std::vector<bool>{true, false, true, false}
                                   << 0.5;
        QTest::newRow("one tie") << std::vector<double>{1, 1, 2} << std::vector<bool>{true, false, false} << 0.25;
        QTest::newRow("mixed") << std::vector<double>{0.1, 0.4, 0.35, 0.8}
                               << std::vector<bool>{false, false, true, true} << 0.75;
    }
    void auc() {
        QFETCH(std::vector<double>, scores);
        QFETCH(std::vector<bool>, positive);
        QFETCH(double, expected);
        const auto a = rs::detection::rocAuc(scores, positive);
        QVERIFY(a.has_value());
        QVERIFY2(std::abs(*a - expected) < 1e-12, qPrintable(QString::number(*a)));
    }
    void aucNeedsBothClasses() {
        QVERIFY(!rs::detection::rocAuc({1, 2}, {true, true}).has_value());
        QVERIFY(!rs::detection::rocAuc({}, {}).has_value());
    }

    void invalidDump_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const std::string a = dumpLine(makeCaption("diverse", 0, 1, 1.0));
        const std::string b = dumpLine(makeCaption("memorized", 1, 5, 1.0));
        const std::string c = dumpLine(makeCaption("diverse", 2, 5, 1.0));
        const auto row = [](const char* name, const std::string& text, const char* expected) {
            QTest::newRow(name) << QString::fromStdString(text) << QString::fromUtf8(expected);
        };
        row("malformed JSON", a + "{\"image\":1,\n" + c, "line 2: malformed JSON");
        row("NaN written as nan", a + withField(b, "wen", "[nan]"), "line 2: malformed JSON");
        row("not an object", "[1,2,3]\n", "line 1: expected a JSON object");
        row("missing key", a + b + renamed(c, "caption", "title"), "line 3: \"caption\" is missing");
        row("wen too short", withField(a, "wen", "[1,2]") + b, "line 1: \"wen\" has 2 values, expected 16");
        row("pairwise too long", a + withField(b, "pairwise", zeros(121)),
            "line 2: \"pairwise\" has 121 values, expected 120");
        row("G changes", a + withField(b, "seeds", "[0,1,2]"), "line 2: \"seeds\" has 3 values, expected 16");
        row("negative distance", a + withField(b, "own_distance", "[-0.1" + zeros(15).replace(0, 1, ",")),
            "line 2: \"own_distance\"[0] must be a finite non-negative number");
        row("infinite distance", a + b + withField(c, "nearest_distance", "[1e999" + zeros(15).replace(0, 1, ",")),
            "line 3: a number is out of range");
        row("string distance", a + withField(b, "nearest_distance", "[\"0.1\"" + zeros(15).replace(0, 1, ",")),
            "line 2: \"nearest_distance\"[0] must be a number");
        row("nearest image out of range", a + b + withField(c, "nearest_image", "[0,0,0,0,0,3,0,0,0,0,0,0,0,0,0,0]"),
            "line 3: \"nearest_image\"[5] = 3 is outside the training set of 3 images");
        row("negative nearest image", a + withField(b, "nearest_image", "[0,0,0,0,0,-1,0,0,0,0,0,0,0,0,0,0]"),
            "line 2: \"nearest_image\"[5] must be at least 0");
        row("image out of range", a + withField(b, "image", "7"), "line 2: \"image\" 7 is outside the training set");
        row("image twice", a + withField(b, "image", "0"), "line 2: image 0 appears on an earlier line too");
        row("zero duplicates", withField(a, "duplicates", "0"), "line 1: \"duplicates\" must be at least 1");
        row("empty", "\n\n", "holds no captions");
    }
    void invalidDump() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto r = rs::detection::parseExperimentDump(text.toStdString(), "bad.jsonl");
        QVERIFY(!r.ok());
        const QString message = QString::fromStdString(r.message());
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains("bad.jsonl"), qPrintable(message));
    }

    void oversizedFileNamesTheLine() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("huge.jsonl").toStdString();
        {
            std::ofstream out(path, std::ios::binary);
            out << dumpLine(makeCaption("diverse", 0, 1, 1.0));
            const std::string chunk(1 << 20, ' ');
            for (int i = 0; i < 65; ++i) out << chunk;  // one endless second line
        }
        const auto r = rs::detection::readExperimentDump(path);
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find(path + ", line 2: the file is larger than the 64 MiB limit") != std::string::npos,
                 r.message().c_str());
        QVERIFY(!rs::detection::readExperimentDump(dir.filePath("absent.jsonl").toStdString()).ok());
    }

    void cliWritesTableAndPlots() {
        QTemporaryDir dir;
        const QString dump = dir.filePath("experiment.jsonl");
        {
            std::ofstream out(dump.toStdString(), std::ios::binary);
            int image = 0;
            for (std::uint32_t d : {1u, 2u, 5u, 10u, 20u, 50u})
                for (int k = 0; k < 3; ++k, ++image) {
                    const bool memorized = (d >= 20 && k < 2) || (d == 10 && k == 0);
                    out << dumpLine(makeCaption(memorized ? "memorized" : "diverse", image, d,
                                                memorized ? 3.0 + k : 1.0 + 0.1 * k));
                }
        }
        const QString outDir = dir.filePath("result");
        const auto r = rs::test::runCli({"experiment", "--dump", dump, "--out", outDir});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const char* row : {"| 1 | 3 | 0/3", "| 2 | 3 |", "| 5 | 3 |", "| 10 | 3 | 1/3", "| 20 | 3 | 2/3",
                                "| 50 | 3 | 2/3", "| all | 18 | 5/18"})
            QVERIFY2(r.out.contains(row), row);
        QFile md(outDir + "/extraction.md");
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QByteArray markdown = md.readAll();
        QCOMPARE(markdown, r.out);
        QVERIFY(markdown.contains("AUC (extracted vs not extracted): 1.000 (5 extracted, 13 not)"));
        QVERIFY(markdown.contains("16 generations per caption"));
        QFile json(outDir + "/extraction.json");
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(j["wen_auc"].toDouble(), 1.0);
        QCOMPARE(j["groups"].toArray().size(), 6);
        for (const char* name : {"extraction_rate.png", "wen_scores.png"}) {
            const cv::Mat png = cv::imread((outDir + "/" + name).toStdString(), cv::IMREAD_UNCHANGED);
            QVERIFY2(!png.empty(), name);
            QCOMPARE(png.cols, 800);
            QCOMPARE(png.rows, 500);
        }

        std::ofstream(dir.filePath("bad.jsonl").toStdString())
            << dumpLine(makeCaption("diverse", 0, 1, 1.0)) << "{oops\n";
        const auto bad = rs::test::runCli({"experiment", "--dump", dir.filePath("bad.jsonl"), "--out", outDir});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("bad.jsonl, line 2: malformed JSON"), bad.err.constData());
        QCOMPARE(rs::test::runCli({"experiment", "--out", outDir}).exitCode, 2);
        QCOMPARE(rs::test::runCli({"experiment", "--dump", dump, "--out", outDir, "--clique", "1"}).exitCode, 2);
    }
};

RS_REGISTER_TEST(TestExtractionExperiment)
#include "tst_extraction_experiment.moc"
