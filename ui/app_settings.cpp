#include "app_settings.h"

#include <QFileInfo>
#include <QSettings>

namespace rs::ui {

Thresholds AppSettings::thresholds() {
    QSettings s;
    Thresholds t;
    s.beginGroup("thresholds");
    t.tiledL2 = s.value("tiledL2", t.tiledL2).toDouble();
    t.minCliqueSize = s.value("minCliqueSize", t.minCliqueSize).toInt();
    t.sscdReplication = s.value("sscdReplication", t.sscdReplication).toDouble();
    t.sscdHighPrecision = s.value("sscdHighPrecision", t.sscdHighPrecision).toDouble();
    t.phashHamming = s.value("phashHamming", t.phashHamming).toInt();
    s.endGroup();
    return t;
}

void AppSettings::setThresholds(const Thresholds& t) {
    QSettings s;
    s.beginGroup("thresholds");
    s.setValue("tiledL2", t.tiledL2);
    s.setValue("minCliqueSize", t.minCliqueSize);
    s.setValue("sscdReplication", t.sscdReplication);
    s.setValue("sscdHighPrecision", t.sscdHighPrecision);
    s.setValue("phashHamming", t.phashHamming);
    s.endGroup();
}

GenerationDefaults AppSettings::generationDefaults() {
    QSettings s;
    GenerationDefaults d;
    s.beginGroup("generation");
    d.seeds = s.value("seeds", d.seeds).toInt();
    d.steps = s.value("steps", d.steps).toInt();
    d.guidance = s.value("guidance", d.guidance).toDouble();
    d.sampler = s.value("sampler", d.sampler).toString();
    d.device = s.value("device", d.device).toString();
    s.endGroup();
    return d;
}

void AppSettings::setGenerationDefaults(const GenerationDefaults& d) {
    QSettings s;
    s.beginGroup("generation");
    s.setValue("seeds", d.seeds);
    s.setValue("steps", d.steps);
    s.setValue("guidance", d.guidance);
    s.setValue("sampler", d.sampler);
    s.setValue("device", d.device);
    s.endGroup();
}

QString AppSettings::reviewerName() { return QSettings().value("review/reviewer").toString(); }
void AppSettings::setReviewerName(const QString& name) { QSettings().setValue("review/reviewer", name); }

QString AppSettings::language() { return QSettings().value("ui/language").toString(); }
void AppSettings::setLanguage(const QString& code) { QSettings().setValue("ui/language", code); }

QStringList AppSettings::recentCases() { return QSettings().value("cases/recent").toStringList(); }

void AppSettings::addRecentCase(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = recentCases();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxRecentCases) list.removeLast();
    QSettings().setValue("cases/recent", list);
}

void AppSettings::removeRecentCase(const QString& path) {
    QStringList list = recentCases();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    QSettings().setValue("cases/recent", list);
}

}  // namespace rs::ui
