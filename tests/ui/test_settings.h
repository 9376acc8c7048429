#pragma once
// Keeps the ui tests' QSettings away from the user's: Qt's test-mode paths under a test
// organisation and application name. Call from initTestCase().
#include <QCoreApplication>
#include <QStandardPaths>

namespace rs::test {

inline void useTestSettings() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ReplicaScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui"));
}

}  // namespace rs::test
