// replicascope-cli dataset build end to end: the real executable on the installed Open Clip Art
// files, deterministic output, and clear errors.
#include "cli_runner.h"
#include "test_registry.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = rs::test::CliRun;
using rs::test::runCli;

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestCliDataset : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void buildsTheSameSetTwice() {
        if (!QDir("/usr/share/openclipart/png").exists()) QSKIP("openclipart-png is not installed");
        QStringList args{"dataset", "build", "--count", "30", "--size", "32", "--seed", "3", "--out"};
        const Run a = runCli(args + QStringList{m_dir.filePath("a")});
        QVERIFY2(a.exitCode == 0, a.err.constData());
        const Run b = runCli(args + QStringList{m_dir.filePath("b")});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QByteArray manifest = readAll(m_dir.filePath("a/manifest.csv"));
        QCOMPARE(manifest.trimmed().split('\n').size(), 1 + 30);
        QVERIFY(manifest.contains("clip art by"));
        QCOMPARE(readAll(m_dir.filePath("b/manifest.csv")), manifest);
        QCOMPARE(readAll(m_dir.filePath("b/training_set.rstrain")), readAll(m_dir.filePath("a/training_set.rstrain")));
        QCOMPARE(QDir(m_dir.filePath("a/images")).entryList({"*.png"}).size(), 30);
        QVERIFY(QFile::exists(m_dir.filePath("a/ATTRIBUTION.txt")));
    }

    void errorsNameTheProblem_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no such source") << QStringList{"dataset", "build",    "--out",
                                                       "OUT",     "--source", "/nonexistent/clipart"}
                                        << "/nonexistent/clipart";
        QTest::newRow("no out") << QStringList{"dataset", "build"} << "--out";
        QTest::newRow("bad count") << QStringList{"dataset", "build", "--out", "OUT", "--count", "0"} << "--count";
        QTest::newRow("not build") << QStringList{"dataset", "make"} << "dataset build";
    }
    void errorsNameTheProblem() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        args.replaceInStrings("OUT", m_dir.filePath("err"));
        const Run r = runCli(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }
};

RS_REGISTER_TEST(TestCliDataset)
#include "tst_cli_dataset.moc"
