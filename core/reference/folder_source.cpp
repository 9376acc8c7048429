#include "reference/folder_source.h"

#include "reference/manifest.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace rs::reference {

namespace fs = std::filesystem;

namespace {

void walk(const fs::path& dir, FolderListing& out) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        out.refused.push_back({dir.string(), "cannot read folder: " + ec.message()});
        return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
            out.refused.push_back({dir.string(), "cannot list folder: " + ec.message()});
            return;
        }
        const fs::path path = it->path();
        if (path.filename().string().rfind('.', 0) == 0) continue;  // hidden
        const fs::file_status linkStatus = it->symlink_status(ec);
        if (fs::is_symlink(linkStatus)) {
            const fs::file_status target = fs::status(path, ec);
            if (fs::is_directory(target)) {
                out.notes.push_back(path.string() + ": symbolic link to a folder, not followed");
                continue;
            }
            if (!hasImageExtension(path)) continue;
            if (!fs::exists(target)) {
                out.refused.push_back({path.string(), "broken symbolic link"});
                continue;
            }
            auto inside = resolveInside(out.root, path);
            if (!inside) {
                out.refused.push_back(
                    {path.string(), "symbolic link leads outside the imported folder (not followed)"});
                continue;
            }
            if (!fs::is_regular_file(target)) {
                out.refused.push_back({path.string(), "symbolic link to something that is not a regular file"});
                continue;
            }
        } else if (fs::is_directory(linkStatus)) {
            walk(path, out);
            continue;
        } else if (!hasImageExtension(path)) {
            continue;
        } else if (!fs::is_regular_file(linkStatus)) {
            out.refused.push_back({path.string(), "not a regular file"});
            continue;
        }
        FolderImage image;
        image.path = path;
        fs::path caption = path;
        caption.replace_extension(".txt");
        if (fs::is_regular_file(caption, ec)) image.captionFile = caption;
        out.images.push_back(std::move(image));
    }
}

}  // namespace

bool hasImageExtension(const fs::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".bmp" || ext == ".tif" ||
           ext == ".tiff";
}

Expected<FolderListing> listFolderImages(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return makeError("folder " + root.string() + " does not exist or is not a folder");
    FolderListing out;
    out.root = fs::absolute(root, ec).lexically_normal();
    if (!out.root.empty() && out.root.filename().empty()) out.root = out.root.parent_path();
    walk(out.root, out);
    std::sort(out.images.begin(), out.images.end(),
              [](const FolderImage& a, const FolderImage& b) { return a.path.native() < b.path.native(); });
    // A sidecar shared by several images (x.jpg and x.png beside x.txt) cannot tell which one
    // it describes: it captions none of them rather than possibly the wrong one.
    std::map<fs::path, std::vector<FolderImage*>> bySidecar;
    for (auto& image : out.images)
        if (!image.captionFile.empty()) bySidecar[image.captionFile].push_back(&image);
    for (auto& [sidecar, images] : bySidecar) {
        if (images.size() < 2) continue;
        std::string names;
        for (const FolderImage* image : images) names += (names.empty() ? "" : ", ") + image->path.filename().string();
        out.notes.push_back(sidecar.string() + ": caption sidecar shared by several images (" + names + "), not used");
        for (FolderImage* image : images) image->captionFile.clear();
    }
    std::sort(out.refused.begin(), out.refused.end(),
              [](const FolderIssue& a, const FolderIssue& b) { return a.source < b.source; });
    std::sort(out.notes.begin(), out.notes.end());
    return out;
}

}  // namespace rs::reference
