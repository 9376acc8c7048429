#include "base/file_io.h"
#include "base/sha256.h"

#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>

#include <sys/stat.h>
#include <unistd.h>

class TestBase : public QObject {
    Q_OBJECT
private slots:
    void sha256KnownVectors_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        QTest::newRow("abc") << QByteArray("abc") << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        QTest::newRow("two blocks") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                    << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
        QTest::newRow("a million a") << QByteArray(1000000, 'a')
                                     << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    }
    void sha256KnownVectors() {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(rs::sha256Hex(input.constData(), size_t(input.size()))), expected);
        QVERIFY(rs::isSha256Hex(expected.toStdString()));
    }
    // The SHA-NI kernel (where the CPU has it) and the portable one agree on every length around
    // the block and padding boundaries and on random splits of the input.
    void sha256KernelsAgree() {
        std::mt19937 random(7);
        for (std::size_t n = 0; n < 1200; ++n) {
            std::string bytes(n, '\0');
            for (auto& c : bytes) c = char(random());
            rs::Sha256 hardware, portable(true);
            const std::size_t cut = n ? random() % n : 0;
            hardware.update(bytes.data(), cut);
            hardware.update(bytes.data() + cut, n - cut);
            portable.update(bytes);
            QCOMPARE(hardware.hexDigest(), portable.hexDigest());
        }
        rs::Sha256 portable(true);
        portable.update("abc");
        QCOMPARE(portable.hexDigest(), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void sha256FileMatchesBytes() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("f.bin").toStdString();
        std::string bytes(200000, 'x');
        QVERIFY(rs::writeFileAtomically(path, bytes).ok());
        auto h = rs::sha256File(path);
        QVERIFY(h.ok());
        QCOMPARE(*h, rs::sha256Hex(bytes));
    }
    void sha256FileMissingNamesFile() {
        auto h = rs::sha256File("/nonexistent/zzz.png");
        QVERIFY(!h.ok());
        QVERIFY(h.message().find("/nonexistent/zzz.png") != std::string::npos);
    }
    void atomicWriteLeavesNoTempFiles() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a.txt").toStdString();
        QVERIFY(rs::writeFileAtomically(path, std::string("one")).ok());
        QVERIFY(rs::writeFileAtomically(path, std::string("two")).ok());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
        auto back = rs::readFileLimited(path, 100);
        QVERIFY(back.ok());
        QCOMPARE(*back, std::string("two"));
    }
    void atomicWriteIntoReadOnlyFolderFails() {
        if (::geteuid() == 0) QSKIP("root ignores folder permissions");
        QTemporaryDir dir;
        ::chmod(dir.path().toLocal8Bit().constData(), 0555);
        auto s = rs::writeFileAtomically(dir.filePath("x").toStdString(), std::string("x"));
        ::chmod(dir.path().toLocal8Bit().constData(), 0755);
        QVERIFY(!s.ok());
    }
    void readFileLimitedRefusesLargeFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("big").toStdString();
        QVERIFY(rs::writeFileAtomically(path, std::string(1000, 'a')).ok());
        auto r = rs::readFileLimited(path, 999);
        QVERIFY(!r.ok());
        QVERIFY(r.message().find("over the limit") != std::string::npos);
    }
};

RS_REGISTER_TEST(TestBase)
#include "tst_base.moc"
