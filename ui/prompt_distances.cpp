// libtorch headers before Qt's (Qt's `slots` macro breaks them).
#include "audit/prompt_findings.h"
#include "imaging/image_decode.h"

#include "ui/prompt_distances.h"

#include <QFile>

namespace rs::ui {

PromptDistances computePromptDistances(const QStringList& imagePaths) {
    PromptDistances out;
    std::vector<cv::Mat> images;
    for (const QString& path : imagePaths) {
        auto decoded = imaging::decodeImageFile(QFile::encodeName(path).toStdString());
        if (!decoded) {
            out.problem = QString::fromStdString(decoded.message());
            return out;
        }
        images.push_back(decoded->bgr);
    }
    try {
        auto matrix = audit::generationDistanceMatrix(images, metrics::CompareOptions{});
        if (!matrix) {
            out.problem = QString::fromStdString(matrix.message());
            return out;
        }
        const std::size_t n = images.size();
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) out.distances.push_back((*matrix)[i * n + j]);
    } catch (const std::exception& e) {
        out.problem = QString::fromLocal8Bit(e.what());
    }
    return out;
}

}  // namespace rs::ui
