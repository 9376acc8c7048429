// candidates.match_regions_json (schema v5): the partial-copy boxes round-trip through the
// store, and any other text in the column (a case file can come from anyone) reads as "no
// regions" without failing the read, in getCandidate and in the review queue.
#include "store/match_regions.h"
#include "store_test_util.h"
#include "test_registry.h"

#include <QTemporaryDir>

#include <cmath>

using namespace rs::store;
using namespace rs::store::test;

class TestMatchRegions : public QObject {
    Q_OBJECT
private slots:
    void textRoundTrips() {
        const MatchRegions regions{{{3, 4, 50, 60}, 64, 80}, {{0, 0, 512, 512}, 512, 512}};
        const std::string text = matchRegionsToJson(regions);
        QCOMPARE(text, std::string(R"({"generation":{"box":[3,4,50,60],"image":[64,80]},)"
                                   R"("other":{"box":[0,0,512,512],"image":[512,512]}})"));
        const auto back = matchRegionsFromJson(text);
        QVERIFY(back);
        QCOMPARE(back->generation.box.x, 3);
        QCOMPARE(back->generation.box.height, 60);
        QCOMPARE(back->generation.imageHeight, 80);
        QCOMPARE(back->other.box.width, 512);
    }

    void malformedTextGivesNoRegions_data() {
        QTest::addColumn<QByteArray>("text");
        const QByteArray good = R"({"box":[1,1,10,10],"image":[20,20]})";
        auto pair = [&](const QByteArray& generation, const QByteArray& other = QByteArray()) {
            return "{\"generation\":" + generation + ",\"other\":" + (other.isEmpty() ? good : other) + "}";
        };
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not json") << QByteArray("boxes!");
        QTest::newRow("truncated") << pair(good).left(30);
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("array") << QByteArray("[1,2,3,4]");
        QTest::newRow("no other") << QByteArray("{\"generation\":" + good + "}");
        QTest::newRow("region not an object") << pair("[1,1,10,10]");
        QTest::newRow("box of 3") << pair(R"({"box":[1,1,10],"image":[20,20]})");
        QTest::newRow("box of 5") << pair(R"({"box":[1,1,10,10,1],"image":[20,20]})");
        QTest::newRow("strings") << pair(R"({"box":["1","1","10","10"],"image":[20,20]})");
        QTest::newRow("fractions") << pair(R"({"box":[1.5,1,10,10],"image":[20,20]})");
        QTest::newRow("negative x") << pair(R"({"box":[-1,1,10,10],"image":[20,20]})");
        QTest::newRow("zero width") << pair(R"({"box":[1,1,0,10],"image":[20,20]})");
        QTest::newRow("outside the image") << pair(R"({"box":[15,1,10,10],"image":[20,20]})");
        QTest::newRow("empty image") << pair(R"({"box":[0,0,1,1],"image":[0,0]})");
        QTest::newRow("huge numbers") << pair(R"({"box":[0,0,1e300,10],"image":[1e300,20]})");
        QTest::newRow("int overflow") << pair(R"({"box":[2147483647,0,2147483647,10],"image":[2147483647,20]})");
        QTest::newRow("uint64 max") << pair(R"({"box":[0,0,18446744073709551615,10],"image":[20,20]})");
        QTest::newRow("other broken") << pair(good, R"({"box":null,"image":[20,20]})");
        QTest::newRow("deep nesting") << QByteArray(2000, '[') + QByteArray(2000, ']');
        // (moc's lexer trips over a raw string ending in a quote, hence the escapes)
        QTest::newRow("over 4 KiB") << pair("{\"box\":[1,1,10,10],\"image\":[20,20],\"pad\":\"" +
                                            QByteArray(5000, 'x') + "\"}");
        QTest::newRow("NUL inside") << QByteArray("{\"generation\"\0:1}", 17);
    }
    void malformedTextGivesNoRegions() {
        QFETCH(QByteArray, text);
        QVERIFY(!matchRegionsFromJson(text.toStdString()));
    }

    // Where the exports and the comparison view put the box on a picture shown at another size.
    void boxOnShownImageScalesOrRefuses_data() {
        QTest::addColumn<int>("shownWidth");
        QTest::addColumn<int>("shownHeight");
        QTest::addColumn<bool>("placed");
        QTest::addColumn<double>("scale");
        QTest::newRow("same size") << 200 << 100 << true << 1.0;
        QTest::newRow("half size (a thumbnail)") << 100 << 50 << true << 0.5;
        QTest::newRow("twice the size") << 400 << 200 << true << 2.0;
        QTest::newRow("shape within 1 %") << 200 << 101 << true << 1.0;
        QTest::newRow("shape 2 % off") << 200 << 102 << false << 0.0;
        QTest::newRow("square crop") << 100 << 100 << false << 0.0;
        QTest::newRow("no picture") << 0 << 0 << false << 0.0;
        QTest::newRow("negative size") << -200 << -100 << false << 0.0;
    }
    void boxOnShownImageScalesOrRefuses() {
        QFETCH(int, shownWidth);
        QFETCH(int, shownHeight);
        QFETCH(bool, placed);
        QFETCH(double, scale);
        const MatchRegion region{{20, 10, 60, 40}, 200, 100};
        const auto box = boxOnShownImage(region, shownWidth, shownHeight);
        QCOMPARE(box.has_value(), placed);
        if (!placed) return;
        QCOMPARE(box->x, 20 * scale);
        QCOMPARE(box->width, 60 * scale);
        QVERIFY(std::abs(box->y - 10.0 * shownHeight / 100) < 1e-9);
        QVERIFY(std::abs(box->height - 40.0 * shownHeight / 100) < 1e-9);
    }
    void boxOnShownImageRefusesAnInvalidRegion() {
        QVERIFY(!boxOnShownImage(MatchRegion{{150, 10, 60, 40}, 200, 100}, 200, 100));  // past the right edge
        QVERIFY(!boxOnShownImage(MatchRegion{{0, 0, 0, 40}, 200, 100}, 200, 100));
        QVERIFY(!boxOnShownImage(MatchRegion{}, 200, 100));
    }
    void boxTextForPeople() {
        QCOMPARE(boxText(MatchRegion{{20, 10, 60, 40}, 200, 100}), std::string("x 20, y 10, 60×40 px (image 200×100)"));
    }

    void hostileColumnValueReadsAsNoRegions() {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath("hostile.rscase").toStdString();
        {
            auto c = CaseFile::create(path, sampleDetails());
            RS_REQUIRE(c);
            SampleIds ids;
            QVERIFY(populate(*c, ids));
        }
        // Edited behind the app's back: every candidate gets a different broken value.
        const std::string error =
            rawExec(path,
                    "UPDATE candidates SET match_regions_json = CASE id % 4 WHEN 0 THEN '{\"generation\":' "
                    "WHEN 1 THEN '{\"generation\":{\"box\":[0,0,9,9],\"image\":[4,4]},\"other\":{\"box\":[0,0,1,1],"
                    "\"image\":[4,4]}}' WHEN 2 THEN '' ELSE 'null' END");
        QVERIFY2(error.empty(), error.c_str());
        auto c = CaseFile::open(path);
        RS_REQUIRE(c);
        auto page = reviewQueuePage(c->db(), {}, 100);
        RS_REQUIRE(page);
        QVERIFY(!page->empty());
        for (const auto& item : *page) {
            QVERIFY(!item.candidate.matchRegions);
            QVERIFY(!item.promptText.empty());  // the columns after the regions still line up
            auto one = getCandidate(c->db(), item.candidate.id);
            RS_REQUIRE(one);
            QVERIFY(!one->matchRegions);
            QCOMPARE(one->score, item.candidate.score);
        }
    }
};

RS_REGISTER_TEST(TestMatchRegions)
#include "tst_match_regions.moc"
