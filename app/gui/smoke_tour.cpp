#include "smoke_tour.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

#include <functional>

namespace rs::app {
namespace {

constexpr int kSettleMs = 1200;           // long enough for thumbnails and a comparison pair to load
constexpr int kModelCheckMs = 60 * 1000;  // the preselected model is checked off the GUI thread
constexpr int kScanMs = 5 * 60 * 1000;

void settle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs) return false;
        settle(100);
    }
    return true;
}

QString plain(QString text) {
    return text.remove(QLatin1Char('&')).remove(QChar(0x2026)).remove(QStringLiteral("..."));
}

class Tour {
public:
    Tour(QMainWindow* window, const QString& outDir) : m_window(window), m_dir(outDir) {}

    int run() {
        QDir().mkpath(m_dir);
        auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        if (!tabs) return fail(QStringLiteral("the window has no tabs"));
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            settle(kSettleMs);
            shoot(QStringLiteral("tab-%1").arg(
                plain(tabs->tabText(i)).toLower().replace(QLatin1Char(' '), QLatin1Char('-'))));
        }
        scanFromTheScanTab(tabs);
        selectFirst(tabs, QStringLiteral("resultsView"), QStringLiteral("result-selected"));
        selectFirst(tabs, QStringLiteral("queueTable"), QStringLiteral("review-candidate-selected"));
        for (const char* name : {"Settings", "Details", "Export Report", "Verify Case"})
            openDialog(QString::fromLatin1(name));
        QTextStream(stdout) << "smoke tour: " << m_shots << " screenshots in " << m_dir << ", " << m_failures
                            << " problem(s)\n";
        return m_failures == 0 ? 0 : 1;
    }

private:
    int fail(const QString& what) {
        ++m_failures;
        QTextStream(stderr) << "smoke tour: " << what << '\n';
        return 1;
    }

    void shoot(const QString& name, QWidget* widget = nullptr) {
        const QString file =
            QDir(m_dir).filePath(QStringLiteral("%1-%2.png").arg(++m_shots, 2, 10, QLatin1Char('0')).arg(name));
        if (!(widget ? widget : m_window)->grab().save(file)) fail(QStringLiteral("cannot save %1").arg(file));
    }

    void showTabOf(QTabWidget* tabs, QWidget* widget) {
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->widget(i)->isAncestorOf(widget) || tabs->widget(i) == widget) tabs->setCurrentIndex(i);
    }

    void scanFromTheScanTab(QTabWidget* tabs) {
        auto* prompts = m_window->findChild<QPlainTextEdit*>(QStringLiteral("prompts"));
        auto* seeds = m_window->findChild<QSpinBox*>(QStringLiteral("seeds"));
        auto* run = m_window->findChild<QPushButton*>(QStringLiteral("run"));
        auto* cancel = m_window->findChild<QPushButton*>(QStringLiteral("cancel"));
        if (!prompts || !seeds || !run || !cancel) return void(fail(QStringLiteral("the Scan tab lacks its controls")));
        showTabOf(tabs, run);
        prompts->setPlainText(QStringLiteral("a red square\na blue circle"));
        seeds->setValue(8);
        if (!waitFor([run] { return run->isEnabled(); }, kModelCheckMs))
            return void(fail(QStringLiteral("Run never became available (no usable model?)")));
        shoot(QStringLiteral("scan-ready"));
        run->click();
        if (!waitFor([cancel] { return cancel->isEnabled(); }, 10000))
            return void(fail(QStringLiteral("the scan did not start")));
        settle(300);
        shoot(QStringLiteral("scan-running"));
        if (!waitFor([run, cancel] { return run->isEnabled() && !cancel->isEnabled(); }, kScanMs))
            return void(fail(QStringLiteral("the scan did not finish in time")));
        shoot(QStringLiteral("scan-finished"));
    }

    void selectFirst(QTabWidget* tabs, const QString& viewName, const QString& shot) {
        auto* view = m_window->findChild<QAbstractItemView*>(viewName);
        if (!view || !view->model()) return void(fail(QStringLiteral("no %1").arg(viewName)));
        showTabOf(tabs, view);
        if (view->model()->rowCount() == 0)
            fail(QStringLiteral("%1 is empty after the scan").arg(viewName));
        else
            view->setCurrentIndex(view->model()->index(0, 0));
        settle(kSettleMs);
        shoot(shot);
    }

    // Triggers the menu action and photographs the dialog it opens (modal or not), then closes it.
    void openDialog(const QString& actionText) {
        QAction* action = nullptr;
        for (QAction* a : m_window->findChildren<QAction*>())
            if (plain(a->text()).trimmed() == actionText && a->isEnabled()) action = a;
        if (!action) return void(fail(QStringLiteral("no enabled menu action \"%1\"").arg(actionText)));
        bool seen = false;
        const QString name =
            QStringLiteral("dialog-") + actionText.toLower().replace(QLatin1Char(' '), QLatin1Char('-'));
        QTimer::singleShot(kSettleMs, m_window, [this, &seen, name] {
            QWidget* dialog = QApplication::activeModalWidget();
            for (QWidget* w : QApplication::topLevelWidgets())
                if (!dialog && w != m_window && w->isVisible() && qobject_cast<QDialog*>(w)) dialog = w;
            if (!dialog) return;
            seen = true;
            shoot(name, dialog);
            dialog->close();
        });
        action->trigger();        // returns when a modal dialog closes
        settle(kSettleMs + 300);  // a modeless one is photographed meanwhile
        if (!seen) fail(QStringLiteral("\"%1\" opened no dialog").arg(actionText));
    }

    QMainWindow* m_window;
    QString m_dir;
    int m_shots = 0;
    int m_failures = 0;
};

}  // namespace

void startSmokeTour(QMainWindow* window, const QString& outDir) {
    QTimer::singleShot(0, window, [window, outDir] {
        Tour tour(window, outDir);
        QApplication::exit(tour.run());
    });
}

}  // namespace rs::app
