#pragma once
// Helpers of the report tests: reading files, an RFC 4180 CSV parser, running a program.
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace rs::report::test {

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// RS_REPORT_TEST_KEEP=1 keeps a test's outputs to look at them.
inline void keepOutputsIfAsked(QTemporaryDir& dir) {
    if (!qEnvironmentVariableIsSet("RS_REPORT_TEST_KEEP")) return;
    dir.setAutoRemove(false);
    qInfo("outputs kept in %s", qPrintable(dir.path()));
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// RFC 4180: fields separated by commas, records by CRLF; quoted fields may hold commas, CR/LF
// and doubled quotes. Returns false on malformed input (a quote inside an unquoted field, an
// unterminated quoted field).
inline bool parseCsv(const std::string& text, std::vector<std::vector<std::string>>& rows) {
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, wasQuoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c != '"')
                field += c;
            else if (i + 1 < text.size() && text[i + 1] == '"')
                field += '"', ++i;
            else
                quoted = false;
        } else if (c == '"') {
            if (!field.empty() || wasQuoted) return false;
            quoted = wasQuoted = true;
        } else if (c == ',') {
            row.push_back(field), field.clear(), wasQuoted = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(field), field.clear(), wasQuoted = false;
            rows.push_back(row), row.clear();
            ++i;
        } else if (c == '\r' || c == '\n') {
            return false;  // bare line break outside quotes
        } else {
            if (wasQuoted) return false;
            field += c;
        }
    }
    if (quoted) return false;
    if (!field.empty() || !row.empty()) row.push_back(field), rows.push_back(row);
    return true;
}

// Every src="..." of an <img> in the HTML.
inline std::vector<std::string> imageSources(const std::string& html) {
    std::vector<std::string> out;
    static const std::regex img("<img[^>]*\\ssrc=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), img); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

struct ProgramRun {
    int exitCode = -1;
    QByteArray out, err;
};

inline ProgramRun runProgram(const QString& program, const QStringList& args, int timeoutMs = 120000) {
    QProcess p;
    p.start(program, args);
    ProgramRun r;
    if (!p.waitForStarted(10000)) return r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

}  // namespace rs::report::test
