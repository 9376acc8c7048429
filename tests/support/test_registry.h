#pragma once
// One test executable per module, many test classes: each test .cpp registers its QObject
// class with RS_REGISTER_TEST(Class); tests/support/test_main.cpp runs them all in order.
// Run one class with: tst_<module> --class ClassName [Qt Test options]
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace rs::test {

struct Registration {
    const char* name;
    std::function<std::unique_ptr<QObject>()> make;
};

std::vector<Registration>& registry();

template <class T>
struct Registrar {
    explicit Registrar(const char* name) {
        registry().push_back({name, [] { return std::unique_ptr<QObject>(new T); }});
    }
};

}  // namespace rs::test

#define RS_REGISTER_TEST(Class) static ::rs::test::Registrar<Class> rsTestRegistrar_##Class(#Class);
