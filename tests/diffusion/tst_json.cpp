#include "diffusion/io/json.h"

#include "test_registry.h"

#include <QtTest>

#include <cmath>

using rs::diffusion::Json;
using rs::diffusion::JsonConfigReader;
using rs::diffusion::JsonLimits;
using rs::diffusion::parseJson;

class TestJson : public QObject {
    Q_OBJECT
private slots:
    void parsesValidDocuments_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("compact");
        QTest::newRow("null") << QByteArray(" null ") << QByteArray("null");
        QTest::newRow("bools") << QByteArray("[true,false]") << QByteArray("[true,false]");
        QTest::newRow("integers") << QByteArray("[0, -0, 42, -7, 9223372036854775807, -9223372036854775808]")
                                  << QByteArray("[0,0,42,-7,9223372036854775807,-9223372036854775808]");
        QTest::newRow("floats") << QByteArray("[0.5, -1.25e2, 1E-3, 0.18215, 1.0]")
                                << QByteArray("[0.5,-125.0,0.001,0.18215,1.0]");
        QTest::newRow("beyond int64 is a double")
            << QByteArray("18446744073709551616") << QByteArray("1.8446744073709552e+19");
        // Plain literals here: moc's tokenizer misreads \" inside raw strings.
        QTest::newRow("escapes") << QByteArray("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"]")
                                 << QByteArray("[\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\"]");
        QTest::newRow("bmp escape") << QByteArray(R"("\u00e9\u4e2D")") << QByteArray("\"\xC3\xA9\xE4\xB8\xAD\"");
        QTest::newRow("surrogate pair") << QByteArray(R"("\ud83d\ude00")") << QByteArray("\"\xF0\x9F\x98\x80\"");
        QTest::newRow("raw utf8 kept") << QByteArray("\"caf\xC3\xA9\"") << QByteArray("\"caf\xC3\xA9\"");
        QTest::newRow("control escaped on output") << QByteArray(R"("\u0001")") << QByteArray(R"("\u0001")");
        QTest::newRow("nested, order kept") << QByteArray(R"({"z": [1, {"a": null}], "b": {}, "a": []})")
                                            << QByteArray(R"({"z":[1,{"a":null}],"b":{},"a":[]})");
    }
    void parsesValidDocuments() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, compact);
        auto j = parseJson(text.toStdString());
        QVERIFY2(j.ok(), j.ok() ? "" : j.message().c_str());
        QCOMPARE(QByteArray::fromStdString(j->dump()), compact);
        // The compact form reads back to an equal value.
        auto again = parseJson(j->dump());
        QVERIFY(again.ok());
        QVERIFY(*again == *j);
    }

    void rejectsInvalidDocuments_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("fragment");
        QTest::addColumn<int>("offset");
        QTest::newRow("empty") << QByteArray("") << "expected a value" << 0;
        QTest::newRow("trailing comma array") << QByteArray("[1,]") << "unexpected character ']'" << 3;
        QTest::newRow("trailing comma object") << QByteArray(R"({"a":1,})") << "expected a string key" << 7;
        QTest::newRow("two values") << QByteArray("1 2") << "after the JSON value" << 2;
        QTest::newRow("single quotes") << QByteArray("['a']") << "unexpected character" << 1;
        QTest::newRow("NaN") << QByteArray("NaN") << "unexpected character 'N'" << 0;
        QTest::newRow("leading zero") << QByteArray("[01]") << "leading zeros" << 1;
        QTest::newRow("bare dot") << QByteArray("1.") << "after the decimal point" << 2;
        QTest::newRow("plus sign") << QByteArray("+1") << "unexpected character '+'" << 0;
        QTest::newRow("huge exponent") << QByteArray("1e999") << "out of range" << 0;
        QTest::newRow("unterminated string") << QByteArray("\"abc") << "end of input inside string" << 4;
        QTest::newRow("raw newline in string") << QByteArray("\"a\nb\"") << "control character" << 2;
        QTest::newRow("bad escape") << QByteArray(R"("\x41")") << "invalid escape" << 1;
        QTest::newRow("short unicode escape") << QByteArray(R"("\u12zz")") << "invalid hex digit" << 5;
        QTest::newRow("lone high surrogate") << QByteArray(R"("\ud83d x")") << "low surrogate" << 1;
        QTest::newRow("lone low surrogate") << QByteArray(R"("\ude00")") << "lone low surrogate" << 1;
        QTest::newRow("invalid utf8") << QByteArray("\"\xC3(\"") << "invalid UTF-8" << 1;
        QTest::newRow("overlong utf8") << QByteArray("\"\xC0\xAF\"") << "invalid UTF-8" << 1;
        QTest::newRow("encoded surrogate") << QByteArray("\"\xED\xA0\x80\"") << "invalid UTF-8" << 1;
        QTest::newRow("duplicate key") << QByteArray(R"({"a":1,"a":2})") << "duplicate key \"a\"" << 7;
        QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << "expected ':'" << 5;
        QTest::newRow("unclosed array") << QByteArray("[1, 2") << "end of input inside array" << 5;
        QTest::newRow("comment") << QByteArray("// c\n1") << "unexpected character '/'" << 0;
        QTest::newRow("truncated word") << QByteArray("tru") << "unexpected character 't'" << 0;
    }
    void rejectsInvalidDocuments() {
        QFETCH(QByteArray, text);
        QFETCH(QString, fragment);
        QFETCH(int, offset);
        auto j = parseJson(std::string_view(text.constData(), size_t(text.size())));
        QVERIFY(!j.ok());
        const QString msg = QString::fromStdString(j.message());
        QVERIFY2(msg.contains(fragment), qPrintable(msg));
        QVERIFY2(msg.endsWith(QString("at byte %1").arg(offset)), qPrintable(msg));
    }

    void enforcesLimits() {
        JsonLimits limits;
        limits.maxDepth = 4;
        QVERIFY(parseJson("[[[[1]]]]", limits).ok());
        auto deep = parseJson("[[[[[1]]]]]", limits);
        QVERIFY(!deep.ok());
        QVERIFY(deep.message().find("deeper than 4") != std::string::npos);
        // The default depth limit stops a hostile document long before the stack would.
        const std::string bomb = std::string(100000, '[') + std::string(100000, ']');
        QVERIFY(!parseJson(bomb).ok());
        limits.maxBytes = 8;
        auto big = parseJson("[1,2,3,4,5]", limits);
        QVERIFY(!big.ok());
        QVERIFY(big.message().find("over the limit") != std::string::npos);
    }

    void integersAndDoublesAreDistinguished() {
        auto j = parseJson(R"({"i": 3, "f": 3.0, "e": 3e0, "big": 12345678901234567})");
        QVERIFY(j.ok());
        QVERIFY(j->find("i")->isInteger());
        QVERIFY(!j->find("f")->isInteger());
        QVERIFY(!j->find("e")->isInteger());
        QCOMPARE(j->find("f")->asDouble(), 3.0);
        QCOMPARE(qint64(j->find("big")->asInt()), qint64(12345678901234567LL));  // exact, beyond 2^53
    }

    void builderAndPrettyPrint() {
        Json root = Json::object();
        root.set("name", "unet");
        root.set("channels", Json(Json::Array{Json(32), Json(64)}));
        root.set("scale", 0.18215);
        root.set("name", "vae");  // replaces
        Json list;
        list.push(true);
        list.push(nullptr);
        root.set("list", list);
        QCOMPARE(root.size(), size_t(4));
        QCOMPARE(QString::fromStdString(root.dump()),
                 QString(R"({"name":"vae","channels":[32,64],"scale":0.18215,"list":[true,null]})"));
        QCOMPARE(QString::fromStdString(root.dump(2)),
                 QString("{\n  \"name\": \"vae\",\n  \"channels\": [\n    32,\n    64\n  ],\n  \"scale\": 0.18215,\n"
                         "  \"list\": [\n    true,\n    null\n  ]\n}"));
        QCOMPARE(QString::fromStdString(Json(std::nan("")).dump()), QString("null"));
        const std::vector<int> three(3);
        QVERIFY(Json(three.size()).isInteger());
        QCOMPARE(QString::fromStdString(Json(three.size()).dump()), QString("3"));
        QCOMPARE(QString::fromStdString(Json(2.0).dump()), QString("2.0"));  // stays a float on the way back
    }

    void typedReadsNameFileAndKey_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "nope"
                                 << "int"
                                 << "unet/config.json: 'nope' is missing";
        QTest::newRow("string for int") << "act_fn"
                                        << "int"
                                        << "unet/config.json: 'act_fn' must be an integer, not a string";
        QTest::newRow("float for int")
            << "scale"
            << "int"
            << "unet/config.json: 'scale' must be an integer, not the non-integer number 0.5";
        QTest::newRow("mixed array")
            << "block_out_channels"
            << "intArray"
            << "unet/config.json: 'block_out_channels' must be an array of integers (element 1 is a string)";
        QTest::newRow("scalar for array") << "layers"
                                          << "intArray"
                                          << "unet/config.json: 'layers' must be an array of integers, not a number";
        QTest::newRow("int for string") << "layers"
                                        << "string"
                                        << "unet/config.json: 'layers' must be a string, not a number";
        QTest::newRow("string for bool") << "act_fn"
                                         << "bool"
                                         << "unet/config.json: 'act_fn' must be true or false, not a string";
    }
    void typedReadsNameFileAndKey() {
        QFETCH(QString, key);
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        auto cfg = parseJson(R"({"act_fn": "silu", "scale": 0.5, "block_out_channels": [32, "64"], "layers": 2})");
        QVERIFY(cfg.ok());
        const std::string k = key.toStdString();
        std::string msg;
        if (kind == "int")
            msg = rs::diffusion::jsonInt(*cfg, k, "unet/config.json").message();
        else if (kind == "intArray")
            msg = rs::diffusion::jsonIntArray(*cfg, k, "unet/config.json").message();
        else if (kind == "string")
            msg = rs::diffusion::jsonString(*cfg, k, "unet/config.json").message();
        else
            msg = rs::diffusion::jsonBool(*cfg, k, "unet/config.json").message();
        QCOMPARE(QString::fromStdString(msg), expected);
    }

    void configReaderCollectsFirstErrorAndUnreadKeys() {
        auto cfg = parseJson(R"({"_class_name": "UNet2DConditionModel", "in_channels": 4, "cross_attention_dim": null,
                                 "block_out_channels": [32, 64], "act_fn": "silu", "mystery": 1})");
        QVERIFY(cfg.ok());
        JsonConfigReader r(*cfg, "unet/config.json");
        QCOMPARE(qint64(r.integer("in_channels")), qint64(4));
        QCOMPARE(qint64(r.integer("cross_attention_dim", 768)), qint64(768));  // null -> fallback
        QCOMPARE(qint64(r.integer("sample_size", 64)), qint64(64));            // missing -> fallback
        QCOMPARE(r.intArray("block_out_channels"), (std::vector<std::int64_t>{32, 64}));
        QCOMPARE(r.string("act_fn"), std::string("silu"));
        QVERIFY(r.ok());
        QCOMPARE(r.unreadKeys(), std::vector<std::string>{"mystery"});
        QCOMPARE(qint64(r.integer("act_fn")), qint64(0));
        QVERIFY(!r.ok());
        r.integer("missing_key");  // a second error does not replace the first
        QCOMPARE(QString::fromStdString(r.status().message()),
                 QString("unet/config.json: 'act_fn' must be an integer, not a string"));

        auto notObject = parseJson("[1]");
        JsonConfigReader bad(*notObject, "vae/config.json");
        QVERIFY(!bad.ok());
        QVERIFY(bad.status().message().find("vae/config.json: expected a JSON object") == 0);
    }

    void readFileNamesPathAndSkipsBom() {
        QTemporaryDir dir;
        const QString path = dir.filePath("config.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\xEF\xBB\xBF{\"a\": [1, 2}");
        f.close();
        auto j = rs::diffusion::readJsonFile(path.toStdString());
        QVERIFY(!j.ok());
        QVERIFY2(QString::fromStdString(j.message()).startsWith(path + ": invalid JSON: expected ',' or ']'"),
                 j.message().c_str());
        auto missing = rs::diffusion::readJsonFile(dir.filePath("nope.json").toStdString());
        QVERIFY(!missing.ok());
        QVERIFY(missing.message().find("nope.json: cannot open") != std::string::npos);
    }
};

RS_REGISTER_TEST(TestJson)
#include "tst_json.moc"
