#include "settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace rs::ui {

namespace {

// A field with its one-line explanation underneath, so the meaning is on screen, not in a manual.
void addExplained(QFormLayout* form, const QString& label, QWidget* field, const QString& explanation) {
    auto* box = new QWidget;
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(field);
    auto* note = new QLabel(explanation);
    note->setWordWrap(true);
    note->setObjectName("explanation");
    QFont small = note->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    note->setFont(small);
    note->setForegroundRole(QPalette::PlaceholderText);
    column->addWidget(note);
    form->addRow(label, box);
}

QDoubleSpinBox* doubleBox(const char* name, double min, double max, double step, int decimals, double value) {
    auto* b = new QDoubleSpinBox;
    b->setObjectName(name);
    b->setRange(min, max);
    b->setSingleStep(step);
    b->setDecimals(decimals);
    b->setValue(value);
    return b;
}

QSpinBox* intBox(const char* name, int min, int max, int value) {
    auto* b = new QSpinBox;
    b->setObjectName(name);
    b->setRange(min, max);
    b->setValue(value);
    return b;
}

void selectData(QComboBox* combo, const QString& value) {
    const int i = combo->findData(value);
    combo->setCurrentIndex(i >= 0 ? i : 0);
}

}  // namespace

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Settings"));
    auto* tabs = new QTabWidget;
    tabs->addTab(thresholdsPage(), tr("&Thresholds"));
    tabs->addTab(generationPage(), tr("&Generation"));
    tabs->addTab(reviewPage(), tr("&Review and Language"));
    auto* buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        const Thresholds t;
        m_tiledL2->setValue(t.tiledL2);
        m_minClique->setValue(t.minCliqueSize);
        m_sscd->setValue(t.sscdReplication);
        m_sscdHigh->setValue(t.sscdHighPrecision);
        m_phash->setValue(t.phashHamming);
        const GenerationDefaults d;
        m_seeds->setValue(d.seeds);
        m_steps->setValue(d.steps);
        m_guidance->setValue(d.guidance);
        selectData(m_sampler, d.sampler);
        selectData(m_device, d.device);
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
}

QWidget* SettingsDialog::thresholdsPage() {
    const Thresholds t = AppSettings::thresholds();
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    m_tiledL2 = doubleBox("tiledL2", 0.01, 1.0, 0.01, 3, t.tiledL2);
    addExplained(form, tr("Tiled ℓ2 distance"), m_tiledL2,
                 tr("Two images count as the same picture when the worst of their 4×4 tiles differs by at most this "
                    "(Carlini et al. use 0.15; lower is stricter)."));
    m_minClique = intBox("minCliqueSize", 2, 1000, t.minCliqueSize);
    addExplained(form, tr("Clique size"), m_minClique,
                 tr("A prompt is flagged as memorized when at least this many of its generations are the same "
                    "picture (Carlini et al.: 10 of 500)."));
    m_sscd = doubleBox("sscdReplication", 0.0, 1.0, 0.05, 2, t.sscdReplication);
    addExplained(form, tr("Copy-detection similarity"), m_sscd,
                 tr("Descriptor cosine similarity above which a generation is reported as a replication of a "
                    "reference image (Somepalli et al.: 0.5)."));
    m_sscdHigh = doubleBox("sscdHighPrecision", 0.0, 1.0, 0.05, 2, t.sscdHighPrecision);
    addExplained(form, tr("High-confidence similarity"), m_sscdHigh,
                 tr("Above this similarity a match is marked high confidence (about 90 % precision on the DISC "
                    "copy-detection benchmark)."));
    m_phash = intBox("phashHamming", 0, 64, t.phashHamming);
    addExplained(form, tr("Perceptual hash distance"), m_phash,
                 tr("Near-duplicate when the 64-bit perceptual hashes differ in at most this many bits; catches "
                    "resized and re-encoded copies."));
    return page;
}

QWidget* SettingsDialog::generationPage() {
    const GenerationDefaults d = AppSettings::generationDefaults();
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    m_seeds = intBox("seeds", 1, 100000, d.seeds);
    addExplained(form, tr("Seeds per prompt"), m_seeds,
                 tr("Images generated for every prompt; Carlini et al. used 500. More seeds find rarer copies."));
    m_steps = intBox("steps", 1, 1000, d.steps);
    addExplained(form, tr("Denoising steps"), m_steps, tr("Sampler steps per image."));
    m_guidance = doubleBox("guidance", 0.0, 30.0, 0.5, 1, d.guidance);
    addExplained(form, tr("Guidance scale"), m_guidance,
                 tr("Classifier-free guidance; 1 or less disables it. Memorized prompts show up at the model's "
                    "usual setting."));
    m_sampler = new QComboBox;
    m_sampler->setObjectName("sampler");
    m_sampler->addItem(tr("DDIM"), "ddim");
    m_sampler->addItem(tr("DPM-Solver++ 2M"), "dpm++2m");
    m_sampler->addItem(tr("Euler ancestral"), "euler_a");
    selectData(m_sampler, d.sampler);
    form->addRow(tr("Sampler"), m_sampler);
    m_device = new QComboBox;
    m_device->setObjectName("device");
    m_device->addItem(tr("Automatic (GPU when present)"), "auto");
    m_device->addItem(tr("CPU"), "cpu");
    m_device->addItem(tr("CUDA GPU"), "cuda");
    selectData(m_device, d.device);
    form->addRow(tr("Device"), m_device);
    return page;
}

QWidget* SettingsDialog::reviewPage() {
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    m_reviewer = new QLineEdit(AppSettings::reviewerName());
    m_reviewer->setObjectName("reviewer");
    m_reviewer->setMaxLength(200);
    addExplained(form, tr("Reviewer name"), m_reviewer,
                 tr("Recorded with every review decision in the case's audit log."));
    m_language = new QComboBox;
    m_language->setObjectName("language");
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), "en");
    m_language->addItem(QStringLiteral("Deutsch"), "de");
    m_language->addItem(QStringLiteral("Français"), "fr");
    selectData(m_language, AppSettings::language());
    addExplained(form, tr("Language"), m_language, tr("Takes effect the next time ReplicaScope starts."));
    return page;
}

void SettingsDialog::save() const {
    Thresholds t;
    t.tiledL2 = m_tiledL2->value();
    t.minCliqueSize = m_minClique->value();
    t.sscdReplication = m_sscd->value();
    t.sscdHighPrecision = m_sscdHigh->value();
    t.phashHamming = m_phash->value();
    AppSettings::setThresholds(t);
    GenerationDefaults d;
    d.seeds = m_seeds->value();
    d.steps = m_steps->value();
    d.guidance = m_guidance->value();
    d.sampler = m_sampler->currentData().toString();
    d.device = m_device->currentData().toString();
    AppSettings::setGenerationDefaults(d);
    AppSettings::setReviewerName(m_reviewer->text().trimmed());
    AppSettings::setLanguage(m_language->currentData().toString());
}

}  // namespace rs::ui
