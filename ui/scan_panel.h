#pragma once
// The SCAN panel: model (the embedded default, or a diffusers folder the user opens, validated
// off the GUI thread), device and precision, prompts (typed, pasted or loaded from a file),
// generation parameters (defaults from AppSettings), the optional memorization screen, Run /
// Cancel and a progress bar with images done, rate and ETA. The scan itself runs in a
// ScanRunner's worker thread; its signals are re-emitted here for the results grid.
#include "ui/app_settings.h"
#include "ui/scan_job.h"

#include <QList>
#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace rs::ui {

class CaseSession;
struct ModelCheck;
class ScanRunner;

class ScanPanel : public QWidget {
    Q_OBJECT
public:
    explicit ScanPanel(CaseSession* session, QWidget* parent = nullptr);
    ~ScanPanel() override;

    ScanRunner* runner() const { return m_runner; }
    QString modelFolder() const { return m_modelDir; }
    bool modelUsable() const { return m_modelOk; }
    // The job the current fields describe; *problem gets what must be fixed first ("" if none).
    ScanJob job(QString* problem = nullptr) const;
    QString messageText() const;  // the last error or result shown under the buttons

public slots:
    // Validates the folder in the background; Run is enabled once it is usable.
    void setModelFolder(const QString& dir);
    void setPrompts(const QStringList& prompts);
    // Reads a prompt file (one prompt per line) off the GUI thread; on success its prompts
    // replace the list, otherwise the list is kept and the message names the file. "Load
    // file…" calls this with the path the file dialog returns.
    void loadPromptFile(const QString& path);
    void startScan();
    void cancelScan();
    // After Settings: the defaults that differ from the ones last applied replace their fields
    // (steps or guidance the model recommended stay unless their default changed); a changed
    // device is resolved again for the label and used by the next scan.
    void applyGenerationDefaults(const rs::ui::GenerationDefaults& defaults);

signals:
    void modelChecked(bool ok, const QString& message);
    void scanStarted();
    void batchStored(const QList<qint64>& generationIds, qint64 promptId);
    void promptDone(qint64 promptId, bool flagged, qint64 candidates);
    void scanFinished(const QString& summary, bool cancelled);
    void scanFailed(const QString& message);
    void promptFileLoaded(bool ok, const QString& message);

private:
    QWidget* buildModelRow();
    QWidget* buildParameters();
    void chooseModelFolder();
    // Sets steps, guidance and sampler the checked model recommends; the text that says so.
    QString applySamplingDefaults(const ModelCheck& check);
    void choosePromptFile();
    void onProgress(qint64 done, qint64 total, double rate, double eta);
    void onScreened(const QStringList& prompts, const QList<double>& scores);
    void showMessage(const QString& text, bool error);
    void showDevice();
    void updateActions();

    CaseSession* m_session;
    ScanRunner* m_runner;
    QString m_modelDir;
    bool m_modelOk = false;
    int m_modelCheckSerial = 0;  // only the newest background check counts
    int m_promptLoadSerial = 0;  // only the newest prompt file read counts

    QLabel* m_modelLabel = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QPlainTextEdit* m_prompts = nullptr;
    QSpinBox* m_seeds = nullptr;
    QSpinBox* m_steps = nullptr;
    QDoubleSpinBox* m_guidance = nullptr;
    QComboBox* m_sampler = nullptr;
    QDoubleSpinBox* m_eta = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QSpinBox* m_batch = nullptr;
    QLineEdit* m_negative = nullptr;
    QCheckBox* m_screen = nullptr;
    QSpinBox* m_screenKeep = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressText = nullptr;
    QLabel* m_message = nullptr;
    QString m_device;
    GenerationDefaults m_defaults;  // the settings the fields were last filled from
};

}  // namespace rs::ui
