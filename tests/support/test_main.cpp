#include "test_registry.h"

#include <QApplication>
#include <QStringList>
#include <QtTest>

namespace rs::test {
std::vector<Registration>& registry() {
    static std::vector<Registration> r;
    return r;
}
}  // namespace rs::test

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QStringList args = app.arguments();
    QString only;
    if (const int i = args.indexOf("--class"); i >= 0 && i + 1 < args.size()) {
        only = args.at(i + 1);
        args.removeAt(i + 1);
        args.removeAt(i);
    }
    int failures = 0;
    for (const auto& reg : rs::test::registry()) {
        if (!only.isEmpty() && only != QLatin1String(reg.name)) continue;
        auto object = reg.make();
        failures += QTest::qExec(object.get(), args);
    }
    return failures == 0 ? 0 : 1;
}
