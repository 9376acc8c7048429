#pragma once
// The sources of an import (folder, webdataset shards, manifest) as one ordered stream of
// events, with the bytes of each image to import. Internal to the import (reference_import.cpp).
#include "base/expected.h"
#include "reference/reference_import.h"

#include <functional>
#include <memory>
#include <string>

namespace rs::reference {

struct SourceEvent {
    enum class Kind { Item, AlreadyDone, Failed, NotFetched, Note };
    Kind kind = Kind::Item;
    std::string source;
    std::string bytes;  // Item only
    std::string caption;
    std::string licence;
    std::string url;
    std::string reason;  // Failed, NotFetched, Note
};

class SourceCursor {
public:
    virtual ~SourceCursor() = default;
    // Items, failures and URLs the source holds (an estimate for shards that turn out damaged).
    virtual std::int64_t total() const = 0;
    virtual bool next(SourceEvent& event) = 0;
    // What the import is called in the journal and the audit log.
    virtual std::string label() const = 0;
};

// isDone(source) = true: the item was imported earlier; it is reported AlreadyDone unread.
Expected<std::unique_ptr<SourceCursor>> openSourceCursor(const ImportSource& source, const ImportOptions& options,
                                                         std::function<bool(const std::string&)> isDone);

}  // namespace rs::reference
