#include "reference/manifest.h"

#include "base/file_io.h"
#include "reference/csv_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace rs::reference {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxManifestBytes = 1ull << 30;

enum Column { kFile, kUrl, kCaption, kLicence, kAuthor, kColumnCount };

const std::array<std::vector<const char*>, kColumnCount> kColumnNames = {{
    {"path", "file", "filename", "filepath", "image", "image_path"},
    {"url", "image_url", "link"},
    {"caption", "text", "title", "description"},
    {"licence", "license"},
    {"author", "attribution", "artist", "credit"},
}};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool isUrl(const std::string& s) {
    const std::string l = lower(s.substr(0, 8));
    return l.rfind("http://", 0) == 0 || l.rfind("https://", 0) == 0;
}

// Fields of one row, by column kind (empty when absent).
using RowFields = std::array<std::string, kColumnCount>;

void addRow(Manifest& m, const fs::path& root, std::size_t line, const RowFields& f) {
    std::string file = trim(f[kFile]);
    std::string url = trim(f[kUrl]);
    if (isUrl(file)) {
        if (url.empty()) url = file;
        file.clear();
    }
    ManifestEntry e;
    e.line = line;
    e.caption = f[kCaption];
    e.licence = combineLicence(trim(f[kLicence]), trim(f[kAuthor]));
    if (!file.empty()) {
        auto resolved = resolveInside(root, fs::path(file));
        if (!resolved) {
            m.problems.push_back({line, file, resolved.message()});
            return;
        }
        e.file = *resolved;
    } else if (!url.empty()) {
        e.url = url;
    } else {
        m.problems.push_back({line, {}, "the row names neither a file nor a URL"});
        return;
    }
    m.entries.push_back(std::move(e));
}

Status readCsv(Manifest& m, const fs::path& root, const std::string& text) {
    CsvDocument doc = parseCsv(text);
    for (const auto& p : doc.problems) m.problems.push_back({p.line, {}, "malformed CSV record: " + p.message});
    if (doc.records.empty()) {
        if (!doc.problems.empty()) return makeError("manifest " + m.path.string() + " has no readable CSV header");
        return {};
    }
    const CsvRecord& header = doc.records.front();
    std::array<std::optional<std::size_t>, kColumnCount> index;
    for (int c = 0; c < kColumnCount; ++c)
        for (const char* name : kColumnNames[c]) {
            if (index[c]) break;
            for (std::size_t i = 0; i < header.fields.size(); ++i)
                if (lower(trim(header.fields[i])) == name) {
                    index[c] = i;
                    break;
                }
        }
    if (!index[kFile] && !index[kUrl])
        return makeError("manifest " + m.path.string() + ": the header row (line " + std::to_string(header.line) +
                         ") has no file column (path, file, image, ...) and no URL column (url, image_url, link)");
    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        const CsvRecord& rec = doc.records[r];
        RowFields f;
        for (int c = 0; c < kColumnCount; ++c)
            if (index[c] && *index[c] < rec.fields.size()) f[c] = rec.fields[*index[c]];
        addRow(m, root, rec.line, f);
    }
    return {};
}

void readJsonl(Manifest& m, const fs::path& root, const std::string& text) {
    std::size_t pos = 0, line = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
    while (pos < text.size()) {
        ++line;
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const std::string row = trim(text.substr(pos, end - pos));
        pos = end + 1;
        if (row.empty()) continue;
        nlohmann::json j = nlohmann::json::parse(row, nullptr, false);
        if (j.is_discarded()) {
            m.problems.push_back({line, {}, "not valid JSON"});
            continue;
        }
        if (!j.is_object()) {
            m.problems.push_back({line, {}, "not a JSON object"});
            continue;
        }
        RowFields f;
        std::string wrongType;
        for (int c = 0; c < kColumnCount; ++c)
            for (const char* name : kColumnNames[c]) {
                if (!f[c].empty()) break;
                for (auto it = j.begin(); it != j.end(); ++it) {
                    if (lower(it.key()) != name || it->is_null()) continue;
                    if (it->is_string())
                        f[c] = it->get<std::string>();
                    else
                        wrongType = it.key();
                    break;
                }
            }
        if (!wrongType.empty()) {
            m.problems.push_back({line, {}, "field \"" + wrongType + "\" is not a string"});
            continue;
        }
        addRow(m, root, line, f);
    }
}

}  // namespace

std::string combineLicence(const std::string& licence, const std::string& author) {
    if (author.empty()) return licence;
    return licence.empty() ? "by " + author : licence + "; by " + author;
}

Expected<fs::path> resolveInside(const fs::path& root, const fs::path& path) {
    std::error_code ec;
    const fs::path realRoot = fs::weakly_canonical(fs::absolute(root, ec), ec);
    if (ec) return makeError("cannot resolve folder " + root.string() + ": " + ec.message());
    const fs::path joined = (path.is_absolute() ? path : root / path).lexically_normal();
    const fs::path real = fs::weakly_canonical(fs::absolute(joined, ec), ec);
    if (ec) return makeError("cannot resolve " + path.string() + ": " + ec.message());
    auto [r, p] = std::mismatch(realRoot.begin(), realRoot.end(), real.begin(), real.end());
    // A trailing empty component ("dir/") in the root counts as matched.
    const bool inside = (r == realRoot.end() || (std::next(r) == realRoot.end() && r->empty())) && p != real.end();
    if (!inside)
        return makeError("path " + path.string() + " leads outside the folder " + realRoot.string() +
                         " (only files inside it are imported)");
    return real;
}

Expected<Manifest> readManifest(const fs::path& manifestFile) {
    const std::string ext = lower(manifestFile.extension().string());
    if (ext != ".csv" && ext != ".jsonl" && ext != ".ndjson")
        return makeError("manifest " + manifestFile.string() + ": unknown format (use .csv or .jsonl)");
    auto text = readFileLimited(manifestFile, kMaxManifestBytes);
    if (!text) return makeError("manifest: " + text.message());
    Manifest m;
    m.path = manifestFile;
    std::error_code ec;
    const fs::path root = fs::absolute(manifestFile, ec).parent_path();
    if (ext == ".csv") {
        Status st = readCsv(m, root, *text);
        if (!st) return st.error();
    } else {
        readJsonl(m, root, *text);
    }
    return m;
}

}  // namespace rs::reference
