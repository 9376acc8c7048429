#include "reference/csv_reader.h"

namespace rs::reference {

namespace {

bool isRecordEnd(const std::string& t, std::size_t i) {
    return t[i] == '\n' || (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n');
}

// Advances past the end of the current record (past its LF), ignoring quotes: used to resume after an error.
std::size_t skipToLineEnd(const std::string& t, std::size_t i, std::size_t& line) {
    while (i < t.size() && t[i] != '\n') ++i;
    if (i < t.size()) {
        ++i;
        ++line;
    }
    return i;
}

}  // namespace

CsvDocument parseCsv(const std::string& text) {
    CsvDocument doc;
    std::size_t i = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
    std::size_t line = 1;
    const std::size_t n = text.size();
    while (i < n) {
        CsvRecord record;
        record.line = line;
        std::string field;
        bool recordDone = false;
        bool failed = false;
        bool blank = true;
        while (!recordDone) {
            if (i < n && text[i] == '"') {
                blank = false;
                ++i;
                bool closed = false;
                while (i < n) {
                    const char c = text[i];
                    if (c == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (c == '\n') ++line;
                    field += c;
                    ++i;
                }
                if (!closed) {
                    doc.problems.push_back({record.line, "a quoted field is never closed (missing \")"});
                    return doc;
                }
                if (i < n && text[i] != ',' && !isRecordEnd(text, i)) {
                    doc.problems.push_back(
                        {record.line, "text after a closing quote; a quote inside a field must be doubled (\"\")"});
                    i = skipToLineEnd(text, i, line);
                    failed = true;
                    break;
                }
            } else {
                while (i < n && text[i] != ',' && !isRecordEnd(text, i)) field += text[i++];
                if (!field.empty()) blank = false;
            }
            if (i >= n) {
                record.fields.push_back(std::move(field));
                recordDone = true;
            } else if (text[i] == ',') {
                blank = false;
                record.fields.push_back(std::move(field));
                field.clear();
                ++i;
            } else {
                record.fields.push_back(std::move(field));
                i += text[i] == '\r' ? 2 : 1;
                ++line;
                recordDone = true;
            }
        }
        if (!failed && !blank) doc.records.push_back(std::move(record));
    }
    return doc;
}

}  // namespace rs::reference
