#pragma once
// RFC 4180 CSV: comma-separated fields, fields in double quotes may hold commas, CR/LF and
// doubled quotes (""), records end at CRLF or LF outside quotes. A UTF-8 byte-order mark at the
// start is dropped. Field text is returned verbatim (no trimming, no formula interpretation).
// A malformed record (a quote opening inside an unquoted field's text is tolerated as text; text
// after a closing quote, or a quote never closed) is reported with its first line number and
// skipped; parsing continues with the next record.
#include <cstddef>
#include <string>
#include <vector>

namespace rs::reference {

struct CsvRecord {
    std::size_t line = 0;  // 1-based line where the record starts
    std::vector<std::string> fields;
};

struct CsvProblem {
    std::size_t line = 0;
    std::string message;
};

struct CsvDocument {
    std::vector<CsvRecord> records;  // blank lines are not records
    std::vector<CsvProblem> problems;
};

CsvDocument parseCsv(const std::string& text);

}  // namespace rs::reference
