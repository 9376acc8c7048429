#pragma once
// Histogram of one prompt's pairwise tiled l2 distances with the threshold as a vertical line:
// a memorized prompt shows a mass of pairs left of the line (near-identical generations).
#include <QVector>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;

namespace rs::ui {

class DistanceHistogram : public QWidget {
    Q_OBJECT
public:
    explicit DistanceHistogram(QWidget* parent = nullptr);

    void setDistances(const QVector<double>& distances, double threshold);
    void setMessage(const QString& text);  // instead of a histogram: "computing…", an error
    int binCount() const { return m_bins; }
    QVector<int> counts() const { return m_counts; }

private:
    QChartView* m_view;
    QLabel* m_message;
    int m_bins = 40;
    QVector<int> m_counts;
};

}  // namespace rs::ui
