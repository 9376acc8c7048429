#pragma once
// Ctrl-C (and, where asked, SIGTERM) for long subcommands: the signal only sets a flag that the
// work polls between steps, so it stops cleanly (checkpoint, cancelled run, finished batch).
#include <atomic>
#include <csignal>

namespace rs::cli {

inline std::atomic<bool>& interruptFlag() {
    static std::atomic<bool> flag{false};
    return flag;
}

inline bool interrupted() { return interruptFlag().load(); }

extern "C" inline void onInterruptSignal(int) { interruptFlag() = true; }

// Catches the signals for its lifetime and restores the previous handlers afterwards.
class InterruptGuard {
public:
    explicit InterruptGuard(bool alsoTerm = true)
        : m_previousInt(std::signal(SIGINT, onInterruptSignal)),
          m_previousTerm(alsoTerm ? std::signal(SIGTERM, onInterruptSignal) : SIG_ERR) {}
    ~InterruptGuard() {
        std::signal(SIGINT, m_previousInt);
        if (m_previousTerm != SIG_ERR) std::signal(SIGTERM, m_previousTerm);
    }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    using Handler = void (*)(int);
    Handler m_previousInt;
    Handler m_previousTerm;
};

}  // namespace rs::cli
