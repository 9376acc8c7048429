#pragma once
// The default model's training set: a deterministic, curated subset of the Open Clip Art
// Library (Debian package openclipart-png, public domain) with LAION-like duplication.
//
// Curation. openclipart-png names its files "<title>_<author>_NN.png", the part before "_NN"
// cut to 24 characters (so authors are often truncated: "orso_architetto_francesc_02.png" is
// "orso" by Architetto Francesco Rollandin), some without the "_NN", in folders by subject.
// Only files whose name ends with a known author's name (or a prefix of it when the name was
// cut) are kept, so every caption has a real title and author; theme icon sets, star shapes
// and gradient/pattern fills (computer/icons, shapes/stars, special) are left out. Symbolic
// links to an already listed file, and second files with the same caption, are left out too.
// Every exclusion is counted in the summary.
//
// Selection. The candidates, sorted by path, are shuffled with the seed (SplitMix64 +
// Fisher-Yates, independent of the C++ library) and taken in that order with at most
// ceil(count / 12) images per author, so no single prolific author dominates, until `count`
// images are decoded.
//
// Images. Decoded with limits (alpha composited on white), white margins trimmed, then FIT
// (aspect preserved) into size-4 pixels and centred on a white size x size square. Fit + pad
// rather than centre-crop because clip art is drawn edge to edge on a transparent background:
// a crop would cut off wide or tall drawings (a bus loses its ends) while white padding is
// indistinguishable from the background every image already has; nothing is stretched.
//
// Duplication. round(10%) of the images are duplicated k times in the training stream, the
// factors k taken in turn from {2, 5, 10, 20, 50} over a seeded shuffle of the images; the
// rest appear once. The stream itself is produced by the trainer from the counts.
//
// Output folder:
//   images/ocal-NNNN.png   the training images (PNG, size x size RGB)
//   manifest.csv           id,file,caption,title,subject,author,source,source_sha256,sha256,duplicates,licence
//   manifest.json          the same plus the build options and command, counts and licence
//   ATTRIBUTION.txt        licence and one attribution line per image
//   training_set.rstrain   the packed training file (diffusion/training_data.h)
// The same options and the same source files give byte-identical files.
#include "base/expected.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rs::reference {

inline constexpr const char* kOpenClipArtRoot = "/usr/share/openclipart/png";
inline constexpr const char* kOpenClipArtLicence = "public domain (Open Clip Art Library)";
inline constexpr const char* kPackedTrainingFileName = "training_set.rstrain";
// Source images smaller than this on a side (a few 3x2 and 1x1 files exist) carry no drawing;
// they and drawings over the 100 MP decode limit are left out and counted.
inline constexpr int kMinSourceSide = 16;

struct ClipArtItem {
    std::string relativePath;     // "animals/mammals/bears/orso_architetto_francesc_02.png" ('/'-separated)
    std::string title;            // "orso"
    std::string subject;          // "bears" (the innermost folder, underscores as spaces)
    std::string author;           // "Architetto Francesco Rollandin"
    std::string caption() const;  // "orso, bears clip art by Architetto Francesco Rollandin"
};

// Title and author from an openclipart-png path; empty when the name ends with no known author.
std::optional<ClipArtItem> parseClipArtPath(const std::string& relativePath);

struct ClipArtScan {
    std::vector<ClipArtItem> items;  // sorted by relativePath, captions unique
    int64_t pngFiles = 0;
    int64_t excludedFolders = 0;  // computer/icons, shapes/stars, special
    int64_t unknownAuthor = 0;
    int64_t sameFile = 0;  // symbolic links to a file listed before
    int64_t sameCaption = 0;
};

// Lists the candidate images under root. Fails when root is not a folder, or names a broken
// symbolic link / non-file entry ending in .png ("source image X is missing ...").
Expected<ClipArtScan> scanOpenClipArt(const std::filesystem::path& root);

struct TrainingSetOptions {
    std::filesystem::path sourceRoot = kOpenClipArtRoot;
    std::filesystem::path outDir;
    std::filesystem::path bpeVocabPath;  // CLIP bpe_simple_vocab_16e6.txt(.gz), for the token ids
    int count = 400;
    int size = 64;
    uint64_t seed = 1;
    double duplicatedFraction = 0.10;
    std::vector<int> duplicateFactors = {2, 5, 10, 20, 50};
    std::function<void(int done, int total)> progress;
};

struct TrainingSetImage {
    std::string id;    // "ocal-0001"
    std::string file;  // "images/ocal-0001.png"
    ClipArtItem source;
    std::string sourceSha256;  // of the source file's bytes
    std::string sha256;        // of images/<id>.png
    int duplicates = 1;
};

struct TrainingSetSummary {
    std::vector<TrainingSetImage> images;
    ClipArtScan scan;
    int64_t streamLength = 0;     // sum of the duplicate counts
    int64_t candidatesTried = 0;  // decoded to reach `count`
    int64_t badSize = 0;          // under kMinSourceSide pixels on a side, or over 100 MP (left out)
    int64_t blankImages = 0;      // entirely white after compositing (left out)
    int64_t samePixels = 0;       // identical to an image already taken once resized (left out)
    std::string manifestSha256;   // of manifest.json
    std::string packedPath;
    std::string command;  // the build command without --out, as recorded in the manifest
};

// Builds the set into options.outDir (created; files of the same names are replaced).
// Fails, naming the file, on a missing or undecodable selected source image; fails when fewer
// than `count` usable candidates exist.
Expected<TrainingSetSummary> buildTrainingSet(const TrainingSetOptions& options);

}  // namespace rs::reference
