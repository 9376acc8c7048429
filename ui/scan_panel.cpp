#include "ui/scan_panel.h"

#include "audit/scan_inputs.h"

#include "ui/app_settings.h"
#include "ui/case_session.h"
#include "ui/model_check.h"
#include "ui/scan_runner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace rs::ui {

namespace {

QString formatDuration(double seconds) {
    if (seconds < 0 || seconds > 1e7) return QStringLiteral("?");
    const qint64 t = qint64(seconds + 0.5);
    return QStringLiteral("%1:%2:%3")
        .arg(t / 3600)
        .arg((t / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(t % 60, 2, 10, QLatin1Char('0'));
}

// The prompts of a text, one per line; blank lines dropped.
QStringList promptLines(const QString& text) {
    QStringList prompts;
    for (QString line : text.split(QLatin1Char('\n'))) {
        if (line.endsWith(QLatin1Char('\r'))) line.chop(1);
        if (!line.trimmed().isEmpty()) prompts << line;
    }
    return prompts;
}

}  // namespace

ScanPanel::ScanPanel(CaseSession* session, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_runner(new ScanRunner(this)),
      m_defaults(AppSettings::generationDefaults()) {
    m_device = m_defaults.device;
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildModelRow());
    auto* promptsBox = new QGroupBox(tr("Prompts (one per line)"), this);
    auto* promptsLayout = new QVBoxLayout(promptsBox);
    m_prompts = new QPlainTextEdit(promptsBox);
    m_prompts->setObjectName(QStringLiteral("prompts"));
    m_prompts->setPlaceholderText(tr("Type or paste prompts here, one per line"));
    promptsLayout->addWidget(m_prompts);
    auto* loadFile = new QPushButton(tr("Load file…"), promptsBox);
    loadFile->setObjectName(QStringLiteral("loadPrompts"));
    connect(loadFile, &QPushButton::clicked, this, &ScanPanel::choosePromptFile);
    promptsLayout->addWidget(loadFile, 0, Qt::AlignLeft);
    layout->addWidget(promptsBox, 1);
    layout->addWidget(buildParameters());

    auto* buttons = new QHBoxLayout;
    m_run = new QPushButton(tr("Run"), this);
    m_run->setObjectName(QStringLiteral("run"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancel"));
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    layout->addWidget(m_progress);
    m_progressText = new QLabel(this);
    m_progressText->setObjectName(QStringLiteral("progressText"));
    layout->addWidget(m_progressText);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    connect(m_run, &QPushButton::clicked, this, &ScanPanel::startScan);
    connect(m_cancel, &QPushButton::clicked, this, &ScanPanel::cancelScan);
    connect(m_prompts, &QPlainTextEdit::textChanged, this, &ScanPanel::updateActions);
    if (m_session) connect(m_session, &CaseSession::caseChanged, this, &ScanPanel::updateActions);

    connect(m_runner, &ScanRunner::status, m_progressText, &QLabel::setText);
    connect(m_runner, &ScanRunner::progress, this, &ScanPanel::onProgress);
    connect(m_runner, &ScanRunner::screened, this, &ScanPanel::onScreened);
    connect(m_runner, &ScanRunner::batchStored, this, &ScanPanel::batchStored);
    connect(m_runner, &ScanRunner::promptDone, this, &ScanPanel::promptDone);
    if (m_session) {
        connect(m_runner, &ScanRunner::batchStored, m_session, &CaseSession::announceGenerationsStored);
        connect(m_runner, &ScanRunner::promptDone, m_session, &CaseSession::announcePromptAnalysed);
        connect(m_runner, &ScanRunner::finished, m_session, &CaseSession::announceRunFinished);
    }
    connect(m_runner, &ScanRunner::runningChanged, this, &ScanPanel::updateActions);
    connect(m_runner, &ScanRunner::finished, this, [this](const QString& summary, bool cancelled) {
        showMessage(summary, false);
        m_progressText->setText(cancelled ? tr("Cancelled") : tr("Done"));
        emit scanFinished(summary, cancelled);
    });
    connect(m_runner, &ScanRunner::failed, this, [this](const QString& message) {
        showMessage(message, true);
        m_progressText->setText(tr("Failed"));
        emit scanFailed(message);
    });

    showDevice();
    const QString defaultDir = defaultModelFolder();
    if (!defaultDir.isEmpty()) setModelFolder(defaultDir);
    updateActions();
}

ScanPanel::~ScanPanel() = default;

QWidget* ScanPanel::buildModelRow() {
    auto* box = new QGroupBox(tr("Model"), this);
    auto* layout = new QFormLayout(box);
    auto* row = new QHBoxLayout;
    m_modelLabel = new QLabel(tr("Default model not installed"), box);
    m_modelLabel->setObjectName(QStringLiteral("modelLabel"));
    m_modelLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* open = new QPushButton(tr("Open diffusers folder…"), box);
    open->setObjectName(QStringLiteral("openModel"));
    connect(open, &QPushButton::clicked, this, &ScanPanel::chooseModelFolder);
    row->addWidget(m_modelLabel, 1);
    row->addWidget(open);
    layout->addRow(tr("Model:"), row);
    m_modelStatus = new QLabel(box);
    m_modelStatus->setObjectName(QStringLiteral("modelStatus"));
    m_modelStatus->setWordWrap(true);
    layout->addRow(QString(), m_modelStatus);

    m_deviceLabel = new QLabel(box);
    m_deviceLabel->setObjectName(QStringLiteral("deviceLabel"));
    layout->addRow(tr("Device:"), m_deviceLabel);
    return box;
}

void ScanPanel::showDevice() {
    const DeviceChoice device = resolveDevice(m_device);
    m_deviceLabel->setText(device.problem.isEmpty()
                               ? tr("%1, %2").arg(device.device, device.precision)
                               : tr("Device setting \"%1\" cannot be used: %2").arg(m_device, device.problem));
}

QWidget* ScanPanel::buildParameters() {
    const GenerationDefaults& defaults = m_defaults;
    auto* box = new QGroupBox(tr("Generation"), this);
    auto* form = new QFormLayout(box);
    auto spin = [box](const char* name, int lo, int hi, int value) {
        auto* s = new QSpinBox(box);
        s->setObjectName(QLatin1String(name));
        s->setRange(lo, hi);
        s->setValue(value);
        return s;
    };
    m_seeds = spin("seeds", 1, 100000, defaults.seeds);
    m_seeds->setToolTip(tr("Images per prompt (seeds 0 to N-1); Carlini et al. use 500"));
    form->addRow(tr("Seeds per prompt:"), m_seeds);
    m_steps = spin("steps", 1, 1000, defaults.steps);
    form->addRow(tr("Steps:"), m_steps);
    m_guidance = new QDoubleSpinBox(box);
    m_guidance->setObjectName(QStringLiteral("guidance"));
    m_guidance->setRange(0.0, 50.0);
    m_guidance->setSingleStep(0.5);
    m_guidance->setValue(defaults.guidance);
    form->addRow(tr("Guidance:"), m_guidance);
    m_sampler = new QComboBox(box);
    m_sampler->setObjectName(QStringLiteral("sampler"));
    m_sampler->addItem(tr("DDIM"), QStringLiteral("ddim"));
    m_sampler->addItem(tr("DPM++ 2M"), QStringLiteral("dpm++2m"));
    m_sampler->addItem(tr("Euler ancestral"), QStringLiteral("euler_a"));
    m_sampler->addItem(tr("As the model's scheduler config says"), QStringLiteral("auto"));
    m_sampler->setCurrentIndex(std::max(0, m_sampler->findData(defaults.sampler)));
    form->addRow(tr("Sampler:"), m_sampler);
    m_eta = new QDoubleSpinBox(box);
    m_eta->setObjectName(QStringLiteral("ddimEta"));
    m_eta->setRange(0.0, 1.0);
    m_eta->setSingleStep(0.1);
    m_eta->setDecimals(2);
    m_eta->setValue(0.0);
    m_eta->setToolTip(
        tr("DDIM's η: 0 samples deterministically from each seed's noise, 1 adds fresh noise at every "
           "step. Recorded with the run; other samplers ignore it."));
    form->addRow(tr("DDIM η:"), m_eta);
    const auto enableEta = [this] { m_eta->setEnabled(m_sampler->currentData().toString() == QLatin1String("ddim")); };
    connect(m_sampler, &QComboBox::currentIndexChanged, this, enableEta);
    enableEta();
    auto* size = new QHBoxLayout;
    m_width = spin("width", 0, 8192, 0);
    m_height = spin("height", 0, 8192, 0);
    for (auto* s : {m_width, m_height}) {
        s->setSingleStep(8);
        s->setSpecialValueText(tr("native"));
        size->addWidget(s);
    }
    form->addRow(tr("Size (width × height):"), size);
    m_batch = spin("batch", 1, 1024, 8);
    m_batch->setToolTip(tr("Images per network batch; a cancelled run keeps every finished batch"));
    form->addRow(tr("Batch:"), m_batch);
    m_negative = new QLineEdit(box);
    m_negative->setObjectName(QStringLiteral("negative"));
    form->addRow(tr("Negative prompt:"), m_negative);
    auto* screen = new QHBoxLayout;
    m_screen = new QCheckBox(tr("Screen prompts first, then scan the top"), box);
    m_screen->setObjectName(QStringLiteral("screenFirst"));
    m_screen->setToolTip(
        tr("Ranks the prompts by memorization score (Wen et al.) from one denoising step of four "
           "seeds each, and scans the highest first"));
    m_screenKeep = spin("screenKeep", 0, 1000000, 0);
    m_screenKeep->setSpecialValueText(tr("all"));
    screen->addWidget(m_screen);
    screen->addWidget(m_screenKeep);
    screen->addStretch(1);
    form->addRow(QString(), screen);
    return box;
}

ScanJob ScanPanel::job(QString* problem) const {
    ScanJob job;
    QString why;
    if (!m_session || !m_session->isOpen())
        why = tr("Open or create a case first.");
    else if (m_session->caseFile() && m_session->caseFile()->readOnly())
        why = tr("The case is open read-only.");
    else if (m_modelDir.isEmpty())
        why = tr("Choose a model: the default model is not installed.");
    else if (!m_modelOk)
        why = tr("The model folder cannot be used.");
    job.casePath = m_session ? m_session->casePath() : QString();
    job.modelDir = m_modelDir;
    job.device = m_device;
    job.prompts = promptLines(m_prompts->toPlainText());
    if (why.isEmpty() && job.prompts.isEmpty()) why = tr("Enter at least one prompt.");
    if (why.isEmpty() && (m_width->value() % 8 || m_height->value() % 8))
        why = tr("Width and height must be multiples of 8.");
    job.seeds = m_seeds->value();
    job.steps = m_steps->value();
    job.guidance = m_guidance->value();
    job.sampler = m_sampler->currentData().toString();
    job.ddimEta = m_eta->isEnabled() ? m_eta->value() : 0.0;
    job.width = m_width->value();
    job.height = m_height->value();
    if ((job.width == 0) != (job.height == 0)) job.width = job.height = std::max(job.width, job.height);
    job.negativePrompt = m_negative->text();
    job.batchSize = m_batch->value();
    job.screenFirst = m_screen->isChecked();
    job.screenKeep = m_screenKeep->value();
    const Thresholds t = AppSettings::thresholds();
    job.tiledL2Threshold = t.tiledL2;
    job.minCliqueSize = t.minCliqueSize;
    if (problem) *problem = why;
    return job;
}

QString ScanPanel::messageText() const { return m_message->text(); }

void ScanPanel::setModelFolder(const QString& dir) {
    m_modelDir = dir;
    m_modelOk = false;
    const bool isDefault = !dir.isEmpty() && dir == defaultModelFolder();
    m_modelLabel->setText(isDefault ? tr("Default model (%1)").arg(dir) : dir);
    m_modelStatus->setText(tr("Checking the model folder…"));
    updateActions();
    const int serial = ++m_modelCheckSerial;
    auto* watcher = new QFutureWatcher<ModelCheck>(this);
    connect(watcher, &QFutureWatcher<ModelCheck>::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        if (serial != m_modelCheckSerial) return;
        const ModelCheck check = watcher->result();
        m_modelOk = check.ok;
        QString text = check.ok ? tr("Usable: %1").arg(check.description)
                                : tr("This folder cannot be used: %1").arg(check.problem);
        if (check.ok) text += applySamplingDefaults(check);
        m_modelStatus->setText(text);
        m_modelStatus->setStyleSheet(check.ok ? QString() : QStringLiteral("color: #b00020"));
        updateActions();
        emit modelChecked(check.ok, text);
    });
    watcher->setFuture(QtConcurrent::run([dir] { return checkModel(dir); }));
}

QString ScanPanel::applySamplingDefaults(const ModelCheck& check) {
    QStringList applied;
    if (check.guidance) {
        m_guidance->setValue(*check.guidance);
        applied << tr("guidance %1").arg(*check.guidance);
    }
    if (check.steps) {
        m_steps->setValue(*check.steps);
        applied << tr("%n step(s)", nullptr, *check.steps);
    }
    if (const int i = m_sampler->findData(check.sampler); !check.sampler.isEmpty() && i >= 0) {
        m_sampler->setCurrentIndex(i);
        applied << m_sampler->itemText(i);
    }
    if (applied.isEmpty()) return {};
    return QStringLiteral("\n") + tr("Set as the model recommends: %1").arg(applied.join(QStringLiteral(", ")));
}

void ScanPanel::setPrompts(const QStringList& prompts) { m_prompts->setPlainText(prompts.join(QLatin1Char('\n'))); }

void ScanPanel::chooseModelFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open diffusers folder"), m_modelDir);
    if (!dir.isEmpty()) setModelFolder(dir);
}

void ScanPanel::choosePromptFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load prompts"), QString(),
                                                      tr("Text files (*.txt *.csv);;All files (*)"));
    if (!path.isEmpty()) loadPromptFile(path);
}

void ScanPanel::loadPromptFile(const QString& path) {
    struct Read {
        QStringList prompts;
        QString error;  // "" when the prompts were read
    };
    const int serial = ++m_promptLoadSerial;
    auto* watcher = new QFutureWatcher<Read>(this);
    connect(watcher, &QFutureWatcher<Read>::finished, this, [this, watcher, serial, path] {
        watcher->deleteLater();
        if (serial != m_promptLoadSerial) return;
        const Read read = watcher->result();
        if (!read.error.isEmpty()) {
            showMessage(read.error, true);
            emit promptFileLoaded(false, read.error);
            return;
        }
        setPrompts(read.prompts);
        const QString message =
            tr("Loaded %n prompt(s) from %1.", nullptr, int(read.prompts.size())).arg(QFileInfo(path).fileName());
        showMessage(message, false);
        emit promptFileLoaded(true, message);
    });
    const std::string file = QFile::encodeName(path).toStdString();
    watcher->setFuture(QtConcurrent::run([file] {
        Read read;
        auto lines = audit::readPromptFile(file);
        if (!lines) {
            read.error = QString::fromStdString(lines.message());
            return read;
        }
        read.prompts.reserve(qsizetype(lines->size()));
        for (const auto& p : *lines) read.prompts << QString::fromStdString(p);
        return read;
    }));
}

void ScanPanel::startScan() {
    QString problem;
    ScanJob j = job(&problem);
    if (!problem.isEmpty()) return showMessage(problem, true);
    m_progress->setRange(0, 0);  // busy until the first progress report
    m_progressText->setText(tr("Starting…"));
    showMessage(QString(), false);
    if (!m_runner->start(j)) return showMessage(tr("A scan is already running."), true);
    emit scanStarted();
}

void ScanPanel::cancelScan() {
    if (!m_runner->isRunning()) return;
    m_runner->cancel();
    m_progressText->setText(tr("Cancelling after the current denoising step…"));
}

void ScanPanel::applyGenerationDefaults(const GenerationDefaults& defaults) {
    if (defaults.seeds != m_defaults.seeds) m_seeds->setValue(defaults.seeds);
    if (defaults.steps != m_defaults.steps) m_steps->setValue(defaults.steps);
    if (defaults.guidance != m_defaults.guidance) m_guidance->setValue(defaults.guidance);
    if (const int i = m_sampler->findData(defaults.sampler); defaults.sampler != m_defaults.sampler && i >= 0)
        m_sampler->setCurrentIndex(i);
    if (defaults.device != m_defaults.device) {
        m_device = defaults.device;
        showDevice();
    }
    m_defaults = defaults;
    updateActions();
}

void ScanPanel::onProgress(qint64 done, qint64 total, double rate, double eta) {
    // QProgressBar takes ints; scale big runs down.
    const int scale = total > 1000000000 ? 1000 : 1;
    m_progress->setRange(0, int(std::max<qint64>(1, total / scale)));
    m_progress->setValue(int(done / scale));
    m_progressText->setText(tr("%1 / %2 images · %3 images/s · ETA %4")
                                .arg(done)
                                .arg(total)
                                .arg(rate, 0, 'f', rate < 10 ? 2 : 1)
                                .arg(formatDuration(eta)));
}

void ScanPanel::onScreened(const QStringList& prompts, const QList<double>& scores) {
    QStringList lines;
    for (int i = 0; i < prompts.size() && i < 5; ++i)
        lines << tr("%1. %2 (score %3)").arg(i + 1).arg(prompts[i]).arg(scores.value(i), 0, 'f', 3);
    showMessage(tr("Highest memorization scores:") + QLatin1Char('\n') + lines.join(QLatin1Char('\n')), false);
}

void ScanPanel::showMessage(const QString& text, bool error) {
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
}

void ScanPanel::updateActions() {
    const bool running = m_runner->isRunning();
    QString problem;
    job(&problem);
    m_run->setEnabled(!running && problem.isEmpty());
    m_run->setToolTip(problem);
    m_cancel->setEnabled(running);
    if (!running && m_progress->maximum() == 0) m_progress->setRange(0, 1);
}

}  // namespace rs::ui
