// Desktop app responsiveness (issue 7), printing JSON lines:
//  1. grid_scroll: a results grid of 10,000 thumbnails scrolled programmatically top to bottom
//     and back; every paint of the grid's viewport timed (target: max <= 16 ms).
//  2. grid_slow_scroll_cached: the same grid with every thumbnail decoded and cached first
//     (the cache enlarged to hold all 10,000), then scrolled a few pixels per frame from top
//     to bottom: the paint cost alone, without decoding (target: max <= 16 ms).
//  3. event_loop_during_scan: a 5 ms timer on the GUI thread while the scan worker generates
//     with the tiny fixture model and the grid fills; the largest lateness is the longest
//     stall of the event loop (target < 50 ms).
//  4. grid_large_prompt: a case at audit scale (21 prompts x 500 generations, 200,000
//     candidates, 1,000 reference images) whose shown prompt has a 60-member clique and 100
//     reference matches; times, on the GUI thread, showing that prompt (setPrompt) and
//     reloading it after its findings are stored (refreshPrompt, what a scan does per prompt):
//     each blocks the event loop for its whole duration (target < 50 ms). Both include reading
//     the prompt's 124,750 stored pairwise distances and drawing their histogram.
// Run with QT_QPA_PLATFORM=offscreen (set here when no platform is chosen).
#include "base/sha256.h"
#include "store/case_file.h"
#include "store/case_repository.h"
#include "store/results_repository.h"
#include "store/run_repository.h"
#include "ui/distance_histogram.h"
#include "ui/results_grid.h"
#include "ui/results_model.h"
#include "ui/results_query.h"
#include "ui/scan_runner.h"
#include "ui/thumbnail_loader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QEventLoop>
#include <QImage>
#include <QListView>
#include <QPainter>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

struct Stats {
    double maxMs = 0, p99Ms = 0, meanMs = 0;
    std::size_t count = 0;
};

Stats summarize(std::vector<double> v) {
    Stats s;
    s.count = v.size();
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.maxMs = v.back();
    s.p99Ms = v[std::min(v.size() - 1, std::size_t(double(v.size()) * 0.99))];
    double sum = 0;
    for (double x : v) sum += x;
    s.meanMs = sum / double(v.size());
    return s;
}

// Times each paint event of a widget: the event is re-sent from inside the filter, so the
// measured span is the widget's whole paint handling.
class PaintTimer : public QObject {
public:
    std::vector<double> ms;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() != QEvent::Paint || m_inside) return false;
        m_inside = true;
        QElapsedTimer t;
        t.start();
        QCoreApplication::sendEvent(watched, event);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        m_inside = false;
        return true;
    }

private:
    bool m_inside = false;
};

// 10,000 generations of one prompt as 64x64 PNGs in `dir`.
std::vector<rs::ui::ResultItem> makeItems(const QString& dir, int count) {
    std::vector<rs::ui::ResultItem> items;
    items.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        const QString path = QStringLiteral("%1/g%2.png").arg(dir).arg(i);
        if (!QFileInfo::exists(path)) {
            QImage image(64, 64, QImage::Format_RGB32);
            image.fill(QColor::fromHsv((i * 37) % 360, 160, 200));
            QPainter p(&image);
            p.setPen(Qt::black);
            p.drawText(image.rect(), Qt::AlignCenter, QString::number(i));
            p.end();
            image.save(path);
        }
        rs::ui::ResultItem item;
        item.generationId = i + 1;
        item.promptId = 1;
        item.seed = i;
        item.imagePath = path;
        item.memorizationScore = 0.5 + (i % 7) * 0.3;
        if (i % 5 == 0) item.cliqueId = 1;
        if (i % 11 == 0) item.bestMatchDistance = 0.05 + (i % 3) * 0.06;
        items.push_back(std::move(item));
    }
    return items;
}

constexpr int kItems = 10000;

void benchGridScroll(const QString& dir) {
    QElapsedTimer setup;
    setup.start();
    std::vector<rs::ui::ResultItem> items = makeItems(dir, kItems);
    const double setupSeconds = double(setup.elapsed()) / 1000.0;

    rs::ui::ResultsGrid grid;
    grid.resize(1280, 900);
    grid.model()->setItems(std::move(items));
    grid.show();
    QCoreApplication::processEvents();
    PaintTimer timer;
    grid.view()->viewport()->installEventFilter(&timer);
    QScrollBar* bar = grid.view()->verticalScrollBar();
    QElapsedTimer wall;
    wall.start();
    int steps = 0;
    const int step = std::max(1, bar->pageStep() / 3);
    auto scroll = [&](int from, int to) {
        const int dir = to >= from ? 1 : -1;
        for (int v = from; dir * (to - v) >= 0; v += dir * step) {
            bar->setValue(v);
            QCoreApplication::processEvents();  // the paint, and thumbnails that came back
            ++steps;
        }
    };
    scroll(0, bar->maximum());
    scroll(bar->maximum(), 0);
    const double scrollSeconds = double(wall.elapsed()) / 1000.0;
    const Stats s = summarize(timer.ms);
    std::printf(
        "{\"bench\":\"grid_scroll\",\"items\":%d,\"viewport\":\"%dx%d\",\"scroll_steps\":%d,\"paints\":%zu,"
        "\"paint_max_ms\":%.3f,\"paint_p99_ms\":%.3f,\"paint_mean_ms\":%.3f,\"scroll_seconds\":%.2f,"
        "\"thumbnails_pending_at_end\":%d,\"setup_seconds\":%.1f}\n",
        kItems, grid.view()->viewport()->width(), grid.view()->viewport()->height(), steps, s.count, s.maxMs, s.p99Ms,
        s.meanMs, scrollSeconds, grid.loader()->pendingCount(), setupSeconds);
    std::fflush(stdout);
}

// Every thumbnail decoded before the first timed paint; then a slow scroll, `pixelsPerFrame`
// at a time, so each paint draws cached pixmaps only.
void benchGridSlowScrollCached(const QString& dir, int pixelsPerFrame) {
    std::vector<rs::ui::ResultItem> items = makeItems(dir, kItems);
    QStringList paths;
    for (const auto& item : items) paths << item.imagePath;
    rs::ui::ResultsGrid grid;
    grid.resize(1280, 900);
    rs::ui::ThumbnailLoader* loader = grid.loader();
    loader->setCacheMegabytes(1024);  // 10,000 x 128x128 ARGB = 625 MiB
    grid.model()->setItems(std::move(items));
    grid.show();
    QCoreApplication::processEvents();

    QElapsedTimer warm;
    warm.start();
    for (int first = 0; first < paths.size(); first += 256) {  // under the loader's queue bound
        for (int i = first; i < std::min<int>(first + 256, int(paths.size())); ++i) loader->pixmap(paths[i]);
        while (loader->pendingCount() > 0) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    int cached = 0;
    for (const QString& path : paths) cached += loader->pixmap(path) ? 1 : 0;
    const double warmSeconds = double(warm.elapsed()) / 1000.0;
    while (loader->pendingCount() > 0) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

    PaintTimer timer;
    grid.view()->viewport()->installEventFilter(&timer);
    QScrollBar* bar = grid.view()->verticalScrollBar();
    bar->setSingleStep(pixelsPerFrame);
    int frames = 0, requested = 0;
    QElapsedTimer wall;
    wall.start();
    for (int v = 0; v <= bar->maximum(); v += pixelsPerFrame) {
        bar->setValue(v);
        QCoreApplication::processEvents();
        if (loader->pendingCount() > 0) ++requested;  // a paint that missed the cache queued a decode
        ++frames;
    }
    const double scrollSeconds = double(wall.elapsed()) / 1000.0;
    const Stats s = summarize(timer.ms);
    std::printf(
        "{\"bench\":\"grid_slow_scroll_cached\",\"items\":%d,\"thumbnails_cached\":%d,\"viewport\":\"%dx%d\","
        "\"pixels_per_frame\":%d,\"frames\":%d,\"paints\":%zu,\"paint_max_ms\":%.3f,\"paint_p99_ms\":%.3f,"
        "\"paint_mean_ms\":%.3f,\"frames_with_decodes_queued\":%d,\"scroll_seconds\":%.2f,"
        "\"warm_seconds\":%.1f}\n",
        kItems, cached, grid.view()->viewport()->width(), grid.view()->viewport()->height(), pixelsPerFrame, frames,
        s.count, s.maxMs, s.p99Ms, s.meanMs, requested, scrollSeconds, warmSeconds);
    std::fflush(stdout);
}

void benchEventLoopDuringScan(const QString& dir) {
    rs::store::CaseDetails details;
    details.caseNumber = "B-1";
    details.title = "bench";
    details.examiner = "bench";
    const QString casePath = dir + QStringLiteral("/bench.rscase");
    auto created = rs::store::CaseFile::create(casePath.toStdString(), details, "bench");
    if (!created) {
        std::fprintf(stderr, "bench_ui_grid: %s\n", created.message().c_str());
        return;
    }
    auto guiCase = rs::store::CaseFile::open(casePath.toStdString());
    if (!guiCase) return;
    rs::ui::ResultsGrid grid;
    grid.resize(1280, 900);
    grid.setCase(&*guiCase);
    grid.show();
    rs::ui::ScanRunner runner;
    QObject::connect(&runner, &rs::ui::ScanRunner::batchStored, &grid, &rs::ui::ResultsGrid::appendGenerations);
    QObject::connect(&runner, &rs::ui::ScanRunner::promptDone, &grid, &rs::ui::ResultsGrid::refreshPrompt);
    rs::ui::ScanJob job;
    job.casePath = casePath;
    job.modelDir = QStringLiteral(RS_BENCH_TINY_MODEL);
    job.prompts = QStringList{"a red square", "a blue circle", "a green triangle"};
    job.seeds = 16;
    job.steps = 25;
    job.batchSize = 4;

    std::vector<double> lateness;
    QElapsedTimer sinceTick;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        lateness.push_back(std::max(0.0, double(sinceTick.nsecsElapsed()) / 1e6 - 5.0));
        sinceTick.start();
    });
    QEventLoop loop;
    bool ok = true;
    QString summary;
    int batches = 0;
    QObject::connect(&runner, &rs::ui::ScanRunner::batchStored, [&] { ++batches; });
    QObject::connect(&runner, &rs::ui::ScanRunner::finished, [&](const QString& s) {
        summary = s;
        loop.quit();
    });
    QObject::connect(&runner, &rs::ui::ScanRunner::failed, [&](const QString& m) {
        ok = false;
        summary = m;
        loop.quit();
    });
    QElapsedTimer wall;
    wall.start();
    sinceTick.start();
    tick.start();
    runner.start(job);
    loop.exec();
    tick.stop();
    const double seconds = double(wall.elapsed()) / 1000.0;
    const Stats s = summarize(lateness);
    std::printf(
        "{\"bench\":\"event_loop_during_scan\",\"ok\":%s,\"images\":%d,\"batches\":%d,\"seconds\":%.2f,"
        "\"timer_ticks\":%zu,\"max_stall_ms\":%.3f,\"p99_lateness_ms\":%.3f,\"mean_lateness_ms\":%.3f,"
        "\"grid_rows\":%d,\"cores\":%d}\n",
        ok ? "true" : "false", int(job.prompts.size()) * job.seeds, batches, seconds, s.count, s.maxMs + 0.0, s.p99Ms,
        s.meanMs, grid.model()->rowCount(), QThread::idealThreadCount());
    if (!ok) std::fprintf(stderr, "bench_ui_grid: %s\n", qPrintable(summary));
    std::fflush(stdout);
    runner.wait(60000);
}

// A case at audit scale made through the store API (the images are one small stored PNG; the
// grid's database reads are what is timed, not decoding).
void benchGridLargePrompt(const QString& dir) {
    namespace st = rs::store;
    st::CaseDetails details;
    details.caseNumber = "B-2";
    details.title = "bench large prompt";
    details.examiner = "bench";
    const QString casePath = dir + QStringLiteral("/large.rscase");
    auto c = st::CaseFile::create(casePath.toStdString(), details, "bench");
    auto fail = [](const std::string& m) { std::fprintf(stderr, "bench_ui_grid: %s\n", m.c_str()); };
    if (!c) return fail(c.message());
    st::Connection& db = c->db();
    QImage tile(64, 64, QImage::Format_RGB32);
    tile.fill(Qt::darkCyan);
    const QString tilePath = dir + QStringLiteral("/tile.png");
    tile.save(tilePath);
    auto stored = c->images().putFile(tilePath.toStdString());
    if (!stored) return fail(stored.message());

    st::ModelRecord model;
    model.name = "bench";
    model.path = "/models/bench";
    auto modelId = st::registerModel(db, model);
    if (!modelId) return fail(modelId.message());
    constexpr int kPrompts = 21, kSeeds = 500, kReferences = 1000;
    std::vector<st::Prompt> prompts;
    for (int p = 0; p < kPrompts; ++p) prompts.push_back({0, "bench prompt " + std::to_string(p), "bench", ""});
    auto promptIds = st::addPrompts(db, prompts);
    if (!promptIds) return fail(promptIds.message());
    std::vector<st::ReferenceImage> refs;
    for (int r = 0; r < kReferences; ++r) {
        st::ReferenceImage ref;
        ref.setName = "training";
        ref.source = "/refs/" + std::to_string(r) + ".png";
        ref.sha256 = rs::sha256Hex("ref" + std::to_string(r));
        ref.sizeBytes = 1000;
        ref.thumbnailSha256 = stored->sha256;
        refs.push_back(ref);
    }
    auto refIds = st::importReferenceImages(db, refs);
    if (!refIds) return fail(refIds.message());
    st::RunRecord run;
    run.modelId = *modelId;
    run.sampler = "ddim";
    run.steps = 20;
    run.width = run.height = 64;
    run.device = "cpu";
    run.dtype = "float32";
    for (int s = 0; s < kSeeds; ++s) run.seeds.push_back(s);
    auto runId = st::startRun(db, run);
    if (!runId) return fail(runId.message());
    std::vector<st::Candidate> candidates;
    qint64 shownPrompt = 0;
    for (int p = 0; p < kPrompts; ++p) {
        std::vector<st::Generation> gens;
        for (int s = 0; s < kSeeds; ++s)
            gens.push_back({0, *runId, (*promptIds)[std::size_t(p)], s, s, stored->sha256, 0.5});
        auto ids = st::insertGenerations(db, gens);
        if (!ids) return fail(ids.message());
        const bool shown = p == kPrompts - 1;  // the newest prompt: its rows sit last in every index
        if (shown) shownPrompt = (*promptIds)[std::size_t(p)];
        // Every prompt's pairwise distances, as a scan stores them with its findings: the grid
        // reads the shown prompt's 124,750 for its histogram on the GUI thread.
        rs::store::PromptDistances distances;
        distances.promptId = (*promptIds)[std::size_t(p)];
        distances.runId = *runId;
        distances.metric = "tiled_l2";
        distances.generationIds = *ids;
        for (int i = 0; i < kSeeds; ++i)
            for (int j = i + 1; j < kSeeds; ++j)
                distances.distances.push_back(shown && i == 0 && j <= 60 ? 0.05f
                                                                         : 0.2f + 0.0001f * float((i * 31 + j) % 997));
        if (auto s = rs::store::putPromptDistances(db, distances); !s.ok()) return fail(s.message());
        for (int s = 0; s < kSeeds; ++s) {
            const std::int64_t g = (*ids)[std::size_t(s)];
            const int perGeneration = shown ? (s < 100 ? 1 : 0) : 20;
            for (int k = 0; k < perGeneration; ++k) {
                st::Candidate cand;
                cand.generationId = g;
                cand.referenceImageId = refIds->ids[std::size_t((s * 7 + k * 13) % kReferences)];
                cand.metric = "tiled_l2";
                cand.distances = {{"tiled_l2", 0.1 + 0.001 * k}, {"phash_hamming", 4.0}};
                cand.thresholdsCrossed = {"tiled_l2"};
                cand.score = 0.9 - 0.001 * k;
                candidates.push_back(cand);
            }
            if (shown && s >= 1 && s <= 60) {  // a clique around the first generation (its medoid)
                st::Candidate member;
                member.generationId = g;
                member.otherGenerationId = (*ids)[0];
                member.metric = "tiled_l2";
                member.distances = {{"tiled_l2", 0.05}};
                member.cliqueId = 1;
                member.score = 0.95;
                candidates.push_back(member);
            }
        }
    }
    if (auto inserted = st::insertCandidates(db, candidates); !inserted) return fail(inserted.message());

    auto guiCase = st::CaseFile::open(casePath.toStdString());
    if (!guiCase) return fail(guiCase.message());
    rs::ui::ResultsGrid grid;
    grid.resize(1280, 900);
    grid.setCase(&*guiCase);
    grid.show();
    std::vector<double> showMs, refreshMs;
    QElapsedTimer t;
    for (int i = 0; i < 5; ++i) {
        t.start();
        grid.setPrompt(shownPrompt);
        showMs.push_back(double(t.nsecsElapsed()) / 1e6);
        t.start();
        grid.refreshPrompt(shownPrompt);
        refreshMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    int flagged = 0, clique = 0;
    for (int row = 0; row < grid.model()->rowCount(); ++row) {
        flagged += grid.model()->item(row)->bestMatchDistance.has_value();
        clique += grid.model()->item(row)->cliqueId != 0;
    }
    long long histogramPairs = 0;
    for (int c : grid.histogram()->counts()) histogramPairs += c;
    const Stats show = summarize(showMs), refresh = summarize(refreshMs);
    std::printf(
        "{\"bench\":\"grid_large_prompt\",\"generations\":%d,\"candidates\":%zu,\"rows\":%d,"
        "\"rows_with_reference\":%d,\"rows_in_clique\":%d,\"histogram_pairs\":%lld,\"set_prompt_max_ms\":%.2f,"
        "\"set_prompt_mean_ms\":%.2f,\"refresh_prompt_max_ms\":%.2f,\"refresh_prompt_mean_ms\":%.2f}\n",
        kPrompts * kSeeds, candidates.size(), grid.model()->rowCount(), flagged, clique, histogramPairs, show.maxMs,
        show.meanMs, refresh.maxMs, refresh.meanMs);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    const QStringList args = app.arguments();
    const bool all = args.size() < 2;
    if (all || args.contains(QStringLiteral("scroll"))) benchGridScroll(dir.path());
    if (all || args.contains(QStringLiteral("slow-scroll"))) benchGridSlowScrollCached(dir.path(), 4);
    if (all || args.contains(QStringLiteral("scan"))) benchEventLoopDuringScan(dir.path());
    if (all || args.contains(QStringLiteral("large-prompt"))) benchGridLargePrompt(dir.path());
    return 0;
}
