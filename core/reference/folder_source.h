#pragma once
// Lists the images of a folder for import: recursive, in a stable order (byte order of the path
// relative to the folder), by extension (jpg, jpeg, png, webp, bmp, tif, tiff; any case).
//  - Hidden files and folders (name starting with '.') are passed over.
//  - Symbolic links to files are followed only when their target lies inside the folder; a
//    link leading outside is refused (reported). Links to folders are not followed (noted).
//  - A caption sidecar "<name>.txt" beside an image (img2dataset's "files" output) is used as
//    its caption, unless several images share it (x.jpg and x.png): then none uses it (noted).
// Content is not checked here: a corrupt "x.png" is found and fails later at decode.
#include "base/expected.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rs::reference {

struct FolderImage {
    std::filesystem::path path;         // absolute, as found in the folder (links not resolved)
    std::filesystem::path captionFile;  // empty when there is no sidecar
};

struct FolderIssue {
    std::string source;
    std::string reason;
};

struct FolderListing {
    std::filesystem::path root;  // absolute
    std::vector<FolderImage> images;
    std::vector<FolderIssue> refused;  // found but not importable (link out of the folder, unreadable folder, ...)
    std::vector<std::string> notes;    // passed over by policy (links to folders)
};

bool hasImageExtension(const std::filesystem::path& path);

Expected<FolderListing> listFolderImages(const std::filesystem::path& root);

}  // namespace rs::reference
