#pragma once
// Errors are values (GUIDE §4): a function that can fail returns Expected<T>, whose error
// carries a message a user can act on, whatever the front end. Standard library only, so every
// module can use it.
//
// An error also has a kind, which front ends map to their own behaviour (the CLI's exit status,
// the GUI's wording), and optionally the subject it is about (the name of the offending input,
// e.g. "descriptor", "dtype", "output"), which the CLI maps to the flag that sets it. Messages
// never name a front end's controls: no "--flag", no "button".
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace rs {

enum class ErrorKind {
    Internal,   // a bug or an unexpected library failure (also the kind of unclassified errors)
    BadInput,   // the user's input (a file, a value, a prompt) is wrong; fixing it fixes the error
    NotFound,   // something named does not exist (a file, a case record, a reference set)
    Io,         // reading or writing failed (disk full, permissions, a locked case)
    Cancelled,  // the user asked to stop
};

struct Error {
    std::string message;
    ErrorKind kind = ErrorKind::Internal;
    std::string subject;  // the input the error is about, "" when none in particular
};

inline Error makeError(std::string message, ErrorKind kind = ErrorKind::Internal, std::string subject = {}) {
    return Error{std::move(message), kind, std::move(subject)};
}
inline Error badInput(std::string message, std::string subject = {}) {
    return makeError(std::move(message), ErrorKind::BadInput, std::move(subject));
}
inline Error notFound(std::string message, std::string subject = {}) {
    return makeError(std::move(message), ErrorKind::NotFound, std::move(subject));
}
inline Error ioError(std::string message, std::string subject = {}) {
    return makeError(std::move(message), ErrorKind::Io, std::move(subject));
}
// The same error with another message, keeping its kind and subject (for adding context).
inline Error withContext(const Error& error, std::string message) {
    return Error{std::move(message), error.kind, error.subject};
}


template <class T>
class [[nodiscard]] Expected {
public:
    Expected(T value) : m_state(std::move(value)) {}
    Expected(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & {
        check();
        return std::get<T>(m_state);
    }
    const T& value() const& {
        check();
        return std::get<T>(m_state);
    }
    T&& value() && {
        check();
        return std::get<T>(std::move(m_state));
    }
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
