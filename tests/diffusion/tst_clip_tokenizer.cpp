// CLIP tokenizer on the real vocabulary against ids from the Python reference
// (tests/diffusion/clip_reference_tokenizer.py -> tests/fixtures/tokenizer/expected_ids.json).
#include "diffusion/text/clip_tokenizer.h"

#include "test_registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>
#include <thread>

using rs::diffusion::ClipTokenizer;
using rs::diffusion::TextCleaning;

namespace {

using Ids = std::vector<std::int64_t>;

const QString kVocabGz = QStringLiteral(RS_RESOURCE_DIR "/clip/bpe_simple_vocab_16e6.txt.gz");
const QString kFixture = QStringLiteral(RS_TEST_DATA_DIR "/tokenizer/expected_ids.json");

QString idsText(const Ids& ids) {
    QStringList parts;
    for (auto id : ids) parts << QString::number(id);
    return "[" + parts.join(", ") + "]";
}

QJsonArray fixture() {
    QFile f(kFixture);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).array();
}

Ids toIds(const QJsonArray& a) {
    Ids ids;
    for (const auto& v : a) ids.push_back(v.toInteger());
    return ids;
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), qint64(bytes.size()));
}

}  // namespace

class TestClipTokenizer : public QObject {
    Q_OBJECT
    std::optional<ClipTokenizer> m_tok;     // from the .gz
    std::optional<ClipTokenizer> m_fromHf;  // from vocab.json + merges.txt written from it
    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        auto tok = ClipTokenizer::fromBpeFile(kVocabGz.toStdString());
        QVERIFY2(tok.ok(), tok.ok() ? "" : tok.message().c_str());
        QVERIFY(tok->textCleaning() == TextCleaning::Transformers);  // what diffusers runs
        m_tok = *tok;
        // The fixture comes from openai's simple_tokenizer.py; transformers' cleaning is checked
        // against transformers itself in tst_parity and by transformersCleaning() below.
        m_tok->setTextCleaning(TextCleaning::OpenAiClip);
        QVERIFY(fixture().size() > 400);
        // A diffusers-style tokenizer/ folder from the real vocabulary, used by several tests.
        QVERIFY(m_tok->saveTokenizerFolder(m_dir.filePath("tokenizer").toStdString()).ok());
        auto hf = ClipTokenizer::fromTokenizerFolder(m_dir.filePath("tokenizer").toStdString());
        QVERIFY2(hf.ok(), hf.ok() ? "" : hf.message().c_str());
        m_fromHf = *hf;
        m_fromHf->setTextCleaning(TextCleaning::OpenAiClip);
    }

    void vocabularyShape() {
        QCOMPARE(m_tok->vocabSize(), size_t(49408));
        QCOMPARE(m_tok->mergeCount(), size_t(48894));
        QCOMPARE(qint64(m_tok->bosId()), qint64(49406));
        QCOMPARE(qint64(m_tok->eosId()), qint64(49407));
        QCOMPARE(qint64(m_tok->padId()), qint64(49407));  // SD1 convention by default
        QCOMPARE(qint64(*m_tok->tokenId("!")), qint64(0));
        QCOMPARE(qint64(*m_tok->tokenId("a</w>")), qint64(320));
        QCOMPARE(m_tok->token(49406), std::string("<|startoftext|>"));
        QVERIFY(!m_tok->tokenId("not-a-token").has_value());
        QVERIFY(m_tok->token(49408).empty());
    }

    // Ids checked by hand against the CLIP vocabulary (independent of the fixture file).
    void handCheckedIds_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("ids");
        QTest::newRow("a photo of a cat") << "a photo of a cat"
                                          << "[49406, 320, 1125, 539, 320, 2368, 49407]";
        QTest::newRow("empty") << ""
                               << "[49406, 49407]";
        QTest::newRow("case and spaces fold") << "  A   Photo\tOF a CAT "
                                              << "[49406, 320, 1125, 539, 320, 2368, 49407]";
        QTest::newRow("html entity") << "a photo of a cat &amp;amp; "
                                     << "[49406, 320, 1125, 539, 320, 2368, 261, 49407]";
        QTest::newRow("special token in text") << "<|endoftext|>"
                                               << "[49406, 49407, 49407]";
    }
    void handCheckedIds() {
        QFETCH(QString, prompt);
        QFETCH(QString, ids);
        QCOMPARE(idsText(m_tok->tokenize(prompt.toStdString()).ids), ids);
    }

    void matchesReferenceIds_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("truncated");
        const QJsonArray cases = fixture();
        for (int i = 0; i < cases.size(); ++i) {
            const QJsonObject c = cases[i].toObject();
            QString tag = c["prompt"].toString().left(40);
            for (QChar& ch : tag)
                if (!ch.isPrint()) ch = QLatin1Char('?');
            QTest::addRow("%d: %s", i, qPrintable(tag))
                << c["prompt"].toString() << idsText(toIds(c["ids"].toArray())) << c["truncated"].toBool();
        }
    }
    void matchesReferenceIds() {
        QFETCH(QString, prompt);
        QFETCH(QString, expected);
        QFETCH(bool, truncated);
        const auto t = m_tok->tokenize(prompt.toStdString());
        QCOMPARE(idsText(t.ids), expected);
        QCOMPARE(t.truncated, truncated);
        QCOMPARE(t.warning.empty(), !truncated);
        QCOMPARE(int(t.padded.size()), 77);
        for (size_t i = t.ids.size(); i < t.padded.size(); ++i) QCOMPARE(qint64(t.padded[i]), qint64(49407));
        QVERIFY(std::equal(t.ids.begin(), t.ids.end(), t.padded.begin()));
    }

    void truncationKeepsEosLastAndWarns() {
        std::string prompt;
        for (int i = 0; i < 100; ++i) prompt += "cat ";
        const auto t = m_tok->tokenize(prompt);
        QVERIFY(t.truncated);
        QCOMPARE(int(t.ids.size()), 77);
        QCOMPARE(qint64(t.ids.front()), qint64(49406));
        QCOMPARE(qint64(t.ids.back()), qint64(49407));
        QCOMPARE(int(t.fullLength), 102);
        QVERIFY2(QString::fromStdString(t.warning).contains("102 tokens"), t.warning.c_str());
        // 75 tokens fit exactly.
        std::string fits;
        for (int i = 0; i < 75; ++i) fits += "cat ";
        const auto f = m_tok->tokenize(fits);
        QVERIFY(!f.truncated);
        QCOMPARE(int(f.ids.size()), 77);
        QVERIFY(f.warning.empty());
    }

    void cleanText_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("cleaned");
        QTest::newRow("double unescape") << "&amp;amp; &amp;lt;"
                                         << "& <";
        QTest::newRow("triple stays once escaped") << "&amp;amp;amp;"
                                                   << "&amp;";
        QTest::newRow("numeric and cp1252") << "&#39;&#x41;&#128;&#0;" << QString::fromUtf8("'a\u20ac\ufffd");
        QTest::newRow("legacy without semicolon") << "&copy 2024 &notit;" << QString::fromUtf8("\u00a9 2024 \u00acit;");
        QTest::newRow("unknown kept") << "&zzz; &#; &"
                                      << "&zzz; &#; &";
        QTest::newRow("nbsp and ideographic space collapse")
            << QString::fromUtf8("  a&nbsp;b\u3000c\u2028 ") << "a b c";
        QTest::newRow("zero width space is not space")
            << QString::fromUtf8("a\u200bb") << QString::fromUtf8("a\u200bb");
        QTest::newRow("final sigma") << QString::fromUtf8("\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 \u03a3")
                                     << QString::fromUtf8("\u03bf\u03b4\u03c5\u03c3\u03c3\u03b5\u03c5\u03c2 \u03c3");
        QTest::newRow("dotted capital I") << QString::fromUtf8("\u0130") << QString::fromUtf8("i\u0307");
        QTest::newRow("cyrillic armenian deseret") << QString::fromUtf8("\u0401\u0416 \u0531 \U00010400")
                                                   << QString::fromUtf8("\u0451\u0436 \u0561 \U00010428");
        QTest::newRow("kelvin and capital sharp s")
            << QString::fromUtf8("\u212a\u1e9e") << QString::fromUtf8("k\u00df");
    }
    void cleanText() {
        QFETCH(QString, input);
        QFETCH(QString, cleaned);
        QCOMPARE(QString::fromStdString(ClipTokenizer::cleanText(input.toStdString(), TextCleaning::OpenAiClip)),
                 cleaned);
    }

    void transformersCleaning_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("cleaned");
        QTest::newRow("entities kept") << "Tom &amp; Jerry"
                                       << "tom &amp; jerry";
        QTest::newRow("combining accent composes") << QString::fromUtf8("café") << QString::fromUtf8("café");
        QTest::newRow("marks reordered then composed") << QString::fromUtf8("ậ") << QString::fromUtf8("ậ");
        QTest::newRow("reordering of non-starters") << QString::fromUtf8("q̣̇") << QString::fromUtf8("q̣̇");
        QTest::newRow("singleton decomposes") << QString::fromUtf8("Å Ω") << QString::fromUtf8("å ω");
        QTest::newRow("excluded composite stays decomposed") << QString::fromUtf8("क़") << QString::fromUtf8("क़");
        QTest::newRow("hangul jamo compose") << QString::fromUtf8("각") << QString::fromUtf8("각");
        QTest::newRow("no final sigma") << QString::fromUtf8("ΟΔΟΣ") << QString::fromUtf8("οδοσ");
        QTest::newRow("whitespace collapses, ends kept") << "  a \t\n b  "
                                                         << " a b ";
    }
    void transformersCleaning() {
        QFETCH(QString, input);
        QFETCH(QString, cleaned);
        QCOMPARE(QString::fromStdString(ClipTokenizer::cleanText(input.toStdString(), TextCleaning::Transformers)),
                 cleaned);
    }

    void piecesFollowThePattern() {
        const auto p = m_tok->pieces("It's 2024!! naïve's ΣΟΦΟΣ's <|endoftext|>x");
        QStringList got;
        for (const auto& s : p) got << QString::fromStdString(s);
        QCOMPARE(got, QStringList({"it", "'s", "2", "0", "2", "4", "!!", QString::fromUtf8("na\u00efve"), "'s",
                                   QString::fromUtf8("\u03c3\u03bf\u03c6\u03bf\u03c3"), "'s", "<|endoftext|>", "x"}));
    }

    void invalidUtf8IsReplacedAndReported() {
        const auto t = m_tok->tokenize("caf\xE9 au lait");
        QVERIFY(t.invalidUtf8);
        QVERIFY(QString::fromStdString(t.warning).contains("UTF-8"));
        QCOMPARE(idsText(t.ids), idsText(m_tok->tokenize("caf\xEF\xBF\xBD au lait").ids));
    }

    void decodeRoundTrip() {
        auto text = m_tok->decode(m_tok->encode("A photo of a Café, 2024!"));
        QVERIFY(text.ok());
        QCOMPARE(QString::fromStdString(*text), QString::fromUtf8("a photo of a caf\u00e9 , 2 0 2 4 ! "));
        QVERIFY(!m_tok->decode({1, 49408}).ok());
    }

    void huggingFaceFilesMatchGz() {
        const QString dir = m_dir.filePath("tokenizer");
        // The files written in initTestCase have the diffusers layout.
        QFile vocabFile(dir + "/vocab.json");
        QVERIFY(vocabFile.open(QIODevice::ReadOnly));
        const QJsonObject vocab = QJsonDocument::fromJson(vocabFile.readAll()).object();
        QCOMPARE(vocab.size(), 49408);
        QCOMPARE(vocab["!"].toInt(), 0);
        QCOMPARE(vocab["a</w>"].toInt(), 320);
        QCOMPARE(vocab["<|endoftext|>"].toInt(), 49407);
        QFile mergesFile(dir + "/merges.txt");
        QVERIFY(mergesFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = mergesFile.readAll().split('\n');
        QCOMPARE(lines.value(0), QByteArray("#version: 0.2"));
        QCOMPARE(lines.value(1), QByteArray("i n"));
        QCOMPARE(lines.size(), 48894 + 2);  // header, merges, empty after the final newline

        const auto& hf = m_fromHf;
        QCOMPARE(hf->vocabSize(), m_tok->vocabSize());
        QCOMPARE(hf->mergeCount(), m_tok->mergeCount());
        for (std::int64_t id = 0; id < 49408; id += 97) QCOMPARE(hf->token(id), m_tok->token(id));
        const QJsonArray cases = fixture();
        for (const auto& c : cases) {
            const auto prompt = c.toObject()["prompt"].toString().toStdString();
            QCOMPARE(idsText(hf->tokenize(prompt).ids), idsText(m_tok->tokenize(prompt).ids));
        }
    }

    void padTokens_data() {
        QTest::addColumn<QByteArray>("specialTokensMap");
        QTest::addColumn<QByteArray>("tokenizerConfig");
        QTest::addColumn<qint64>("padId");
        QTest::newRow("no config: EOS") << QByteArray() << QByteArray() << qint64(49407);
        QTest::newRow("SD1: EOS") << QByteArray(R"({"pad_token": "<|endoftext|>"})")
                                  << QByteArray(R"({"pad_token": "<|endoftext|>"})") << qint64(49407);
        QTest::newRow("SD2: !")
            << QByteArray(R"({"pad_token": "!", "bos_token": {"content": "<|startoftext|>", "lstrip": false}})")
            << QByteArray(R"({"pad_token": "<|endoftext|>"})") << qint64(0);
        QTest::newRow("AddedToken form in tokenizer_config only")
            << QByteArray() << QByteArray(R"({"pad_token": {"__type": "AddedToken", "content": "!"}})") << qint64(0);
    }
    void padTokens() {
        QFETCH(QByteArray, specialTokensMap);
        QFETCH(QByteArray, tokenizerConfig);
        QFETCH(qint64, padId);
        QTemporaryDir model;
        const QString dir = model.filePath("tokenizer");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::copy(m_dir.filePath("tokenizer/vocab.json"), dir + "/vocab.json"));
        QVERIFY(QFile::copy(m_dir.filePath("tokenizer/merges.txt"), dir + "/merges.txt"));
        if (!specialTokensMap.isEmpty()) writeFile(dir + "/special_tokens_map.json", specialTokensMap);
        if (!tokenizerConfig.isEmpty()) writeFile(dir + "/tokenizer_config.json", tokenizerConfig);
        auto tok = ClipTokenizer::fromModelFolder(model.path().toStdString());
        QVERIFY2(tok.ok(), tok.ok() ? "" : tok.message().c_str());
        QCOMPARE(qint64(tok->padId()), padId);
        const auto t = tok->tokenize("a photo of a cat");
        QCOMPARE(idsText(t.ids), QString("[49406, 320, 1125, 539, 320, 2368, 49407]"));
        QCOMPARE(qint64(t.padded[7]), padId);
        QCOMPARE(qint64(t.padded[76]), padId);
    }

    void setPadToken() {
        ClipTokenizer tok = *m_tok;
        QVERIFY(tok.setPadToken("!").ok());
        QCOMPARE(qint64(tok.padId()), qint64(0));
        QCOMPARE(qint64(m_tok->padId()), qint64(49407));  // copies do not share pad settings
        auto bad = tok.setPadToken("<pad>");
        QVERIFY(!bad.ok());
        QVERIFY(bad.message().find("<pad>") != std::string::npos);
    }

    void loadErrors_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("missing file") << "missing"
                                      << "cannot open";
        QTest::newRow("too few lines") << "short"
                                       << "has 3 lines";
        QTest::newRow("truncated gzip") << "badgz"
                                        << "corrupt or truncated gzip";
        QTest::newRow("no tokenizer folder") << "nomodel"
                                             << "lacks tokenizer/";
        QTest::newRow("folder without merges") << "nomerges"
                                               << "lacks merges.txt";
        QTest::newRow("vocab ids not integers") << "badvocab"
                                                << "must be an integer from 0 to";
        QTest::newRow("merge line with three symbols") << "badmerge"
                                                       << "line 3 is not a merge of two symbols";
        QTest::newRow("unknown pad token") << "badpad"
                                           << "the pad token \"<pad>\" is not in the vocabulary";
    }
    void loadErrors() {
        QFETCH(QString, kind);
        QFETCH(QString, fragment);
        QTemporaryDir tmp;
        const QString model = tmp.path();
        const QString tokDir = tmp.filePath("tokenizer");
        QDir().mkpath(tokDir);
        auto copyHf = [&] {
            QFile::copy(m_dir.filePath("tokenizer/vocab.json"), tokDir + "/vocab.json");
            QFile::copy(m_dir.filePath("tokenizer/merges.txt"), tokDir + "/merges.txt");
        };
        rs::Expected<ClipTokenizer> tok = rs::makeError("not run");
        if (kind == "missing") {
            tok = ClipTokenizer::fromBpeFile(tmp.filePath("nope.txt.gz").toStdString());
        } else if (kind == "short") {
            writeFile(tmp.filePath("v.txt"), "header\ni n\nt h");
            tok = ClipTokenizer::fromBpeFile(tmp.filePath("v.txt").toStdString());
        } else if (kind == "badgz") {
            QFile in(kVocabGz);
            QVERIFY(in.open(QIODevice::ReadOnly));
            writeFile(tmp.filePath("v.txt.gz"), in.read(100000));
            tok = ClipTokenizer::fromBpeFile(tmp.filePath("v.txt.gz").toStdString());
        } else if (kind == "nomodel") {
            tok = ClipTokenizer::fromModelFolder(tmp.filePath("empty").toStdString());
        } else if (kind == "nomerges") {
            QFile::copy(m_dir.filePath("tokenizer/vocab.json"), tokDir + "/vocab.json");
            tok = ClipTokenizer::fromModelFolder(model.toStdString());
        } else if (kind == "badvocab") {
            writeFile(tokDir + "/vocab.json", R"({"a": 0, "b": "1"})");
            writeFile(tokDir + "/merges.txt", "#version: 0.2\na b\n");
            tok = ClipTokenizer::fromModelFolder(model.toStdString());
        } else if (kind == "badmerge") {
            QFile::copy(m_dir.filePath("tokenizer/vocab.json"), tokDir + "/vocab.json");
            writeFile(tokDir + "/merges.txt", "#version: 0.2\ni n\nt h e\n");
            tok = ClipTokenizer::fromModelFolder(model.toStdString());
        } else if (kind == "badpad") {
            copyHf();
            writeFile(tokDir + "/special_tokens_map.json", R"({"pad_token": "<pad>"})");
            tok = ClipTokenizer::fromModelFolder(model.toStdString());
        }
        QVERIFY(!tok.ok());
        QVERIFY2(QString::fromStdString(tok.message()).contains(fragment), tok.message().c_str());
    }

    void sharedBetweenThreads() {
        const QJsonArray cases = fixture();
        std::vector<std::string> prompts;
        for (const auto& c : cases) prompts.push_back(c.toObject()["prompt"].toString().toStdString());
        auto fresh = ClipTokenizer::fromBpeFile(kVocabGz.toStdString());  // empty cache
        QVERIFY(fresh.ok());
        fresh->setTextCleaning(m_tok->textCleaning());
        std::vector<std::vector<Ids>> results(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (const auto& p : prompts) results[size_t(t)].push_back(fresh->tokenize(p).ids);
            });
        for (auto& th : threads) th.join();
        for (size_t i = 0; i < prompts.size(); ++i) {
            const Ids expected = m_tok->tokenize(prompts[i]).ids;
            for (int t = 0; t < 4; ++t) QVERIFY(results[size_t(t)][i] == expected);
        }
    }
};

RS_REGISTER_TEST(TestClipTokenizer)
#include "tst_clip_tokenizer.moc"
