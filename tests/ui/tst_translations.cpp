// German and French translations (issue 7): the .qm files are embedded in rs_ui under
// :/i18n, load the way app/gui/main.cpp loads them, translate the main window, and the
// .ts sources in translations/ have no unfinished message.
#include "test_registry.h"
#include "test_settings.h"

#include "ui/main_window.h"

#include <QAction>
#include <QFile>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

#include <memory>

namespace {

const QStringList kEnglishMenus = {"File", "Edit", "Case", "Evidence", "Tools", "Help"};
const QStringList kEnglishTabs = {"Case", "Reference Sets", "Scan", "Results", "Review"};

// The character after a single '&' (the keyboard mnemonic), lower-cased; null when none.
QChar mnemonic(const QString& text) {
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&')) continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return QChar();
}

QStringList duplicateMnemonics(const QStringList& texts) {
    QHash<QChar, QString> seen;
    QStringList clashes;
    for (const QString& text : texts) {
        const QChar m = mnemonic(text);
        if (m.isNull()) continue;
        if (seen.contains(m))
            clashes << seen.value(m) + QLatin1String(" / ") + text;
        else
            seen.insert(m, text);
    }
    return clashes;
}

struct TsMessage {
    QString context;
    QString source;
    QStringList translations;  // one, or one per numerus form
    QString type;              // "unfinished", "obsolete", "vanished" or empty
    bool numerus = false;
};

QList<TsMessage> readTs(const QString& path, QString* error) {
    QList<TsMessage> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = TsMessage();
            current.context = context;
            current.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!current.numerus) {
                current.translations << xml.readElementText();
                messages << current;
                continue;
            }
            while (xml.readNextStartElement()) {
                if (xml.name() == QLatin1String("numerusform"))
                    current.translations << xml.readElementText();
                else
                    xml.skipCurrentElement();
            }
            messages << current;
        }
    }
    if (xml.hasError()) *error = xml.errorString();
    return messages;
}

QStringList placeholders(const QString& text) {
    QStringList found;
    for (const auto& match : QRegularExpression(QStringLiteral("%(\\d|n)")).globalMatch(text))
        found << match.captured();
    found.sort();
    return found;
}

QStringList menuTexts(const rs::ui::MainWindow& w) {
    QStringList texts;
    for (QAction* a : w.menuBar()->actions()) texts << a->text();
    return texts;
}

QStringList tabTexts(const rs::ui::MainWindow& w) {
    QStringList texts;
    if (auto* tabs = w.findChild<QTabWidget*>("mainTabs"))
        for (int i = 0; i < tabs->count(); ++i) texts << tabs->tabText(i);
    return texts;
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { rs::test::useTestSettings(); }
    void init() { QSettings().clear(); }
    void cleanup() {
        if (m_translator) QCoreApplication::removeTranslator(m_translator.get());
        m_translator.reset();
    }

    void qmIsEmbeddedAndLoadsLikeTheApp_data() { languages(); }
    void qmIsEmbeddedAndLoadsLikeTheApp() {
        QFETCH(QString, lang);
        QTranslator byPath;
        QVERIFY(byPath.load(QStringLiteral(":/i18n/replicascope_%1.qm").arg(lang)));
        QVERIFY(!byPath.isEmpty());
        QCOMPARE(byPath.language(), lang);
        // app/gui/main.cpp: the setting (or the system locale) picks the file by locale.
        QTranslator byLocale;
        QVERIFY(byLocale.load(QLocale(lang), "replicascope", "_", ":/i18n"));
        QCOMPARE(byLocale.language(), lang);
    }

    void keyStringsAreTranslated_data() {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("numerus");
        const char* mainWindow = rs::ui::MainWindow::staticMetaObject.className();
        const struct {
            const char* context;
            const char* source;
            bool numerus;
        } rows[] = {
            {mainWindow, "&File", false},
            {mainWindow, "Evi&dence", false},
            {mainWindow, "&Export Report…", false},
            {mainWindow, "&Verify Case…", false},
            {mainWindow, "Re&view", false},
            {"rs::ui::ReviewQueueView",
             "Keys: 1 replicated · 2 partial copy · 3 not a copy · 0 unsure · J/K or ↓/↑ next/previous · Ctrl+Z undo · "
             "Shift/Ctrl+click selects several rows",
             false},
            {"rs::ui::ReviewQueueView", "%n candidate(s)", true},
            {"ReviewLabels", "replicated", false},
            {"ReviewLabels", "partial copy", false},
            {"ReviewDecider", "Enter your name as reviewer before recording decisions.", false},
            {"rs::ui::ExportDialog", "Only findings reviewed as replicated", false},
            {"rs::ui::VerifyDialog", "Verification was cancelled; the result is incomplete.", false},
            {"rs::ui::SettingsDialog", "Takes effect the next time ReplicaScope starts.", false},
            {"rs::ui::ScanPanel", "Cancelling after the current denoising step…", false},
            // Contexts as the code asks for them at run time: ComparisonView's class, and the
            // namespace for the evidence and reference-import jobs' file-local tr().
            {"rs::ui::ComparisonView", "Swap sides", false},
            {"rs::ui", "Report Exported", false},
            {"rs::ui", "Skipped files:", false},
        };
        for (const QString& lang : {QStringLiteral("de"), QStringLiteral("fr")}) {
            for (const auto& row : rows) {
                QTest::addRow("%s: %s / %s", qPrintable(lang), row.context, row.source)
                    << lang << QString::fromLatin1(row.context) << QString::fromUtf8(row.source) << row.numerus;
            }
        }
    }
    void keyStringsAreTranslated() {
        QFETCH(QString, lang);
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(bool, numerus);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/replicascope_%1.qm").arg(lang)));
        const QString translated =
            translator.translate(context.toUtf8().constData(), source.toUtf8().constData(), nullptr, numerus ? 2 : -1);
        QVERIFY2(!translated.isEmpty(), qPrintable(QStringLiteral("no translation for '%1'").arg(source)));
        if (translated.isEmpty()) return;
        QVERIFY2(translated != source, qPrintable(QStringLiteral("'%1' is left in English").arg(source)));
        QCOMPARE(placeholders(translated), placeholders(source));
    }

    void mainWindowIsTranslated_data() { languages(); }
    void mainWindowIsTranslated() {
        QFETCH(QString, lang);
        QVERIFY(installTranslation(lang));
        rs::ui::MainWindow w;
        w.setQuiet(true);

        const QStringList menuTexts = ::menuTexts(w);
        QCOMPARE(menuTexts.size(), kEnglishMenus.size());
        for (int i = 0; i < menuTexts.size(); ++i) {
            const QString plain = QString(menuTexts.at(i)).remove(QLatin1Char('&'));
            QVERIFY2(!plain.isEmpty() && plain != kEnglishMenus.at(i),
                     qPrintable(QStringLiteral("menu '%1' is not translated").arg(kEnglishMenus.at(i))));
            QVERIFY2(!mnemonic(menuTexts.at(i)).isNull(), qPrintable(menuTexts.at(i) + " has no mnemonic"));
        }

        const QStringList tabTexts = ::tabTexts(w);
        QVERIFY(!tabTexts.isEmpty());
        for (const QString& text : tabTexts) {
            const QString plain = QString(text).remove(QLatin1Char('&'));
            if (lang == QLatin1String("de") && plain == QLatin1String("Scan")) continue;  // German too
            QVERIFY2(!plain.isEmpty() && !kEnglishTabs.contains(plain),
                     qPrintable(QStringLiteral("tab '%1' is not translated").arg(plain)));
        }
    }

    // Alt+letter must reach one menu or one tab only (menus and tabs share the window's
    // shortcuts), and one entry inside each menu: in English and in each translation.
    void mnemonicsAreUnique_data() {
        QTest::addColumn<QString>("lang");
        QTest::newRow("en") << QString();
        QTest::newRow("de") << QStringLiteral("de");
        QTest::newRow("fr") << QStringLiteral("fr");
    }
    void mnemonicsAreUnique() {
        QFETCH(QString, lang);
        if (!lang.isEmpty()) QVERIFY(installTranslation(lang));
        rs::ui::MainWindow w;
        w.setQuiet(true);

        const QStringList menuTexts = ::menuTexts(w);
        const QStringList tabTexts = ::tabTexts(w);
        QCOMPARE(menuTexts.size(), kEnglishMenus.size());
        QCOMPARE(tabTexts.size(), kEnglishTabs.size());
        for (const QString& text : menuTexts + tabTexts)
            QVERIFY2(!mnemonic(text).isNull(), qPrintable(text + " has no mnemonic"));

        const QStringList amongMenus = duplicateMnemonics(menuTexts);
        QVERIFY2(amongMenus.isEmpty(), qPrintable("menus: " + amongMenus.join(", ")));
        const QStringList amongTabs = duplicateMnemonics(tabTexts);
        QVERIFY2(amongTabs.isEmpty(), qPrintable("tabs: " + amongTabs.join(", ")));
        const QStringList acrossBoth = duplicateMnemonics(menuTexts + tabTexts);
        QVERIFY2(acrossBoth.isEmpty(), qPrintable("menus and tabs: " + acrossBoth.join(", ")));
        for (QAction* a : w.menuBar()->actions()) {
            if (!a->menu()) continue;
            QStringList entries;
            for (QAction* entry : a->menu()->actions())
                if (!entry->isSeparator()) entries << entry->text();
            const QStringList inMenu = duplicateMnemonics(entries);
            QVERIFY2(inMenu.isEmpty(), qPrintable(a->text() + ": " + inMenu.join(", ")));
        }
    }

    void tsFilesAreComplete_data() { languages(); }
    void tsFilesAreComplete() {
        QFETCH(QString, lang);
        const QString path = QStringLiteral(RS_SOURCE_DIR "/translations/replicascope_%1.ts").arg(lang);
        QString error;
        const QList<TsMessage> messages = readTs(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(path + ": " + error));
        QVERIFY(messages.size() > 100);
        QStringList problems;
        for (const TsMessage& m : messages) {
            const QString where = m.context + QLatin1String(": ") + m.source;
            if (!m.type.isEmpty()) problems << where + QLatin1String(" [") + m.type + QLatin1Char(']');
            if (m.numerus && m.translations.size() != 2) problems << where + QLatin1String(" [numerus forms]");
            for (const QString& t : m.translations) {
                if (t.isEmpty())
                    problems << where + QLatin1String(" [empty]");
                else if (placeholders(t) != placeholders(m.source))
                    problems << where + QLatin1String(" [placeholders]");
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(QString::number(problems.size()) + " unfinished or broken in " + path +
                                                ":\n" + problems.join(QLatin1Char('\n'))));
    }

private:
    static void languages() {
        QTest::addColumn<QString>("lang");
        QTest::newRow("de") << QStringLiteral("de");
        QTest::newRow("fr") << QStringLiteral("fr");
    }

    // Loads the embedded .qm as the app does and installs it until cleanup().
    bool installTranslation(const QString& lang) {
        m_translator = std::make_unique<QTranslator>();
        return m_translator->load(QStringLiteral(":/i18n/replicascope_%1.qm").arg(lang)) &&
               QCoreApplication::installTranslator(m_translator.get());
    }

    std::unique_ptr<QTranslator> m_translator;
};

RS_REGISTER_TEST(TestTranslations)
#include "tst_translations.moc"
