#pragma once
// CSV and JSONL manifests listing reference images (e.g. exported from LAION metadata, or an
// artist's own list with licences).
//
// Columns / keys (matched case-insensitively; the first present wins):
//   local file  path, file, filename, filepath, image, image_path
//   URL         url, image_url, link
//   caption     caption, text, title, description
//   licence     licence, license
//   author      author, attribution, artist, credit
// A CSV manifest needs a header row naming at least a file or URL column. A row whose file
// field starts with http:// or https:// is treated as a URL. Rows with neither are reported.
//
// Local paths: relative ones are resolved against the manifest's folder; every path, relative
// or absolute, must lie inside that folder once symbolic links are resolved (a manifest from
// elsewhere cannot make the import read ~/.ssh/id_rsa or /etc/passwd). Others are refused.
// URLs are recorded (reported as not fetched: ReplicaScope has no network access).
#include "base/expected.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace rs::reference {

struct ManifestEntry {
    std::size_t line = 0;        // 1-based line (CSV: where the record starts)
    std::filesystem::path file;  // resolved local file (empty for a URL row)
    std::string url;             // set when the row names a URL and no local file
    std::string caption;         // verbatim
    std::string licence;         // licence text, "by <author>" appended when an author is given
};

struct ManifestProblem {
    std::size_t line = 0;
    std::string source;  // what the row named (path or URL), when known
    std::string message;
};

struct Manifest {
    std::filesystem::path path;
    std::vector<ManifestEntry> entries;
    std::vector<ManifestProblem> problems;  // rows that cannot be imported, with the reason
};

// Reads a .csv or .jsonl (also .ndjson) manifest of at most 1 GiB. Fails only when the file
// itself cannot be used (missing, too large, unknown extension, CSV without a usable header);
// bad rows are listed in `problems` and the rest is returned.
Expected<Manifest> readManifest(const std::filesystem::path& manifestFile);

// Licence text stored for an image: "<licence>; by <author>", either part optional.
std::string combineLicence(const std::string& licence, const std::string& author);

// Resolves `path` (relative to `root` when relative) and checks that it stays inside `root`
// after resolving symbolic links. Error names the path and the folder.
Expected<std::filesystem::path> resolveInside(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace rs::reference
