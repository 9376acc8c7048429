#pragma once
// Shared by the scan panel and results grid tests: a fresh case in a temporary folder and the
// committed tiny diffusers model (the embedded default model is not shipped yet).
#include "store/case_file.h"

#include <QString>
#include <QTemporaryDir>

namespace rs::test {

inline QString tinyModelDir() { return QStringLiteral(RS_TEST_DATA_DIR "/parity/tiny/model"); }

inline QString newCase(const QTemporaryDir& dir, const QString& name = QStringLiteral("scan.rscase")) {
    store::CaseDetails details;
    details.caseNumber = "T-1";
    details.title = "ui scan test";
    details.examiner = "tester";
    const QString path = dir.filePath(name);
    auto created = store::CaseFile::create(path.toStdString(), details, "tester");
    return created.ok() ? path : QString();
}

}  // namespace rs::test
