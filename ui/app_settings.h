#pragma once
// User settings (QSettings): thresholds with their meaning, generation defaults, reviewer,
// language, recent cases. One place so every view reads the same values.
#include <QString>
#include <QStringList>

namespace rs::ui {

struct Thresholds {
    double tiledL2 = 0.15;            // Carlini: two images are "the same" when tiled L2 <= this
    int minCliqueSize = 10;           // Carlini: a prompt is memorized when >= this many generations agree
    double sscdReplication = 0.5;     // Somepalli: SSCD cosine above this = replication
    double sscdHighPrecision = 0.75;  // SSCD README: ~90% precision on DISC
    int phashHamming = 10;            // imagededup: near-duplicate when Hamming distance <= this
};

struct GenerationDefaults {
    int seeds = 500;  // Carlini §4.2
    int steps = 50;
    double guidance = 7.5;
    QString sampler = QStringLiteral("ddim");
    QString device = QStringLiteral("auto");
};

class AppSettings {
public:
    static Thresholds thresholds();
    static void setThresholds(const Thresholds& t);

    static GenerationDefaults generationDefaults();
    static void setGenerationDefaults(const GenerationDefaults& d);

    static QString reviewerName();
    static void setReviewerName(const QString& name);

    // "" = follow the system locale; otherwise a language code such as "de" or "fr".
    static QString language();
    static void setLanguage(const QString& code);

    static QStringList recentCases();
    static void addRecentCase(const QString& path);
    static void removeRecentCase(const QString& path);

    static constexpr int kMaxRecentCases = 10;
};

}  // namespace rs::ui
