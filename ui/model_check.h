#pragma once
// The scan panel's model row, kept free of libtorch headers: what is wrong with a model folder,
// and where (device, precision) a scan would run.
#include <QString>

#include <optional>

namespace rs::ui {

struct ModelCheck {
    bool ok = false;
    QString problem;      // what is wrong, naming the missing or unsupported part
    QString description;  // e.g. "pixel-space model, 32x32, UNet 2 blocks"
    // The folder's sampling_defaults.json (what the model is meant to be sampled with), if any.
    std::optional<double> guidance;
    std::optional<int> steps;
    QString sampler;  // "" when the file names none
};

// Validates the folder without loading weights (configs, tokenizer, file list): seconds for a
// large model, so call it off the GUI thread.
ModelCheck checkModel(const QString& dir);

struct DeviceChoice {
    QString device;     // "CPU" or "CUDA (cuda:0)"
    QString precision;  // "float32", "float16", ...
    QString problem;    // non-empty when the setting cannot be honoured
};
DeviceChoice resolveDevice(const QString& device, const QString& dtype = QStringLiteral("auto"));

// The embedded default model's folder, or empty when it is not installed.
QString defaultModelFolder();

}  // namespace rs::ui
