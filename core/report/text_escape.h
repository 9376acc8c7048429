#pragma once
// Text made safe for the report formats: HTML escaping, and CSV cells that follow RFC 4180 and
// can never be evaluated as a spreadsheet formula. Prompts, captions, notes and paths come from
// people and the web, so every such string goes through here.
#include <string>
#include <vector>

namespace rs::report {

// & < > " ' as entities; invalid UTF-8 bytes become U+FFFD. A "<script>" stays visible text.
std::string htmlEscape(const std::string& text);

// A cell whose first character is = + - @ TAB or CR gets a leading apostrophe (OWASP "CSV
// injection"), so =HYPERLINK(...) is shown, never evaluated.
std::string neutralizeFormula(const std::string& cell);
// Neutralised, then quoted when it holds a comma, quote, CR or LF (quotes doubled, RFC 4180).
std::string csvCell(const std::string& cell);
// Cells joined by commas, ended by CRLF (RFC 4180).
std::string csvRow(const std::vector<std::string>& cells);

// A number as reports print it: up to 6 significant digits, no locale ("0.1234", "12").
std::string formatNumber(double value);

// Replaces invalid UTF-8 sequences by U+FFFD so every output is valid UTF-8.
std::string validUtf8(const std::string& text);

}  // namespace rs::report
