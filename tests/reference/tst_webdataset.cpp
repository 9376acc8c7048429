// webdataset / img2dataset .tar shards, built here with libarchive: good samples with caption
// and JSON pairing, and hostile members (path traversal, absolute path, symbolic and hard
// links, a header claiming 10 GB, a non-image member, an image member that is not an image).
#include "reference/webdataset_tar.h"
#include "reference_test_util.h"
#include "store/audit_log.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>
#include <utility>

using namespace rs::reference;
using namespace rs::reference::test;

namespace {

struct Member {
    enum Type { File, Symlink, Hardlink };
    Member(std::string n, std::string b, Type t = File, std::string tgt = {})
        : name(std::move(n)), bytes(std::move(b)), type(t), target(std::move(tgt)) {}
    std::string name;
    std::string bytes;
    Type type = File;
    std::string target;
};

// Writes the members with libarchive (pax), then appends a hand-made ustar header whose size
// field (base-256) claims `hugeSize` bytes for `hugeName` (libarchive would pad the data out).
std::string buildShard(const std::vector<Member>& members, const std::string& hugeName = {},
                       std::uint64_t hugeSize = 0) {
    archive* a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_set_bytes_in_last_block(a, 1);
    std::vector<char> buffer(8u << 20);
    std::size_t used = 0;
    archive_write_open_memory(a, buffer.data(), buffer.size(), &used);
    for (const auto& m : members) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, m.name.c_str());
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, 1700000000, 0);
        if (m.type == Member::Symlink) {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, m.target.c_str());
            archive_entry_set_size(e, 0);
        } else if (m.type == Member::Hardlink) {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_hardlink(e, m.target.c_str());
            archive_entry_set_size(e, 0);
        } else {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, static_cast<la_int64_t>(m.bytes.size()));
        }
        archive_write_header(a, e);
        if (m.type == Member::File && !m.bytes.empty()) archive_write_data(a, m.bytes.data(), m.bytes.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    std::string tar(buffer.data(), used);
    if (hugeName.empty()) return tar;
    // Drop the end-of-archive zero blocks, append the huge member's header and a little data.
    while (tar.size() >= 512 && tar.compare(tar.size() - 512, 512, std::string(512, '\0')) == 0)
        tar.resize(tar.size() - 512);
    char h[512] = {};
    std::strncpy(h, hugeName.c_str(), 99);
    std::memcpy(h + 100, "0000644", 7);
    std::memcpy(h + 108, "0000000", 7);
    std::memcpy(h + 116, "0000000", 7);
    h[124] = static_cast<char>(0x80);  // base-256 size
    for (int i = 0; i < 8; ++i) h[135 - i] = static_cast<char>((hugeSize >> (8 * i)) & 0xff);
    std::memcpy(h + 136, "14543000000", 11);
    h[156] = '0';
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    tar.append(h, 512);
    tar.append(std::string(2048, 'A'));
    tar.append(std::string(1024, '\0'));
    return tar;
}

}  // namespace

class TestWebDataset : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_dir, m_shard;
    std::unique_ptr<rs::store::CaseFile> m_case;
    ImportSummary m_summary;
    std::string m_jpeg0;

private slots:
    void initTestCase() {
        m_dir = m_tmp.path().toStdString();
        m_jpeg0 = encode(drawScene(10), ".jpg");
        const std::string png1 = encode(drawScene(11), ".png");
        const std::string jpeg2 = encode(drawScene(12), ".jpg");
        std::vector<Member> members = {
            {"000000000.jpg", m_jpeg0},
            {"000000000.txt", "a red scene, from the txt"},
            {"000000000.json",
             "{\"url\": \"https://example.com/0.jpg\", \"caption\": \"json caption\", \"key\": \"000000000\"}"},
            {"./000000001.png", png1},
            {"./000000001.json",
             "{\"url\": \"https://example.com/1.png\", \"caption\": \"caption from json only\", \"license\": "
             "\"CC-BY\"}"},
            {"000000002.json", "{\"url\": \"https://example.com/2.jpg\"}"},
            {"000000002.txt", "caption before the image"},
            {"000000002.jpg", jpeg2},
            {"../evil.jpg", m_jpeg0 + "x"},
            {"/tmp/absolute.png", png1 + "x"},
            {"000000003.jpg", "", Member::Symlink, "/etc/passwd"},
            {"000000003.txt", "caption of the symlink"},
            {"000000004.jpg", "", Member::Hardlink, "000000000.jpg"},
            {"000000005.exe", "MZ not an image"},
            {"000000006.jpg", "this is text, not a JPEG"},
            {"000000007.txt", "a caption without an image"},
            {"000000008.jpg", m_jpeg0},  // same bytes as 000000000.jpg
            {"000000009.json", "{not json"},
            {"000000009.png", encode(drawScene(13), ".png")},
            {"sub/..\\..\\win.jpg", m_jpeg0 + "y"},
        };
        m_shard = m_dir / "00000.tar";
        writeFile(m_shard, buildShard(members, "000000010.jpg", 10737418240ull));
        auto c = newCase(m_dir);
        RS_REQUIRE(c);
        m_case = std::make_unique<rs::store::CaseFile>(std::move(*c));
        ImportOptions options;
        options.storeOriginals = false;  // originals are re-read from the shard
        auto s = importReferenceSet(*m_case, "laion", ImportSource::tar({m_shard}), options);
        RS_REQUIRE(s);
        m_summary = *s;
    }

    void counts() {
        QCOMPARE(m_summary.imported, 4);    // 000000000, 000000001, 000000002, 000000009
        QCOMPARE(m_summary.duplicates, 1);  // 000000008
        QVERIFY2(m_summary.failed.size() >= 9, issuesText(m_summary.failed).c_str());
    }

    void hostileMembers_data() {
        QTest::addColumn<QString>("member");
        QTest::addColumn<QString>("reason");
        QTest::newRow("parent path") << "../evil.jpg"
                                     << "path traversal";
        QTest::newRow("absolute path") << "/tmp/absolute.png"
                                       << "absolute path";
        QTest::newRow("backslash traversal") << "sub/..\\..\\win.jpg"
                                             << "backslash";
        QTest::newRow("symbolic link") << "000000003.jpg"
                                       << "symbolic link to /etc/passwd";
        QTest::newRow("hard link") << "000000004.jpg"
                                   << "hard link to 000000000.jpg";
        QTest::newRow("non-image member") << "000000005.exe"
                                          << "not part of a webdataset sample";
        QTest::newRow("image that is not") << "000000006.jpg"
                                           << "000000006.jpg";
        QTest::newRow("caption without image") << "#000000007"
                                               << "no image member";
        QTest::newRow("10 GB header") << "000000010.jpg"
                                      << "claims 10737418240 bytes";
    }
    void hostileMembers() {
        QFETCH(QString, member);
        QFETCH(QString, reason);
        const std::string m = member.toStdString();
        const std::string source = m.front() == '#' ? m_shard.string() + m : m_shard.string() + "#" + m;
        const ImportIssue* issue = nullptr;
        for (const auto& i : m_summary.failed)
            if (i.source == source) issue = &i;
        QVERIFY2(issue, (source + " not among:\n" + issuesText(m_summary.failed)).c_str());
        QVERIFY2(contains(issue->reason, reason.toStdString()), issue->reason.c_str());
    }

    void nothingWrittenOutside() {
        QVERIFY(!fs::exists(m_dir.parent_path() / "evil.jpg"));
        QVERIFY(!fs::exists("/tmp/absolute.png") ||
                readFile("/tmp/absolute.png") != encode(drawScene(11), ".png") + "x");
    }

    void goodSamples_data() {
        QTest::addColumn<QString>("member");
        QTest::addColumn<QString>("caption");
        QTest::addColumn<QString>("licence");
        QTest::addColumn<int>("dedup");
        QTest::newRow("txt beats json caption") << "000000000.jpg"
                                                << "a red scene, from the txt"
                                                << "" << 2;
        QTest::newRow("json caption and licence, ./ prefix") << "000000001.png"
                                                             << "caption from json only"
                                                             << "CC-BY" << 1;
        QTest::newRow("caption member before the image") << "000000002.jpg"
                                                         << "caption before the image"
                                                         << "" << 1;
        QTest::newRow("unreadable json ignored") << "000000009.png"
                                                 << ""
                                                 << "" << 1;
    }
    void goodSamples() {
        QFETCH(QString, member);
        QFETCH(QString, caption);
        QFETCH(QString, licence);
        QFETCH(int, dedup);
        const std::string source = m_shard.string() + "#" + member.toStdString();
        auto rows = rs::store::listReferenceImages(m_case->db(), "laion", 1000, 0, true);
        RS_REQUIRE(rows);
        auto it = std::find_if(rows->begin(), rows->end(), [&](const auto& r) { return r.source == source; });
        QVERIFY2(it != rows->end(), source.c_str());
        QCOMPARE(QString::fromStdString(it->caption), caption);
        QCOMPARE(QString::fromStdString(it->licence), licence);
        QCOMPARE(int(it->dedupCount), dedup);
        QVERIFY(it->descriptor && it->thumbnailSha256);
        QVERIFY(!m_case->images().contains(it->sha256));  // originals not kept in this test
        auto bytes = readReferenceBytes(*m_case, *it);    // re-read from inside the shard
        RS_REQUIRE(bytes);
        QCOMPARE(rs::sha256Hex(*bytes), it->sha256);
    }

    void jsonNoteAndUrlsJournaled() {
        QVERIFY(std::any_of(m_summary.notes.begin(), m_summary.notes.end(), [](const std::string& n) {
            return contains(n, "000000009.json") && contains(n, "not a JSON object");
        }));
        auto audit = rs::store::listAudit(m_case->db(), 0, 1000);
        RS_REQUIRE(audit);
        bool url = false;
        for (const auto& row : *audit) url = url || contains(row.detailsJson, "https://example.com/1.png");
        QVERIFY(url);
    }

    void readerRejectsBeforeReading() {
        // Headers-only pass: the 10 GB member is judged from its header alone.
        auto reader = WebDatasetReader::open(m_shard, {}, {}, true);
        RS_REQUIRE(reader);
        TarEvent e;
        bool sawHuge = false;
        while ((*reader)->next(e))
            if (e.member == "000000010.jpg") sawHuge = e.kind == TarEvent::Kind::Rejected;
        QVERIFY(sawHuge);
    }

    void memberNames_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << "000001.jpg" << true;
        QTest::newRow("folder") << "part/000001.jpg" << true;
        QTest::newRow("dots in name") << "a..b.jpg" << true;
        QTest::newRow("parent") << "../x.jpg" << false;
        QTest::newRow("inner parent") << "a/../../x.jpg" << false;
        QTest::newRow("trailing parent") << "a/.." << false;
        QTest::newRow("absolute") << "/etc/x.jpg" << false;
        QTest::newRow("backslash") << "..\\x.jpg" << false;
        QTest::newRow("empty") << "" << false;
    }
    void memberNames() {
        QFETCH(QString, name);
        QFETCH(bool, ok);
        QCOMPARE(tarMemberNameProblem(name.toStdString()).empty(), ok);
    }

    void resumeAndMissingShard() {
        const fs::path missing = m_dir / "missing.tar";
        auto s = importReferenceSet(*m_case, "laion", ImportSource::tar({m_shard, missing}));
        RS_REQUIRE(s);
        QCOMPARE(s->imported, 0);
        QCOMPARE(s->duplicates, 0);
        QCOMPARE(s->alreadyImported, 5);
        const ImportIssue* issue = findIssue(s->failed, "missing.tar");
        QVERIFY(issue);
        QVERIFY(contains(issue->reason, "does not exist"));
    }

    void notATar() {
        writeFile(m_dir / "fake.tar", std::string(5000, 'z'));
        auto c = newCase(m_dir, "other");
        RS_REQUIRE(c);
        auto s = importReferenceSet(*c, "x", ImportSource::tar({m_dir / "fake.tar"}));
        RS_REQUIRE(s);
        QCOMPARE(s->imported, 0);
        QCOMPARE(int(s->failed.size()), 1);
        QVERIFY2(contains(s->failed[0].source + s->failed[0].reason, "fake.tar"), s->failed[0].reason.c_str());
    }
};

RS_REGISTER_TEST(TestWebDataset)
#include "tst_webdataset.moc"
