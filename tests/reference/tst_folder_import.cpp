// Importing a folder: real clip art and drawn images in every supported format, a corrupt file,
// a file that is not an image, a duplicate, hidden files, links inside and outside the folder;
// then an import cancelled halfway and re-run must end with exactly the rows of an
// uninterrupted import.
#include "metrics/descriptor_builtin.h"
#include "reference/folder_source.h"
#include "reference/import_journal.h"
#include "reference_test_util.h"

#include "store/audit_log.h"

#include <nlohmann/json.hpp>

#include <atomic>

using namespace rs::reference;
using namespace rs::reference::test;

namespace {

// Builds the portfolio folder; returns the names of the files expected to be imported as new rows.
std::vector<std::string> makePortfolio(const fs::path& root, const fs::path& outside) {
    std::vector<std::string> good;
    int n = 0;
    for (const auto& art : clipart(4)) {
        const std::string name = (n % 2 ? "clipart/" : "") + std::string("art") + std::to_string(n) + ".png";
        ++n;
        fs::create_directories((root / name).parent_path());
        fs::copy_file(art, root / name);
        good.push_back(name);
    }
    writeFile(root / "captioned.jpg", encode(drawScene(1), ".jpg"));
    writeFile(root / "captioned.txt", "A drawn scene, caption from the sidecar");
    // Shared by drawn.png and drawn.webp: used by neither.
    writeFile(root / "drawn.txt", "ambiguous sidecar");
    writeFile(root / "drawn.png", encode(drawScene(2), ".png"));
    writeFile(root / "Drawn.BMP", encode(drawScene(3), ".bmp"));
    writeFile(root / "nested/deeper/drawn.tiff", encode(drawScene(4), ".tiff"));
    writeFile(root / "drawn.webp", encode(drawScene(5), ".webp"));
    for (const char* name : {"captioned.jpg", "drawn.png", "Drawn.BMP", "nested/deeper/drawn.tiff", "drawn.webp"})
        good.push_back(name);
    // Same bytes as drawn.png under another name, later in the listing's byte order (the first
    // occurrence keeps the row): one row, dedup count 2.
    writeFile(root / "more/copy-of-drawn.png", readFile(root / "drawn.png"));
    // Corrupt: PNG signature, then garbage. Truncated JPEG. Text named .bmp.
    writeFile(root / "broken.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(300, 'x'));
    const std::string jpeg = encode(drawScene(6), ".jpg");
    writeFile(root / "truncated.jpg", jpeg.substr(0, 200));
    writeFile(root / "not-an-image.bmp", "just some text, not a bitmap");
    writeFile(root / "readme.md", "ignored: not an image extension");
    writeFile(root / ".hidden.png", encode(drawScene(7), ".png"));
    writeFile(root / ".thumbs/x.png", encode(drawScene(8), ".png"));
    writeFile(outside, encode(drawScene(9), ".png"));
    fs::create_symlink(outside, root / "link-out.png");
    fs::create_symlink(root / "nested", root / "link-to-folder");
    return good;
}

}  // namespace

class TestFolderImport : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_root;
    std::unique_ptr<rs::store::CaseFile> m_case;
    ImportSummary m_summary;
    std::vector<std::string> m_good;
    std::vector<ImportProgress> m_progress;

private slots:
    void initTestCase() {
        if (clipart(1).empty()) QSKIP("openclipart-png is not installed");
        m_root = fs::path(m_tmp.path().toStdString()) / "portfolio";
        m_good = makePortfolio(m_root, fs::path(m_tmp.path().toStdString()) / "secret.png");
        auto c = newCase(m_tmp.path().toStdString());
        RS_REQUIRE(c);
        m_case = std::make_unique<rs::store::CaseFile>(std::move(*c));
        ImportOptions options;
        options.batchSize = 3;  // several batches, several transactions
        options.defaultLicence = "(c) the artist";
        options.progress = [this](const ImportProgress& p) { m_progress.push_back(p); };
        auto s = importReferenceSet(*m_case, "portfolio", ImportSource::folder(m_root), options);
        RS_REQUIRE(s);
        m_summary = *s;
    }

    void counts() {
        QCOMPARE(m_summary.imported, std::int64_t(m_good.size()));
        QCOMPARE(m_summary.duplicates, 1);
        QCOMPARE(int(m_summary.failed.size()), 4);  // broken, truncated, not-an-image, link out
        QCOMPARE(m_summary.found, std::int64_t(m_good.size() + 1 + 4));
        QCOMPARE(m_summary.alreadyImported, 0);
        QVERIFY(!m_summary.cancelled);
        QCOMPARE(m_summary.descriptorName, std::string("builtin-lab16-grad-v1"));
        auto sets = rs::store::listReferenceSets(m_case->db());
        RS_REQUIRE(sets);
        QCOMPARE(int(sets->size()), 1);
        QCOMPARE(sets->front().images, std::int64_t(m_good.size()));
        QCOMPARE(sets->front().occurrences, std::int64_t(m_good.size() + 1));
    }

    void outcomes_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("outcome");  // "row", "failed", "absent"
        QTest::addColumn<QString>("reason");   // part of the failure reason
        QTest::newRow("broken png") << "broken.png"
                                    << "failed"
                                    << "broken.png";
        QTest::newRow("truncated jpeg") << "truncated.jpg"
                                        << "failed"
                                        << "truncated.jpg";
        QTest::newRow("text named .bmp") << "not-an-image.bmp"
                                         << "failed"
                                         << "not-an-image.bmp";
        QTest::newRow("link out of the folder") << "link-out.png"
                                                << "failed"
                                                << "outside the imported folder";
        QTest::newRow("hidden file") << ".hidden.png"
                                     << "absent"
                                     << "";
        QTest::newRow("hidden folder") << ".thumbs/x.png"
                                       << "absent"
                                       << "";
        QTest::newRow("not an image extension") << "readme.md"
                                                << "absent"
                                                << "";
        QTest::newRow("duplicate") << "more/copy-of-drawn.png"
                                   << "absent"
                                   << "";
        QTest::newRow("jpeg") << "captioned.jpg"
                              << "row"
                              << "";
        QTest::newRow("upper-case bmp") << "Drawn.BMP"
                                        << "row"
                                        << "";
        QTest::newRow("tiff in a subfolder") << "nested/deeper/drawn.tiff"
                                             << "row"
                                             << "";
        QTest::newRow("webp") << "drawn.webp"
                              << "row"
                              << "";
    }
    void outcomes() {
        QFETCH(QString, file);
        QFETCH(QString, outcome);
        QFETCH(QString, reason);
        const std::string path = (m_root / file.toStdString()).string();
        auto rows = rs::store::listReferenceImages(m_case->db(), "portfolio");
        RS_REQUIRE(rows);
        const bool hasRow = std::any_of(rows->begin(), rows->end(), [&](const auto& r) { return r.source == path; });
        const ImportIssue* issue = findIssue(m_summary.failed, path);
        if (outcome == "row") {
            QVERIFY(hasRow);
            QVERIFY(!issue);
        } else if (outcome == "failed") {
            QVERIFY(!hasRow);
            QVERIFY2(issue, issuesText(m_summary.failed).c_str());
            QCOMPARE(issue->source, path);
            QVERIFY2(contains(issue->reason, reason.toStdString()), issue->reason.c_str());
        } else {
            QVERIFY(!hasRow);
            QVERIFY(!issue);
        }
    }

    void rowsHoldEverything() {
        auto rows = rs::store::listReferenceImages(m_case->db(), "portfolio", 1000, 0, true);
        RS_REQUIRE(rows);
        for (const auto& r : *rows) {
            const std::string bytes = readFile(r.source);
            QCOMPARE(r.sha256, rs::sha256Hex(bytes));
            QCOMPARE(r.sizeBytes, std::int64_t(bytes.size()));
            const cv::Mat decoded = cv::imread(r.source, cv::IMREAD_COLOR);
            QVERIFY(r.width && r.height);
            QCOMPARE(*r.width, decoded.cols);
            QCOMPARE(*r.height, decoded.rows);
            QVERIFY(r.descriptor);
            QCOMPARE(int(r.descriptor->size()), rs::metrics::BuiltinDescriptor::kDimension * 4);
            QVERIFY(r.thumbnailSha256);
            auto thumb = m_case->images().read(*r.thumbnailSha256);
            RS_REQUIRE(thumb);
            const cv::Mat t = cv::imdecode(std::vector<uchar>(thumb->begin(), thumb->end()), cv::IMREAD_COLOR);
            QVERIFY(!t.empty());
            QVERIFY(std::max(t.cols, t.rows) <= 256);
            auto original = readReferenceBytes(*m_case, r);  // from the case's store
            RS_REQUIRE(original);
            QCOMPARE(*original, bytes);
            QVERIFY(m_case->images().contains(r.sha256));
            if (fs::path(r.source).filename() == "captioned.jpg")
                QCOMPARE(r.caption, std::string("A drawn scene, caption from the sidecar"));
            else
                QCOMPARE(r.caption, std::string());
            QCOMPARE(r.licence, std::string("(c) the artist"));
            QCOMPARE(r.dedupCount, fs::path(r.source).filename() == "drawn.png" ? 2 : 1);
        }
    }

    void notesAndProgress() {
        QVERIFY(std::any_of(m_summary.notes.begin(), m_summary.notes.end(), [](const std::string& n) {
            return contains(n, "link-to-folder") && contains(n, "not followed");
        }));
        QVERIFY(std::any_of(m_summary.notes.begin(), m_summary.notes.end(), [](const std::string& n) {
            return contains(n, "drawn.txt") && contains(n, "drawn.png, drawn.webp") && contains(n, "not used");
        }));
        QVERIFY(!m_progress.empty());
        const ImportProgress& last = m_progress.back();
        QCOMPARE(last.done, last.total);
        QCOMPARE(last.imported, m_summary.imported);
        QVERIFY(last.ratePerSecond > 0);
        for (std::size_t i = 1; i < m_progress.size(); ++i) QVERIFY(m_progress[i].done >= m_progress[i - 1].done);
    }

    void auditRecordsEveryOccurrence() {
        auto rows = rs::store::listAudit(m_case->db(), 0, 1000);
        RS_REQUIRE(rows);
        int occurrences = 0;
        bool finished = false;
        for (const auto& row : *rows) {
            if (row.action == kJournalAction)
                occurrences += int(nlohmann::json::parse(row.detailsJson)["occurrences"].size());
            if (row.action == kImportFinishedAction) {
                finished = true;
                QVERIFY(contains(row.detailsJson, "broken.png"));
            }
        }
        QCOMPARE(occurrences, int(m_good.size()) + 1);
        QVERIFY(finished);
    }

    void rerunDoesNothingNew() {
        auto s = importReferenceSet(*m_case, "portfolio", ImportSource::folder(m_root));
        RS_REQUIRE(s);
        QCOMPARE(s->imported, 0);
        QCOMPARE(s->duplicates, 0);
        QCOMPARE(s->alreadyImported, std::int64_t(m_good.size() + 1));
        QCOMPARE(int(s->failed.size()), 4);  // failures are retried and reported again
        auto sets = rs::store::listReferenceSets(m_case->db());
        RS_REQUIRE(sets);
        QCOMPARE(sets->front().occurrences, std::int64_t(m_good.size() + 1));
    }

    void failures() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        auto c = newCase(dir);
        RS_REQUIRE(c);
        auto missing = importReferenceSet(*c, "s", ImportSource::folder(dir / "nope"));
        QVERIFY(!missing);
        QVERIFY(contains(missing.message(), "nope"));
        auto noName = importReferenceSet(*c, "", ImportSource::folder(dir));
        QVERIFY(!noName);
        ImportOptions badModel;
        badModel.descriptorModel = (dir / "no-such-model.pt").string();
        auto model = importReferenceSet(*c, "s", ImportSource::folder(dir), badModel);
        QVERIFY(!model);
        QVERIFY(contains(model.message(), "no-such-model.pt"));
    }

    // Cancelled after a few batches, then re-run: the same rows as one uninterrupted import.
    void resumeAfterCancel_data() {
        QTest::addColumn<int>("cancelAfterPolls");
        QTest::addColumn<int>("threads");
        QTest::newRow("early, 2 threads") << 8 << 2;
        QTest::newRow("midway, 2 threads") << 25 << 2;
        QTest::newRow("midway, 1 thread") << 25 << 1;
    }
    void resumeAfterCancel() {
        QFETCH(int, cancelAfterPolls);
        QFETCH(int, threads);
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        const fs::path root = dir / "imgs";
        for (int i = 0; i < 30; ++i)
            writeFile(root / ("img" + std::to_string(100 + i) + ".png"), encode(drawScene(300 + i), ".png"));
        for (int i = 0; i < 6; ++i)
            fs::copy_file(root / ("img" + std::to_string(100 + i * 4) + ".png"),
                          root / ("dup" + std::to_string(i) + ".png"));
        fs::copy_file(root / "img101.png", root / "zz-second-copy.png");
        writeFile(root / "img115-corrupt.png", "\x89PNG\r\n\x1a\nbad");

        ImportOptions options;
        options.batchSize = 4;
        options.threads = threads;
        auto whole = newCase(dir, "whole");
        RS_REQUIRE(whole);
        auto full = importReferenceSet(*whole, "s", ImportSource::folder(root), options);
        RS_REQUIRE(full);
        QCOMPARE(full->imported, 30);
        QCOMPARE(full->duplicates, 7);

        auto resumed = newCase(dir, "resumed");
        RS_REQUIRE(resumed);
        std::atomic<int> polls{0};
        ImportOptions cancelling = options;
        cancelling.cancelled = [&] { return ++polls > cancelAfterPolls; };
        auto first = importReferenceSet(*resumed, "s", ImportSource::folder(root), cancelling);
        RS_REQUIRE(first);
        QVERIFY(first->cancelled);
        const auto partial = rowSnapshot(*resumed, "s");
        QVERIFY2(partial.size() < 30, std::to_string(partial.size()).c_str());
        auto second = importReferenceSet(*resumed, "s", ImportSource::folder(root), options);
        RS_REQUIRE(second);
        QVERIFY(!second->cancelled);
        QCOMPARE(first->imported + second->imported, 30);
        QCOMPARE(first->duplicates + second->duplicates, 7);
        QCOMPARE(second->alreadyImported, std::int64_t(first->imported + first->duplicates));
        QCOMPARE(rowSnapshot(*resumed, "s"), rowSnapshot(*whole, "s"));
    }
};

RS_REGISTER_TEST(TestFolderImport)
#include "tst_folder_import.moc"
