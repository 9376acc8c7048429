// The built-in descriptor (retrieval without a model), cosine and the similarity thresholds.
#include "metrics/descriptor_builtin.h"

#include "test_images.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>

using rs::metrics::BuiltinDescriptor;

namespace {

cv::Mat transformed(const cv::Mat& img, const QString& how) {
    cv::Mat out;
    if (how == "jpeg75") return rs::test::jpegRoundTrip(img, 75);
    if (how == "jpeg40") return rs::test::jpegRoundTrip(img, 40);
    if (how == "resized 60%") {
        cv::resize(img, out, cv::Size(), 0.6, 0.6, cv::INTER_AREA);
        return out;
    }
    if (how == "shift 8px") {
        const cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, 8, 0, 1, -8);
        cv::warpAffine(img, out, m, img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        return out;
    }
    if (how == "crop 5%") {
        const int dx = img.cols / 40, dy = img.rows / 40;
        return img(cv::Rect(dx, dy, img.cols - 2 * dx, img.rows - 2 * dy)).clone();
    }
    if (how == "brighter") {
        img.convertTo(out, -1, 1.0, 25.0);
        return out;
    }
    return img;
}

}  // namespace

class TestDescriptorBuiltin : public QObject {
    Q_OBJECT
    std::vector<cv::Mat> m_refs;  // decoded clip art: the "training set"

private slots:
    void initTestCase() {
        for (const auto& f : rs::test::clipartFiles(30)) {
            cv::Mat img = rs::test::loadCanonical(f);
            if (!img.empty()) m_refs.push_back(img);
        }
        if (m_refs.size() < 20) QSKIP("openclipart-png is not installed (needed for real images)");
    }

    void identicalImageHasCosineOne() {
        BuiltinDescriptor d;
        auto a = d.describe(m_refs[0]);
        auto b = d.describe(m_refs[0].clone());
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(int(a->size()), BuiltinDescriptor::kDimension);
        QCOMPARE(d.info().dimension, BuiltinDescriptor::kDimension);
        QVERIFY(!d.info().thresholdsCalibrated);
        double n = 0;
        for (float v : *a) n += double(v) * v;
        QVERIFY(std::fabs(n - 1.0) < 1e-5);
        QVERIFY(*rs::metrics::descriptorCosine(*a, *b) > 0.99999);
    }

    void copyRanksAboveUnrelated_data() {
        QTest::addColumn<QString>("how");
        for (const char* h : {"jpeg75", "jpeg40", "resized 60%", "shift 8px", "crop 5%", "brighter"})
            QTest::newRow(h) << h;
    }
    void copyRanksAboveUnrelated() {
        QFETCH(QString, how);
        BuiltinDescriptor d;
        std::vector<rs::metrics::Descriptor> refs;
        for (const auto& r : m_refs) refs.push_back(*d.describe(r));
        int firstPlace = 0;
        double worstMargin = 1.0;
        for (std::size_t q = 0; q < m_refs.size(); ++q) {
            auto query = d.describe(transformed(m_refs[q], how));
            QVERIFY(query.ok());
            const double own = *rs::metrics::descriptorCosine(*query, refs[q]);
            double bestOther = -1.0;
            for (std::size_t r = 0; r < refs.size(); ++r)
                if (r != q) bestOther = std::max(bestOther, *rs::metrics::descriptorCosine(*query, refs[r]));
            if (own > bestOther) ++firstPlace;
            worstMargin = std::min(worstMargin, own - bestOther);
        }
        const QString summary = QString("%1: original ranked first for %2 of %3 queries, worst margin %4")
                                    .arg(how)
                                    .arg(firstPlace)
                                    .arg(m_refs.size())
                                    .arg(worstMargin);
        qInfo("%s", qPrintable(summary));
        QVERIFY2(firstPlace == int(m_refs.size()), qPrintable(summary));
    }

    void drawnScenesAreSeparated() {
        BuiltinDescriptor d;
        const cv::Mat a = rs::test::drawScene(11), b = rs::test::drawScene(12);
        const double same = *rs::metrics::descriptorCosine(*d.describe(a), *d.describe(rs::test::jpegRoundTrip(a, 75)));
        const double other = *rs::metrics::descriptorCosine(*d.describe(a), *d.describe(b));
        QVERIFY2(same > 0.95, qPrintable(QString::number(same)));
        QVERIFY2(other < same - 0.2, qPrintable(QString::number(other)));
    }

    void flatImageResemblesNothing() {
        BuiltinDescriptor d;
        auto flat = d.describe(cv::Mat(64, 64, CV_8UC3, cv::Scalar(30, 140, 200)));
        QVERIFY(flat.ok());
        for (float v : *flat) QCOMPARE(v, 0.0f);
        QCOMPARE(*rs::metrics::descriptorCosine(*flat, *d.describe(m_refs[0])), 0.0);
    }

    void badInputs_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << 0 << int(CV_8UC3) << "empty image";
        QTest::newRow("gray") << 32 << int(CV_8UC1) << "8-bit 3-channel";
        QTest::newRow("float") << 32 << int(CV_32FC3) << "8-bit 3-channel";
        QTest::newRow("1x1") << 1 << int(CV_8UC3) << "too small";
    }
    void badInputs() {
        QFETCH(int, rows);
        QFETCH(int, type);
        QFETCH(QString, error);
        BuiltinDescriptor d;
        auto r = d.describe(rows ? cv::Mat(rows, rows, type, cv::Scalar::all(0)) : cv::Mat());
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find(error.toStdString()) != std::string::npos, r.message().c_str());
    }

    void batchIsolatesBadImages() {
        BuiltinDescriptor d;
        std::vector<cv::Mat> images{m_refs[0], cv::Mat(), m_refs[1]};
        auto batch = d.describeBatch(images);
        QCOMPARE(batch.size(), std::size_t(3));
        QVERIFY(batch[0].ok() && !batch[1].ok() && batch[2].ok());
        QVERIFY(batch[1].message().find("image 1") != std::string::npos);
        QCOMPARE(*batch[0], *d.describe(m_refs[0]));
    }

    void thresholds_data() {
        QTest::addColumn<double>("cosine");
        QTest::addColumn<QString>("level");
        QTest::newRow("0.30") << 0.30 << "unrelated";
        QTest::newRow("0.50 is not above 0.5") << 0.50 << "unrelated";
        QTest::newRow("0.51") << 0.51 << "replication";
        QTest::newRow("0.75 is not above 0.75") << 0.75 << "replication";
        QTest::newRow("0.80") << 0.80 << "copy";
        QTest::newRow("0.96") << 0.96 << "duplicate";
    }
    void thresholds() {
        QFETCH(double, cosine);
        QFETCH(QString, level);
        QCOMPARE(QString(rs::metrics::similarityLevelName(rs::metrics::similarityLevel(cosine))), level);
    }

    void cosineErrors() {
        QVERIFY(!rs::metrics::descriptorCosine({1, 0}, {1, 0, 0}).ok());
        QVERIFY(!rs::metrics::descriptorCosine({}, {}).ok());
        QVERIFY(std::fabs(*rs::metrics::descriptorCosine({1, 0}, {-1, 0}) + 1.0) < 1e-12);
        rs::metrics::Descriptor bad{1.0f, std::nanf("")};
        QVERIFY(!rs::metrics::normalizeDescriptor(bad, "x").ok());
    }
};

RS_REGISTER_TEST(TestDescriptorBuiltin)
#include "tst_descriptor_builtin.moc"
