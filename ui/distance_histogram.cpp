#include "ui/distance_histogram.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace rs::ui {

DistanceHistogram::DistanceHistogram(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_view = new QChartView(this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(230);  // below this the axis labels and title are elided
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("histogramMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);
    setMessage(tr("No prompt selected"));
}

void DistanceHistogram::setMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void DistanceHistogram::setDistances(const QVector<double>& distances, double threshold) {
    const double maxValue =
        std::max(threshold * 1.5, distances.isEmpty() ? 0.0 : *std::max_element(distances.begin(), distances.end()));
    const double width = maxValue / m_bins;
    m_counts = QVector<int>(m_bins, 0);
    for (double d : distances) m_counts[std::clamp(int(d / width), 0, m_bins - 1)]++;

    auto* chart = new QChart;
    chart->setTitle(tr("Pairwise tiled l2 distances (%n pair(s))", nullptr, int(distances.size())));
    chart->legend()->setVisible(false);
    auto* upper = new QLineSeries;
    int highest = 1;
    for (int b = 0; b < m_bins; ++b) {
        upper->append(b * width, m_counts[b]);
        upper->append((b + 1) * width, m_counts[b]);
        highest = std::max(highest, m_counts[b]);
    }
    auto* bars = new QAreaSeries(upper);
    bars->setName(tr("pairs"));
    bars->setColor(QColor(0x42, 0x7a, 0xb5));
    chart->addSeries(bars);
    auto* line = new QLineSeries;
    line->setName(tr("threshold"));
    line->append(threshold, 0);
    line->append(threshold, highest * 1.05);
    line->setPen(QPen(QColor(0xe5, 0x39, 0x35), 2, Qt::DashLine));
    chart->addSeries(line);
    auto* x = new QValueAxis;
    x->setRange(0, maxValue);
    x->setLabelFormat(QStringLiteral("%.2f"));
    x->setTitleText(tr("tiled l2 (threshold %1)").arg(threshold));
    auto* y = new QValueAxis;
    y->setRange(0, highest * 1.05);
    y->setLabelFormat(QStringLiteral("%d"));
    y->setTitleText(tr("pairs"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : {static_cast<QAbstractSeries*>(bars), static_cast<QAbstractSeries*>(line)}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    QChart* old = m_view->chart();
    m_view->setChart(chart);
    delete old;
    setMessage(QString());
}

}  // namespace rs::ui
