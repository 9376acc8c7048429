// safetensors reader/writer: round trips, the reference byte layout, and malformed files.
// libtorch before any Qt header: Qt's `slots` macro breaks torch's IValue::slots().
#include <torch/torch.h>

#include "diffusion/io/safetensors.h"

#include "test_registry.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using rs::diffusion::SafetensorsFile;
using rs::diffusion::writeSafetensors;

namespace {

// A file from a header text and data bytes; headerLength overrides the 8-byte length field.
QByteArray rawFile(const QByteArray& header, const QByteArray& data, qint64 headerLength = -1) {
    QByteArray out(8, '\0');
    quint64 n = headerLength >= 0 ? quint64(headerLength) : quint64(header.size());
    for (int i = 0; i < 8; ++i) out[i] = char((n >> (8 * i)) & 0xFF);
    return out + header + data;
}

QByteArray floats(std::initializer_list<float> values) {
    QByteArray out;
    for (float v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
    return out;
}

QString writeBytes(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return {};
    f.write(bytes);
    return path;
}

bool bitwiseEqual(const torch::Tensor& a, const torch::Tensor& b) {
    if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes()) return false;
    if (a.numel() == 0) return true;
    auto ca = a.contiguous();
    auto cb = b.contiguous();
    return std::memcmp(ca.data_ptr(), cb.data_ptr(), size_t(ca.numel()) * ca.element_size()) == 0;
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data() {
        QTest::addColumn<int>("dtype");
        QTest::newRow("F32") << int(torch::kFloat32);
        QTest::newRow("F16") << int(torch::kFloat16);
        QTest::newRow("BF16") << int(torch::kBFloat16);
    }
    void roundTrip() {
        QFETCH(int, dtype);
        const auto type = torch::ScalarType(dtype);
        torch::manual_seed(7);
        QTemporaryDir dir;
        const std::string path = dir.filePath("model.safetensors").toStdString();
        std::vector<std::pair<std::string, torch::Tensor>> tensors = {
            {"unet.conv_in.weight", torch::randn({8, 4, 3, 3}).to(type)},
            {"b.scalar", torch::tensor(3.5f).to(type)},
            {"a.transposed", torch::randn({5, 3}).to(type).t()},  // not contiguous
            {"empty", torch::zeros({0, 4}).to(type)},
            {"\xC3\xA9l\xC3\xA8ve", torch::arange(7).to(type)},  // UTF-8 name
        };
        QVERIFY(writeSafetensors(path, tensors, {{"format", "pt"}, {"note", "round trip"}}).ok());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary file left

        auto file = SafetensorsFile::open(path);
        QVERIFY2(file.ok(), file.ok() ? "" : file.message().c_str());
        QCOMPARE(file->names(), (std::vector<std::string>{"a.transposed", "b.scalar", "empty", "unet.conv_in.weight",
                                                          "\xC3\xA9l\xC3\xA8ve"}));
        QCOMPARE(file->metadata().at("format"), std::string("pt"));
        QCOMPARE(file->metadata().at("note"), std::string("round trip"));
        for (const auto& [name, original] : tensors) {
            const auto* e = file->entry(name);
            QVERIFY(e);
            QCOMPARE(e->shape, original.sizes().vec());
            QCOMPARE(int(rs::diffusion::toScalarType(e->dtype)), dtype);
            auto same = file->tensor(name, type);
            QVERIFY(same.ok());
            QVERIFY2(bitwiseEqual(*same, original), name.c_str());
            auto asFloat = file->tensor(name, torch::kFloat32);
            QVERIFY(asFloat.ok());
            QVERIFY(bitwiseEqual(*asFloat, original.to(torch::kFloat32)));
            QVERIFY(asFloat->device().is_cpu());
        }
        // A copy: the tensor outlives the mapping.
        auto kept = file->tensor("unet.conv_in.weight", type);
        QVERIFY(kept.ok());
        { SafetensorsFile moved = std::move(*file); }
        QVERIFY(bitwiseEqual(*kept, tensors[0].second));
    }

    // Byte for byte what the reference implementation (safetensors.torch.save_file) writes.
    void referenceLayout() {
        QTemporaryDir dir;
        const QString path = dir.filePath("t.safetensors");
        QVERIFY(
            writeSafetensors(path.toStdString(), {{"b", torch::tensor({1.0f, 2.0f})}, {"a", torch::tensor({-1.5f})}})
                .ok());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray header =
            R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})";
        QByteArray padded = header;
        padded.append((8 - padded.size() % 8) % 8, ' ');
        QCOMPARE(f.readAll(), rawFile(padded, floats({-1.5f, 1.0f, 2.0f})));
        QCOMPARE(padded.size() % 8, 0);

        QVERIFY(
            writeSafetensors(path.toStdString(), {{"x", torch::zeros({1}, torch::kFloat16)}}, {{"format", "pt"}}).ok());
        QFile again(path);  // a new file was renamed into place: open it anew
        QVERIFY(again.open(QIODevice::ReadOnly));
        const QByteArray withMeta = again.readAll();
        QVERIFY(withMeta.mid(8).startsWith(
            R"({"__metadata__":{"format":"pt"},"x":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}})"));
    }

    void misalignedDataIsCopiedCorrectly() {
        QTemporaryDir dir;
        // Two bytes of padding before the float data: the float pointer is not 4-byte aligned.
        const QByteArray header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[2,10]}})";
        const QString path =
            writeBytes(dir, "m.safetensors", rawFile(header, QByteArray(2, '\0') + floats({0.25f, -8.0f})));
        auto file = SafetensorsFile::open(path.toStdString());
        QVERIFY2(file.ok(), file.ok() ? "" : file.message().c_str());
        auto t = file->tensor("w", torch::kFloat32);
        QVERIFY(t.ok());
        QCOMPARE(t->data_ptr<float>()[0], 0.25f);
        QCOMPARE(t->data_ptr<float>()[1], -8.0f);
        auto h = file->tensor("w", torch::kFloat16);
        QVERIFY(h.ok());
        QVERIFY(h->scalar_type() == torch::kFloat16);
        QCOMPARE(h->to(torch::kFloat32).data_ptr<float>()[1], -8.0f);
    }

    void unknownTensorNameNamesFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("w.safetensors").toStdString();
        QVERIFY(writeSafetensors(path, {{"w", torch::ones({2})}}).ok());
        auto file = SafetensorsFile::open(path);
        QVERIFY(file.ok());
        QVERIFY(!file->contains("nope"));
        auto t = file->tensor("nope");
        QVERIFY(!t.ok());
        QCOMPARE(QString::fromStdString(t.message()), QString::fromStdString(path + ": no tensor named 'nope'"));
    }

    void malformedFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray ok = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        const QByteArray data = floats({1, 2});
        const QByteArray good = rawFile(ok, data);
        QTest::newRow("empty file") << QByteArray() << "0 bytes is too short for a safetensors file (truncated?)";
        QTest::newRow("truncated length") << good.left(5) << "5 bytes is too short";
        QTest::newRow("truncated data")
            << good.left(good.size() - 3)
            << "tensor 'w': data_offsets [0, 8] go beyond the data section of 5 bytes (truncated file?)";
        QTest::newRow("header length beyond file")
            << rawFile(ok, data, ok.size() + data.size() + 1)
            << QString("header length %1 goes beyond the end of the %2-byte file (truncated?)")
                   .arg(ok.size() + data.size() + 1)
                   .arg(good.size());
        QTest::newRow("header length over 100 MB")
            << rawFile(ok, data, 200'000'000) << "header length 200000000 is over the 100 MB limit";
        QTest::newRow("overlapping offsets")
            << rawFile(
                   R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                   floats({1, 2, 3}))
            << "tensors 'a' and 'b' overlap (data_offsets [0, 8] and [4, 12])";
        QTest::newRow("offsets out of bounds")
            << rawFile(R"({"w":{"dtype":"F32","shape":[200],"data_offsets":[0,800]}})", data)
            << "tensor 'w': data_offsets [0, 800] go beyond the data section of 8 bytes";
        QTest::newRow("end before begin") << rawFile(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", data)
                                          << "tensor 'w': data_offsets end is before begin";
        QTest::newRow("unknown dtype") << rawFile(R"({"w":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}})", data)
                                       << "tensor 'w': unknown dtype 'F128'";
        for (const char* dt : {"F64", "I64", "U8", "BOOL", "F8_E4M3", "F8_E5M2", "I32"}) {
            QTest::newRow(qPrintable(QString("refused dtype %1").arg(dt)))
                << rawFile(QByteArray(R"({"w":{"dtype":"DT","shape":[2],"data_offsets":[0,8]}})").replace("DT", dt),
                           data)
                << QString("tensor 'w': dtype %1 is not supported (ReplicaScope loads F32, F16 and BF16 weights)")
                       .arg(dt);
        }
        QTest::newRow("huge shape overflows")
            << rawFile(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})", data)
            << "tensor 'w': shape [4294967296,4294967296,16] has too many elements";
        QTest::newRow("huge shape times dtype overflows")
            << rawFile(R"({"w":{"dtype":"F32","shape":[4611686018427387904,2],"data_offsets":[0,8]}})", data)
            << "tensor 'w': shape [4611686018427387904,2] has too many elements";
        QTest::newRow("negative dimension")
            << rawFile(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", data)
            << "tensor 'w': shape dimensions must be non-negative integers, found -2";
        QTest::newRow("size mismatch") << rawFile(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data)
                                       << "tensor 'w': 8 bytes of data but F32 [3] needs 12";
        QTest::newRow("non-object header") << rawFile("[1, 2]  ", data) << "the header is not a JSON object";
        QTest::newRow("bad JSON") << rawFile(R"({"w": {"dtype": "F32",)", data) << "header: invalid JSON:";
        QTest::newRow("missing data_offsets")
            << rawFile(R"({"w":{"dtype":"F32","shape":[2]}})", data) << "tensor 'w': lacks data_offsets";
        QTest::newRow("offsets not a pair") << rawFile(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", data)
                                            << "tensor 'w': data_offsets must be [begin, end]";
        QTest::newRow("entry not an object") << rawFile(R"({"w":[1]})", data) << "tensor 'w': expected an object";
        QTest::newRow("metadata not strings")
            << rawFile(R"({"__metadata__":{"format":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", data)
            << "__metadata__ must map strings to strings, but 'format' is a number";
        QTest::newRow("duplicate tensor")
            << rawFile(
                   R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                   data)
            << "duplicate key \"w\"";
    }
    void malformedFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = writeBytes(dir, "bad.safetensors", bytes);
        auto file = SafetensorsFile::open(path.toStdString());
        QVERIFY(!file.ok());
        const QString msg = QString::fromStdString(file.message());
        QVERIFY2(msg.startsWith(path + ": "), qPrintable(msg));
        QVERIFY2(msg.contains(expected), qPrintable(msg));
    }

    void missingFile() {
        auto file = SafetensorsFile::open("/nonexistent/unet.safetensors");
        QVERIFY(!file.ok());
        QVERIFY(file.message().find("/nonexistent/unet.safetensors: cannot open") == 0);
    }

    void writerRefusals_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("int64") << "int64"
                               << "tensor 'ids' has dtype Long; only float32, float16 and bfloat16 are written";
        QTest::newRow("float64") << "float64"
                                 << "tensor 'w' has dtype Double";
        QTest::newRow("duplicate") << "duplicate"
                                   << "tensor 'w' is given twice";
        QTest::newRow("metadata name") << "metaname"
                                       << "'__metadata__' cannot be a tensor name";
        QTest::newRow("undefined") << "undefined"
                                   << "tensor 'w' is undefined";
        QTest::newRow("missing folder") << "folder"
                                        << "cannot create a temporary file";
    }
    void writerRefusals() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        std::string path = dir.filePath("out.safetensors").toStdString();
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        if (kind == "int64")
            tensors = {{"ids", torch::arange(3)}};
        else if (kind == "float64")
            tensors = {{"w", torch::ones({2}, torch::kFloat64)}};
        else if (kind == "duplicate")
            tensors = {{"w", torch::ones({2})}, {"w", torch::ones({2})}};
        else if (kind == "metaname")
            tensors = {{"__metadata__", torch::ones({2})}};
        else if (kind == "undefined")
            tensors = {{"w", torch::Tensor()}};
        else {
            tensors = {{"w", torch::ones({2})}};
            path = dir.filePath("no/such/folder/out.safetensors").toStdString();
        }
        auto s = writeSafetensors(path, tensors);
        QVERIFY(!s.ok());
        QVERIFY2(QString::fromStdString(s.message()).contains(expected), s.message().c_str());
        QVERIFY(s.message().find(path) == 0);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);  // nothing half-written
    }
};

RS_REGISTER_TEST(TestSafetensors)
#include "tst_safetensors.moc"
