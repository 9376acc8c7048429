#pragma once
// Errors are values (GUIDE §4): a function that can fail returns Expected<T>, whose error
// carries a message a user can act on. Standard library only, so every module can use it.
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace rs {

struct Error {
    std::string message;
};

inline Error makeError(std::string message) { return Error{std::move(message)}; }

template <class T>
class [[nodiscard]] Expected {
public:
    Expected(T value) : m_state(std::move(value)) {}
    Expected(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { check(); return std::get<T>(m_state); }
    const T& value() const& { check(); return std::get<T>(m_state); }
    T&& value() && { check(); return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }
    const std::string& message() const { return error().message; }

private:
    void check() const {
        if (!ok()) throw std::logic_error("Expected::value() on an error: " + std::get<Error>(m_state).message);
    }
    std::variant<T, Error> m_state;
};

// Status: success or an error, for operations with no value.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return Status(); }
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const std::string& message() const {
        static const std::string empty;
        return m_error ? m_error->message : empty;
    }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

}  // namespace rs
