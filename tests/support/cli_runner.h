#pragma once
// Runs the built replicascope-cli (end-to-end tests of the command line): exit code, stdout,
// stderr. Header-only; needs RS_BINARY_DIR (every test target defines it).
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace rs::test {

struct CliRun {
    int exitCode = -1;  // -1: did not finish in time; -2: crashed
    QByteArray out, err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// `unsetEnv`: environment variables removed for this run (e.g. a configured model).
inline CliRun runCli(const QStringList& args, const QStringList& unsetEnv = {}) {
    QProcess p;
    p.setProgram(QStringLiteral(RS_BINARY_DIR "/app/replicascope-cli"));
    p.setArguments(args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto& name : unsetEnv) env.remove(name);
    p.setProcessEnvironment(env);
    p.start();
    CliRun r;
    if (!p.waitForFinished(300000)) return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

}  // namespace rs::test
