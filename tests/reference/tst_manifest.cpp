// CSV (RFC 4180) parsing and manifest imports: quoting, embedded newlines, BOM, captions that
// look like spreadsheet formulas (stored verbatim), paths escaping the manifest's folder, URLs
// (recorded, not fetched), malformed JSONL lines (reported, the rest imported).
#include "reference/csv_reader.h"
#include "reference/manifest.h"
#include "reference_test_util.h"

#include <map>

using namespace rs::reference;
using namespace rs::reference::test;

class TestManifest : public QObject {
    Q_OBJECT

private slots:
    void csvParsing_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");  // records joined by '\n', fields by '|'
        QTest::addColumn<int>("problems");
        QTest::newRow("plain") << "a,b,c\n1,2,3\n"
                               << "a|b|c\n1|2|3" << 0;
        QTest::newRow("crlf, no final newline") << "a,b\r\n1,2"
                                                << "a|b\n1|2" << 0;
        QTest::newRow("quoted comma") << "x,\"a, b\"\n"
                                      << "x|a, b" << 0;
        QTest::newRow("doubled quotes") << "\"he said \"\"hi\"\"\"\n"
                                        << "he said \"hi\"" << 0;
        QTest::newRow("embedded newline") << "a,\"line1\nline2\"\nb,c\n"
                                          << "a|line1\nline2\nb|c" << 0;
        QTest::newRow("embedded crlf") << "\"x\r\ny\",z\r\n"
                                       << "x\r\ny|z" << 0;
        QTest::newRow("bom") << "\xEF\xBB\xBFpath,caption\n"
                             << "path|caption" << 0;
        QTest::newRow("empty fields") << ",,\n"
                                      << "||" << 0;
        QTest::newRow("blank lines skipped") << "a\n\n\nb\n"
                                             << "a\nb" << 0;
        QTest::newRow("formula verbatim") << "=HYPERLINK(\"x\"),+1,-2,@SUM(A1)\n"
                                          << "=HYPERLINK(\"x\")|+1|-2|@SUM(A1)" << 0;
        QTest::newRow("text after closing quote") << "\"a\"b,c\nd,e\n"
                                                  << "d|e" << 1;
        QTest::newRow("unterminated quote") << "a,b\n\"never closed,x\n"
                                            << "a|b" << 1;
    }
    void csvParsing() {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(int, problems);
        const CsvDocument doc = parseCsv(input.toStdString());
        std::string joined;
        for (std::size_t r = 0; r < doc.records.size(); ++r) {
            if (r) joined += "\n";
            for (std::size_t f = 0; f < doc.records[r].fields.size(); ++f)
                joined += (f ? "|" : "") + doc.records[r].fields[f];
        }
        QCOMPARE(QString::fromStdString(joined), expected);
        QCOMPARE(int(doc.problems.size()), problems);
    }

    void csvLineNumbers() {
        const CsvDocument doc = parseCsv("h\n\"a\nb\nc\"\nnext\n\"bad\"x\n");
        QCOMPARE(int(doc.records.size()), 3);
        QCOMPARE(int(doc.records[1].line), 2);
        QCOMPARE(int(doc.records[2].line), 5);
        QCOMPARE(int(doc.problems.size()), 1);
        QCOMPARE(int(doc.problems[0].line), 6);
    }

    void resolveInsideFolder_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("inside");
        QTest::newRow("relative") << "a.png" << true;
        QTest::newRow("subfolder") << "sub/b.png" << true;
        QTest::newRow("dot segments staying inside") << "sub/../a.png" << true;
        QTest::newRow("parent") << "../x.png" << false;
        QTest::newRow("deep escape") << "sub/../../x.png" << false;
        QTest::newRow("absolute outside") << "/etc/passwd" << false;
        QTest::newRow("the folder itself") << "." << false;
        QTest::newRow("link out") << "sub/out.png" << false;
    }
    void resolveInsideFolder() {
        QFETCH(QString, path);
        QFETCH(bool, inside);
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "root";
        fs::create_directories(root / "sub");
        writeFile(tmp.path().toStdString() + "/secret.png", "x");
        fs::create_symlink(fs::path(tmp.path().toStdString()) / "secret.png", root / "sub" / "out.png");
        auto r = resolveInside(root, path.toStdString());
        QCOMPARE(r.ok(), inside);
        if (!inside) QVERIFY(contains(r.message(), "outside"));
    }

    void csvManifestImport() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        const fs::path data = dir / "data";
        for (int i = 1; i <= 5; ++i)
            writeFile(data / ("img" + std::to_string(i) + ".png"), encode(drawScene(100 + i), ".png"));
        writeFile(dir / "outside.png", encode(drawScene(200), ".png"));
        fs::create_symlink(dir / "outside.png", data / "link-out.png");
        const std::string formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
        const std::string csv =
            "\xEF\xBB\xBFPath,Caption,License,Author,URL\r\n"
            "img1.png,\"A caption, with a comma\",CC-BY-4.0,Jane Doe,\r\n"
            "img2.png,\"He said \"\"hi\"\"\",,,\r\n"
            "img3.png,\"two\nlines\",,,\r\n"
            "img4.png,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,,\r\n"  // quoted as a CSV writer does
            "../outside.png,escape,,,\r\n"
            "/etc/passwd,absolute,,,\r\n"
            "link-out.png,link,,,\r\n"
            "missing.png,gone,,,\r\n"
            ",only a url,,,https://example.com/a.jpg\r\n"
            "https://example.com/b.jpg,url in the path column,,,\r\n"
            ",,,,\r\n"
            "img5.png,last row,,,\r\n";
        writeFile(data / "manifest.csv", csv);
        auto c = newCase(dir);
        RS_REQUIRE(c);
        ImportOptions options;
        options.defaultLicence = "all rights reserved";
        auto s = importReferenceSet(*c, "portfolio", ImportSource::manifest(data / "manifest.csv"), options);
        RS_REQUIRE(s);
        QVERIFY2(s->imported == 5, issuesText(s->failed).c_str());
        QCOMPARE(s->duplicates, 0);
        QCOMPARE(int(s->notFetched.size()), 2);
        QVERIFY(contains(s->notFetched[0].reason, "not fetched: no network access"));
        QCOMPARE(s->notFetched[0].source, std::string("https://example.com/a.jpg"));
        for (const char* part : {"../outside.png", "/etc/passwd", "link-out.png"}) {
            const ImportIssue* issue = findIssue(s->failed, part);
            QVERIFY2(issue, part);
            QVERIFY2(contains(issue->reason, "outside"), issue->reason.c_str());
        }
        const ImportIssue* missing = findIssue(s->failed, "missing.png");
        QVERIFY(missing);
        QVERIFY2(findIssue(s->failed, "manifest.csv:13"), issuesText(s->failed).c_str());  // the empty row
        QCOMPARE(int(s->failed.size()), 5);

        auto rows = rs::store::listReferenceImages(c->db(), "portfolio");
        RS_REQUIRE(rows);
        std::map<std::string, rs::store::ReferenceImage> byFile;
        for (const auto& r : *rows) byFile[fs::path(r.source).filename().string()] = r;
        QCOMPARE(byFile["img1.png"].caption, std::string("A caption, with a comma"));
        QCOMPARE(byFile["img1.png"].licence, std::string("CC-BY-4.0; by Jane Doe"));
        QCOMPARE(byFile["img2.png"].caption, std::string("He said \"hi\""));
        QCOMPARE(byFile["img2.png"].licence, std::string("all rights reserved"));
        QCOMPARE(byFile["img3.png"].caption, std::string("two\nlines"));
        QCOMPARE(byFile["img4.png"].caption, formula);  // verbatim; neutralising is the exporter's job
        QCOMPARE(byFile["img5.png"].caption, std::string("last row"));
        QVERIFY(!fs::exists(dir / "case.rscase-images" / "outside.png"));
    }

    void csvWithoutUsableHeader() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        writeFile(dir / "m.csv", "caption,licence\nx,y\n");
        auto c = newCase(dir);
        RS_REQUIRE(c);
        auto s = importReferenceSet(*c, "s", ImportSource::manifest(dir / "m.csv"));
        QVERIFY(!s);
        QVERIFY2(contains(s.message(), "no file column"), s.message().c_str());
        writeFile(dir / "m.xlsx", "");
        auto s2 = importReferenceSet(*c, "s", ImportSource::manifest(dir / "m.xlsx"));
        QVERIFY(!s2);
        QVERIFY(contains(s2.message(), "unknown format"));
    }

    void jsonlManifestImport() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        writeFile(dir / "a.jpg", encode(drawScene(1), ".jpg"));
        writeFile(dir / "b.png", encode(drawScene(2), ".png"));
        writeFile(dir / "c.png", encode(drawScene(1), ".png") /* other bytes than a.jpg */);
        const std::string jsonl =
            "{\"path\": \"a.jpg\", \"caption\": \"first\", \"license\": \"CC0\"}\n"
            "{\"path\": \"b.png\", \"caption\": \"broken line\"\n"
            "[1, 2, 3]\n"
            "\n"
            "{\"path\": 5}\n"
            "{\"url\": \"https://example.com/x.jpg\", \"caption\": \"remote\"}\n"
            "{\"image\": \"b.png\", \"TEXT\": \"second\", \"author\": \"Ann\"}\n"
            "{\"file\": \"c.png\", \"caption\": \"=cmd|' /C calc'!A0\"}\n";
        writeFile(dir / "list.jsonl", jsonl);
        auto c = newCase(dir);
        RS_REQUIRE(c);
        auto s = importReferenceSet(*c, "set", ImportSource::manifest(dir / "list.jsonl"));
        RS_REQUIRE(s);
        QCOMPARE(s->imported, 3);
        QCOMPARE(int(s->notFetched.size()), 1);
        QCOMPARE(int(s->failed.size()), 3);
        QVERIFY(contains(s->failed[0].source, "list.jsonl:2"));
        QVERIFY(contains(s->failed[0].reason, "not valid JSON"));
        QVERIFY(contains(s->failed[1].source, "list.jsonl:3"));
        QVERIFY(contains(s->failed[1].reason, "not a JSON object"));
        QVERIFY(contains(s->failed[2].source, "list.jsonl:5"));
        QVERIFY(contains(s->failed[2].reason, "not a string"));
        auto rows = rs::store::listReferenceImages(c->db(), "set");
        RS_REQUIRE(rows);
        QCOMPARE(int(rows->size()), 3);
        QCOMPARE((*rows)[0].caption, std::string("first"));
        QCOMPARE((*rows)[0].licence, std::string("CC0"));
        QCOMPARE((*rows)[1].caption, std::string("second"));
        QCOMPARE((*rows)[1].licence, std::string("by Ann"));
        QCOMPARE((*rows)[2].caption, std::string("=cmd|' /C calc'!A0"));
    }
};

RS_REGISTER_TEST(TestManifest)
#include "tst_manifest.moc"
