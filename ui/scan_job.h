#pragma once
// Everything one audit scan from the GUI needs, in plain values so it can cross to the worker
// thread by copy.
#include <QString>
#include <QStringList>

namespace rs::ui {

struct ScanJob {
    QString casePath;
    QString modelDir;
    QString device = QStringLiteral("auto");  // auto | cpu | cuda | cuda:N
    QString dtype = QStringLiteral("auto");
    QStringList prompts;
    QString promptSource = QStringLiteral("desktop app");
    int seeds = 4;  // seeds 0 .. seeds-1 for every prompt
    int steps = 50;
    double guidance = 7.5;
    double ddimEta = 0.0;                      // DDIM's η (0: deterministic)
    QString sampler = QStringLiteral("ddim");  // ddim | dpm++2m | euler_a | auto
    int width = 0, height = 0;                 // 0: the model's native size
    QString negativePrompt;
    int batchSize = 8;
    bool resume = false;
    // The memorization screen first (Wen et al.): prompts are scanned highest score first, and
    // only the top screenKeep of them (0: all).
    bool screenFirst = false;
    int screenKeep = 0;
    double tiledL2Threshold = 0.15;
    int minCliqueSize = 10;
};

}  // namespace rs::ui
