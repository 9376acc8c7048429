#include "base/blas_kernel.h"
#include "smoke_tour.h"

#include "ui/app_settings.h"
#include "ui/main_window.h"

#include "rs_version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

int main(int argc, char** argv) {
    rs::useOptimizedBlasKernel(argv);  // may start the program again (base/blas_kernel.h)
    QApplication app(argc, argv);
    QApplication::setOrganizationName("ReplicaScope");
    QApplication::setApplicationName("ReplicaScope");
    QApplication::setApplicationVersion(QString::fromLatin1(rs::kVersion));
    QApplication::setDesktopFileName("io.github.replicascope.ReplicaScope");

    const QString language = rs::ui::AppSettings::language();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QTranslator qtTranslator, appTranslator;
    if (qtTranslator.load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(&qtTranslator);
    if (appTranslator.load(locale, "replicascope", "_", ":/i18n")) app.installTranslator(&appTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Audit diffusion models for reproduced training images"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("case", QApplication::translate("main", "Case file to open (.rscase)"), "[case]");
    QCommandLineOption screenshot("screenshot",
                                  QApplication::translate("main",
                                                          "Save a picture of the window to FILE and quit "
                                                          "(for smoke tests under Xvfb)"),
                                  "FILE");
    parser.addOption(screenshot);
    QCommandLineOption tab("tab", QApplication::translate("main", "Show this tab first (its number, from 0)"), "N");
    parser.addOption(tab);
    QCommandLineOption tour("smoke-tour",
                            QApplication::translate("main",
                                                    "Go through the main flows (run a scan, open the dialogs), "
                                                    "save a screenshot of each step in DIR and quit"),
                            "DIR");
    parser.addOption(tour);
    parser.process(app);

    rs::ui::MainWindow window;
    window.show();
    window.openStartupCase(parser.positionalArguments().value(0));
    if (parser.isSet(tab)) window.showTab(parser.value(tab).toInt());
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(1500, &window, [&window, file] {
            const bool saved = window.grab().save(file);
            QApplication::exit(saved ? 0 : 1);
        });
    }
    if (parser.isSet(tour)) rs::app::startSmokeTour(&window, parser.value(tour));
    return app.exec();
}
