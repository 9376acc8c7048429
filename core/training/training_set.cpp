// The default model's training set from openclipart-png: scan, curate, select, render, write.
#include "training/training_set.h"

#include "base/file_io.h"
#include "base/sha256.h"
#include "diffusion/text/clip_tokenizer.h"
#include "training/training_data.h"
#include "imaging/image_decode.h"
#include "imaging/image_header.h"
#include "imaging/image_ops.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace rs::reference {
namespace {

// Authors as the Open Clip Art Library credits them, each attested un-cut in some file name of
// openclipart-png 0.18 (Rollandin's full name only across several cut names). Files by anyone
// else are not used: their captions would need a guessed author.
const char* const kAuthors[] = {"Architetto Francesco Rollandin",
                                "Benji Park",
                                "Nicu Buculei",
                                "Jon Phillips",
                                "Gerald G.",
                                "Linda Kim",
                                "Juliane Krug",
                                "Jarno Vasamaa",
                                "Dan Gerhards",
                                "Yves Guillou",
                                "Frederic Moser",
                                "Matt Todd",
                                "Dave Pena",
                                "Sergio Luiz Araujo",
                                "Jean-Victor Balin",
                                "Anthony Liekens",
                                "AJ Ashton",
                                "Roman Bertle",
                                "Patricia Fidi",
                                "Stefan Bazelkov",
                                "Nathan Eady",
                                "Michael Breuer",
                                "Matthew Gates",
                                "Leif Lodahl",
                                "Jonathan Dietrich",
                                "Christoph Brill",
                                "Charles McColm",
                                "Mateya",
                                "Enrique Meza C",
                                "Mimooh",
                                "Peterm",
                                "Lumen Design Studio",
                                "Jasper van de Grond",
                                "Toh Yen Cheng",
                                "Susan Park",
                                "Mauro Olivo",
                                "Costea Bogdan",
                                "Brice Boyer",
                                "Erich Schubert",
                                "Tanguy Jacq",
                                "Romus",
                                "Frouke",
                                "Jonadab the Unsightly One",
                                "Anton Yu",
                                "Gino Rivera",
                                "Philippe Colin",
                                "Fco. Andrade",
                                "Rory McCann",
                                "Angelo Gelmi",
                                "Tess Brady",
                                "Teudimundo",
                                "Clemente",
                                "Jurgen Gaeremyn",
                                "Jurgen",
                                "Hans Deragon",
                                "Uliphant",
                                "Marcelo Staudt",
                                "Alex Fernandez",
                                "Chris Kempson",
                                "Dirk Struve",
                                "Nicolas Gagliani",
                                "Saurabh",
                                "Ani Ani",
                                "Sherrera",
                                "Federico",
                                "Erwan",
                                "Joerg Rosenbauer",
                                "Olivier Boyer",
                                "Raphael Seban",
                                "Ron Golan",
                                "Erik Postma",
                                "Yemu",
                                "Ross Merrigan",
                                "Michael Tunnicliffe",
                                "Stuart Moore",
                                "Seth Yastrov",
                                "Goneri Le Bouder",
                                "Merzok",
                                "Darkon",
                                "Rikva",
                                "Nurbldoff",
                                "Anita",
                                "Stefan Alfredsson",
                                "Neil Turner",
                                "Lion Kimbro",
                                "Andreas Nilsson",
                                "Frank Warttig",
                                "Yogesh Kanitkar",
                                "Lorenzo Luengo",
                                "Geraint Luff",
                                "James Birkett",
                                "Einar",
                                "Mazdac",
                                "Theerud Law",
                                "Tristan Le Toullec",
                                "Tatiana Coutinho",
                                "Vikingdread",
                                "Davek",
                                "Dennis Rutjes",
                                "Jon Campbell",
                                "Robert Seitz",
                                "Borja Bravo",
                                "Nathan Hawke",
                                "Ezechiele",
                                "Jorkon",
                                "Denco",
                                "Joeseph Teed",
                                "Nae",
                                "Alex Kuehne",
                                "Lauris Kaplinski",
                                "Richard Torkar",
                                "K Yager",
                                "Mo",
                                "Arjen Meijer",
                                "Jesper Zedlitz"};

// Other spellings found in file names -> the credited name.
const std::pair<const char*, const char*> kAuthorAliases[] = {
    {"a.j._ashton", "AJ Ashton"},
    {"rollandin_architetto_francesco", "Architetto Francesco Rollandin"},
};

// The part of a file name before "_NN" is cut to 24 characters; shorter ones were not cut.
constexpr size_t kCutLength = 22;

struct AuthorKey {
    std::string key;  // lower case, spaces as '_'
    size_t firstTokenLength;
    std::string name;
};

const std::vector<AuthorKey>& authorKeys() {
    static const std::vector<AuthorKey> keys = [] {
        std::vector<AuthorKey> k;
        auto add = [&](std::string key, const std::string& name) {
            std::transform(key.begin(), key.end(), key.begin(),
                           [](unsigned char c) { return c == ' ' ? '_' : char(std::tolower(c)); });
            const size_t first = key.find('_');
            k.push_back({key, first == std::string::npos ? key.size() : first, name});
        };
        for (const char* a : kAuthors) add(a, a);
        for (const auto& [alias, name] : kAuthorAliases) add(alias, name);
        return k;
    }();
    return keys;
}

bool endsWithTwoDigits(const std::string& s) {
    const size_t n = s.size();
    return n >= 4 && s[n - 3] == '_' && std::isdigit(static_cast<unsigned char>(s[n - 2])) &&
           std::isdigit(static_cast<unsigned char>(s[n - 1]));
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
}

std::string words(std::string s) {
    replaceAll(s, "_39_", "'");  // HTML &#39; flattened into the name
    replaceAll(s, "_amp_", "&");
    std::replace(s.begin(), s.end(), '_', ' ');
    std::string out;
    for (char c : s)
        if (c != ' ' || (!out.empty() && out.back() != ' ')) out.push_back(c);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool lowerExtensionIsPng(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".png";
}

bool excludedFolder(const std::string& relative) {
    for (const char* prefix : {"computer/icons/", "shapes/stars/", "special/"})
        if (relative.rfind(prefix, 0) == 0) return true;
    return false;
}

// SplitMix64-driven Fisher-Yates: the same order on every platform and standard library.
uint64_t splitMix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

template <class T>
void seededShuffle(std::vector<T>& v, uint64_t seed, uint64_t stream) {
    uint64_t state = seed ^ (stream * 0xd1b54a32d192ed03ull);
    for (size_t i = v.size(); i > 1; --i) {
        const uint64_t bound = i;
        const uint64_t threshold = (0 - bound) % bound;
        uint64_t r;
        for (;;) {
            const unsigned __int128 m = (unsigned __int128)splitMix64(state) * bound;
            if (uint64_t(m) >= threshold) {
                r = uint64_t(m >> 64);
                break;
            }
        }
        std::swap(v[i - 1], v[size_t(r)]);
    }
}

// Trim white margins, fit into size-4 keeping the aspect, centre on white. Empty = blank image.
cv::Mat renderSquare(const cv::Mat& bgr, int size) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    cv::Mat ink = gray < 245;
    std::vector<cv::Point> points;
    cv::findNonZero(ink, points);
    if (points.empty()) return {};
    const cv::Rect box = cv::boundingRect(points);
    const cv::Mat content = bgr(box);
    const int inner = std::max(1, size - 4);
    const double scale = double(inner) / double(std::max(box.width, box.height));
    const int w = std::clamp(int(std::lround(box.width * scale)), 1, inner);
    const int h = std::clamp(int(std::lround(box.height * scale)), 1, inner);
    cv::Mat resized;
    cv::resize(content, resized, cv::Size(w, h), 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_CUBIC);
    cv::Mat canvas(size, size, CV_8UC3, cv::Scalar(255, 255, 255));
    resized.copyTo(canvas(cv::Rect((size - w) / 2, (size - h) / 2, w, h)));
    return canvas;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string packageVersion(const std::string& package) {
    std::ifstream in("/var/lib/dpkg/status");
    std::string line;
    bool inPackage = false;
    while (std::getline(in, line)) {
        if (line.rfind("Package: ", 0) == 0)
            inPackage = line.substr(9) == package;
        else if (inPackage && line.rfind("Version: ", 0) == 0)
            return line.substr(9);
    }
    return {};
}

}  // namespace

std::string ClipArtItem::caption() const { return title + ", " + subject + " clip art by " + author; }

std::optional<ClipArtItem> parseClipArtPath(const std::string& relativePath) {
    const fs::path path(relativePath);
    std::string stem = path.stem().string();
    if (endsWithTwoDigits(stem)) stem.resize(stem.size() - 3);
    std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const bool cut = stem.size() >= kCutLength;
    size_t bestPos = std::string::npos;
    const AuthorKey* best = nullptr;
    for (const auto& a : authorKeys()) {
        for (size_t p = 2; p < stem.size(); ++p) {
            if (stem[p - 1] != '_') continue;
            const std::string_view tail(stem.data() + p, stem.size() - p);
            const bool whole = tail == a.key;
            // A cut name keeps at least 6 letters of the author ("..._archite" for Architetto
            // Francesco Rollandin), or the whole first name when it is shorter.
            const bool cutName = cut && tail.size() >= std::min<size_t>(a.firstTokenLength, 6) &&
                                 a.key.compare(0, tail.size(), tail) == 0;
            if (whole || cutName) {
                if (p < bestPos) {
                    bestPos = p;
                    best = &a;
                }
                break;
            }
        }
    }
    if (!best) return std::nullopt;
    ClipArtItem item;
    item.relativePath = path.generic_string();
    // the title keeps the file's own case
    std::string original = path.stem().string();
    item.title = words(original.substr(0, bestPos - 1));
    if (item.title.empty()) return std::nullopt;
    const std::string folder = path.parent_path().filename().string();
    item.subject = folder.empty() ? "misc" : words(folder);
    item.author = best->name;
    return item;
}

Expected<ClipArtScan> scanOpenClipArt(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        return makeError("the clip art folder " + root.string() +
                         " does not exist (install the Debian package openclipart-png)");
    std::vector<fs::path> entries;
    try {
        for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it)
            if (lowerExtensionIsPng(it->path()) && !it->is_directory()) entries.push_back(it->path());
    } catch (const std::exception& e) {
        return makeError("cannot list " + root.string() + ": " + e.what());
    }
    std::vector<std::pair<std::string, fs::path>> sorted;
    for (const auto& p : entries) sorted.emplace_back(fs::relative(p, root).generic_string(), p);
    std::sort(sorted.begin(), sorted.end());

    ClipArtScan scan;
    std::set<std::string> seenFiles, seenCaptions;
    for (const auto& [relative, path] : sorted) {
        ++scan.pngFiles;
        if (excludedFolder(relative)) {
            ++scan.excludedFolders;
            continue;
        }
        const auto status = fs::status(path, ec);
        if (ec || !fs::exists(status))
            return makeError("source image " + path.string() + " is missing" +
                             (fs::is_symlink(fs::symlink_status(path, ec)) ? " (broken symbolic link)" : ""));
        if (!fs::is_regular_file(status)) return makeError("source image " + path.string() + " is not a regular file");
        const std::string canonical = fs::canonical(path, ec).string();
        if (!seenFiles.insert(ec ? path.string() : canonical).second) {
            ++scan.sameFile;
            continue;
        }
        auto item = parseClipArtPath(relative);
        if (!item) {
            ++scan.unknownAuthor;
            continue;
        }
        if (!seenCaptions.insert(item->caption()).second) {
            ++scan.sameCaption;
            continue;
        }
        scan.items.push_back(std::move(*item));
    }
    return scan;
}

Expected<TrainingSetSummary> buildTrainingSet(const TrainingSetOptions& o) {
    if (o.count < 1 || o.count > 100000) return makeError("--count must be between 1 and 100000");
    if (o.size < 8 || o.size > 1024) return makeError("--size must be between 8 and 1024");
    if (o.outDir.empty()) return makeError("no output folder given (--out)");
    if (o.duplicateFactors.empty()) return makeError("no duplicate factors given");
    auto tokenizer = diffusion::ClipTokenizer::fromBpeFile(o.bpeVocabPath.string());
    if (!tokenizer) return makeError("cannot load the CLIP vocabulary: " + tokenizer.message());
    auto scan = scanOpenClipArt(o.sourceRoot);
    if (!scan) return scan.error();

    TrainingSetSummary summary;
    summary.scan = *scan;
    std::vector<size_t> order(scan->items.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    seededShuffle(order, o.seed, 1);
    const int perAuthor = std::max(1, (o.count + 11) / 12);
    std::map<std::string, int> authorCount;
    std::set<std::string> pixelHashes;
    struct Taken {
        const ClipArtItem* item;
        cv::Mat image;
        std::string sourceSha256;
    };
    std::vector<Taken> taken;
    for (size_t k = 0; k < order.size() && int(taken.size()) < o.count; ++k) {
        const ClipArtItem& item = scan->items[order[k]];
        if (authorCount[item.author] >= perAuthor) continue;
        ++summary.candidatesTried;
        const fs::path source = o.sourceRoot / item.relativePath;
        // Tiny (a few 1x1 and 3x2 files) and huge drawings (over the 100 MP decode limit) are
        // counted and left out; a missing or corrupt file stops the build.
        const imaging::DecodeLimits limits;
        auto bytes = readFileLimited(source, limits.maxFileBytes);
        if (!bytes) return makeError("source image " + source.string() + " cannot be used: " + bytes.message());
        auto header = imaging::probeImageHeader(*bytes, source.string());
        if (!header) return makeError("source image " + source.string() + " cannot be used: " + header.message());
        if (std::min(header->width, header->height) < kMinSourceSide ||
            std::uint64_t(header->width) * std::uint64_t(header->height) > limits.maxPixels) {
            ++summary.badSize;
            continue;
        }
        auto decoded = imaging::decodeImageBytes(*bytes, source.string(), limits);
        if (!decoded) return makeError("source image " + source.string() + " cannot be used: " + decoded.message());
        cv::Mat square = renderSquare(decoded->bgr, o.size);
        if (square.empty()) {
            ++summary.blankImages;
            continue;
        }
        if (!pixelHashes.insert(sha256Hex(square.data, square.total() * square.elemSize())).second) {
            ++summary.samePixels;
            continue;
        }
        ++authorCount[item.author];
        taken.push_back({&item, square, decoded->sha256});
        if (o.progress) o.progress(int(taken.size()), o.count);
    }
    if (int(taken.size()) < o.count)
        return makeError("only " + std::to_string(taken.size()) + " usable images under " + o.sourceRoot.string() +
                         " (at most " + std::to_string(perAuthor) + " per author); ask for fewer with --count");
    std::sort(taken.begin(), taken.end(),
              [](const Taken& a, const Taken& b) { return a.item->relativePath < b.item->relativePath; });

    // Duplicate counts over a seeded order of the images, factors taken in turn.
    std::vector<int> duplicates(taken.size(), 1);
    std::vector<size_t> dupOrder(taken.size());
    for (size_t i = 0; i < dupOrder.size(); ++i) dupOrder[i] = i;
    seededShuffle(dupOrder, o.seed, 2);
    const size_t duplicated = std::min(taken.size(), size_t(std::lround(o.duplicatedFraction * double(taken.size()))));
    for (size_t j = 0; j < duplicated; ++j) duplicates[dupOrder[j]] = o.duplicateFactors[j % o.duplicateFactors.size()];

    std::error_code ec;
    fs::create_directories(o.outDir / "images", ec);
    if (ec) return makeError("cannot create " + (o.outDir / "images").string() + ": " + ec.message());

    diffusion::PackedTrainingSet packed;
    packed.height = packed.width = uint32_t(o.size);
    packed.channels = 3;
    packed.tokenLength = uint32_t(tokenizer->contextLength());
    for (int64_t id : tokenizer->tokenize("").padded) packed.emptyPromptTokens.push_back(int32_t(id));
    for (size_t i = 0; i < taken.size(); ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "ocal-%04zu", i + 1);
        TrainingSetImage image;
        image.id = id;
        image.file = "images/" + image.id + ".png";
        image.source = *taken[i].item;
        image.sourceSha256 = taken[i].sourceSha256;
        image.duplicates = duplicates[i];
        auto png = imaging::encodePng(taken[i].image);
        if (!png) return makeError("cannot encode " + image.file + ": " + png.message());
        image.sha256 = sha256Hex(*png);
        if (auto s = writeFileAtomically(o.outDir / image.file, *png); !s.ok()) return s.error();

        cv::Mat rgb;
        cv::cvtColor(taken[i].image, rgb, cv::COLOR_BGR2RGB);
        packed.pixels.insert(packed.pixels.end(), rgb.data, rgb.data + rgb.total() * rgb.elemSize());
        const auto tokens = tokenizer->tokenize(image.source.caption());
        for (int64_t t : tokens.padded) packed.tokens.push_back(int32_t(t));
        packed.duplicateCounts.push_back(uint32_t(image.duplicates));
        packed.ids.push_back(image.id);
        packed.captions.push_back(image.source.caption());
        summary.streamLength += image.duplicates;
        summary.images.push_back(std::move(image));
    }
    summary.packedPath = (o.outDir / kPackedTrainingFileName).string();
    if (auto s = diffusion::writePackedTrainingSet(packed, summary.packedPath); !s.ok()) return s.error();

    std::ostringstream command;
    command << "replicascope-cli dataset build --count " << o.count << " --size " << o.size << " --seed " << o.seed
            << " --source " << o.sourceRoot.generic_string();
    summary.command = command.str();

    std::string csv = "id,file,caption,title,subject,author,source,source_sha256,sha256,duplicates,licence\n";
    nlohmann::ordered_json images = nlohmann::ordered_json::array();
    std::string attribution =
        "ReplicaScope default reference set: the training images of the default model\n\n"
        "All images come from the Open Clip Art Library (openclipart.org) as packaged by Debian\n"
        "(openclipart-png), whose authors dedicated them to the public domain (Creative Commons\n"
        "Public Domain Dedication; see /usr/share/doc/openclipart-png/copyright). They were composited on\n"
        "white, trimmed and resized to " +
        std::to_string(o.size) + "x" + std::to_string(o.size) + " pixels by `" + summary.command +
        "`.\nWe credit each author below although no credit is required.\n\n";
    for (const auto& im : summary.images) {
        const auto& s = im.source;
        const std::string sourcePath = (o.sourceRoot / s.relativePath).generic_string();
        csv += csvField(im.id) + ',' + csvField(im.file) + ',' + csvField(s.caption()) + ',' + csvField(s.title) + ',' +
               csvField(s.subject) + ',' + csvField(s.author) + ',' + csvField(sourcePath) + ',' + im.sourceSha256 +
               ',' + im.sha256 + ',' + std::to_string(im.duplicates) + ',' + csvField(kOpenClipArtLicence) + '\n';
        nlohmann::ordered_json j;
        j["id"] = im.id;
        j["file"] = im.file;
        j["caption"] = s.caption();
        j["title"] = s.title;
        j["subject"] = s.subject;
        j["author"] = s.author;
        j["source"] = sourcePath;
        j["source_sha256"] = im.sourceSha256;
        j["sha256"] = im.sha256;
        j["duplicates"] = im.duplicates;
        j["licence"] = kOpenClipArtLicence;
        images.push_back(std::move(j));
        attribution += im.id + ": \"" + s.title + "\" by " + s.author + " (" + s.relativePath + ")\n";
    }
    std::map<int, int> histogram;
    for (const auto& im : summary.images) ++histogram[im.duplicates];
    nlohmann::ordered_json manifest;
    manifest["name"] = "ReplicaScope default training set (Open Clip Art Library subset)";
    manifest["command"] = summary.command;
    manifest["options"] = {{"count", o.count},
                           {"size", o.size},
                           {"seed", o.seed},
                           {"source", o.sourceRoot.generic_string()},
                           {"duplicated_fraction", o.duplicatedFraction},
                           {"duplicate_factors", o.duplicateFactors},
                           {"max_per_author", perAuthor}};
    if (const auto version = packageVersion("openclipart-png"); !version.empty())
        manifest["source_package"] = "openclipart-png " + version;
    manifest["licence"] = kOpenClipArtLicence;
    manifest["rendering"] = "alpha composited on white, white margins trimmed, aspect-preserving fit into " +
                            std::to_string(o.size - 4) + " px, centred on a white " + std::to_string(o.size) + "x" +
                            std::to_string(o.size) + " square, PNG";
    manifest["caption_format"] = "<title>, <subject> clip art by <author>";
    manifest["image_count"] = summary.images.size();
    manifest["stream_length"] = summary.streamLength;
    nlohmann::ordered_json hist = nlohmann::ordered_json::object();
    for (const auto& [k, n] : histogram) hist[std::to_string(k)] = n;
    manifest["images_by_duplicate_count"] = hist;
    manifest["packed_training_file"] = kPackedTrainingFileName;
    manifest["scan"] = {{"png_files", scan->pngFiles},           {"excluded_folders", scan->excludedFolders},
                        {"unknown_author", scan->unknownAuthor}, {"same_file", scan->sameFile},
                        {"same_caption", scan->sameCaption},     {"candidates", scan->items.size()},
                        {"decoded", summary.candidatesTried},    {"bad_size", summary.badSize},
                        {"blank", summary.blankImages},          {"same_pixels", summary.samePixels}};
    manifest["images"] = images;
    const std::string manifestText = manifest.dump(2) + "\n";
    summary.manifestSha256 = sha256Hex(manifestText);
    if (auto s = writeFileAtomically(o.outDir / "manifest.json", manifestText); !s.ok()) return s.error();
    if (auto s = writeFileAtomically(o.outDir / "manifest.csv", csv); !s.ok()) return s.error();
    if (auto s = writeFileAtomically(o.outDir / "ATTRIBUTION.txt", attribution); !s.ok()) return s.error();
    return summary;
}

}  // namespace rs::reference
