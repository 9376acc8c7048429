// Desktop app responsiveness (issue 7), printing JSON lines:
//  1. grid_scroll: a results grid of 10,000 thumbnails scrolled programmatically top to bottom
//     and back; every paint of the grid's viewport timed (target: max <= 16 ms).
//  2. grid_slow_scroll_cached: the same grid with every thumbnail decoded and cached first
//     (the cache enlarged to hold all 10,000), then scrolled a few pixels per frame from top
//     to bottom: the paint cost alone, without decoding (target: max <= 16 ms).
//  3. event_loop_during_scan: a 5 ms timer on the GUI thread while the scan worker generates
//     with the tiny fixture model and the grid fills; the largest lateness is the longest
//     stall of the event loop (target < 50 ms).
// Run with QT_QPA_PLATFORM=offscreen (set here when no platform is chosen).
#include "store/case_file.h"
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
    std::printf("{\"bench\":\"grid_scroll\",\"items\":%d,\"viewport\":\"%dx%d\",\"scroll_steps\":%d,\"paints\":%zu,"
                "\"paint_max_ms\":%.3f,\"paint_p99_ms\":%.3f,\"paint_mean_ms\":%.3f,\"scroll_seconds\":%.2f,"
                "\"thumbnails_pending_at_end\":%d,\"setup_seconds\":%.1f}\n",
                kItems, grid.view()->viewport()->width(), grid.view()->viewport()->height(), steps, s.count, s.maxMs,
                s.p99Ms, s.meanMs, scrollSeconds, grid.loader()->pendingCount(), setupSeconds);
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
    std::printf("{\"bench\":\"grid_slow_scroll_cached\",\"items\":%d,\"thumbnails_cached\":%d,\"viewport\":\"%dx%d\","
                "\"pixels_per_frame\":%d,\"frames\":%d,\"paints\":%zu,\"paint_max_ms\":%.3f,\"paint_p99_ms\":%.3f,"
                "\"paint_mean_ms\":%.3f,\"frames_with_decodes_queued\":%d,\"scroll_seconds\":%.2f,"
                "\"warm_seconds\":%.1f}\n",
                kItems, cached, grid.view()->viewport()->width(), grid.view()->viewport()->height(), pixelsPerFrame,
                frames, s.count, s.maxMs, s.p99Ms, s.meanMs, requested, scrollSeconds, warmSeconds);
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
    QObject::connect(&runner, &rs::ui::ScanRunner::finished, [&](const QString& s) { summary = s; loop.quit(); });
    QObject::connect(&runner, &rs::ui::ScanRunner::failed, [&](const QString& m) { ok = false; summary = m; loop.quit(); });
    QElapsedTimer wall;
    wall.start();
    sinceTick.start();
    tick.start();
    runner.start(job);
    loop.exec();
    tick.stop();
    const double seconds = double(wall.elapsed()) / 1000.0;
    const Stats s = summarize(lateness);
    std::printf("{\"bench\":\"event_loop_during_scan\",\"ok\":%s,\"images\":%d,\"batches\":%d,\"seconds\":%.2f,"
                "\"timer_ticks\":%zu,\"max_stall_ms\":%.3f,\"p99_lateness_ms\":%.3f,\"mean_lateness_ms\":%.3f,"
                "\"grid_rows\":%d,\"cores\":%d}\n",
                ok ? "true" : "false", int(job.prompts.size()) * job.seeds, batches, seconds, s.count, s.maxMs + 0.0,
                s.p99Ms, s.meanMs, grid.model()->rowCount(), QThread::idealThreadCount());
    if (!ok) std::fprintf(stderr, "bench_ui_grid: %s\n", qPrintable(summary));
    std::fflush(stdout);
    runner.wait(60000);
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
    return 0;
}
