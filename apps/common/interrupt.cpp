// The SIGINT flag of interrupt.h.
#include "apps/common/interrupt.h"

#include <csignal>

namespace ripple::apps {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;  // the signal's number, 0 before one arrives
void on_signal(int sig) { g_interrupted = sig; }

}  // namespace

void catch_interrupts() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupted() { return g_interrupted != 0; }

int interrupted_exit_code() { return g_interrupted ? 128 + g_interrupted : kInterruptedExitCode; }

}  // namespace ripple::apps
