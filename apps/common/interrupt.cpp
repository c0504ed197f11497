// The SIGINT flag of interrupt.h.
#include "apps/common/interrupt.h"

#include <csignal>

namespace ripple::apps {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void on_sigint(int) { g_interrupted = 1; }

}  // namespace

void catch_interrupts() { std::signal(SIGINT, on_sigint); }

bool interrupted() { return g_interrupted != 0; }

}  // namespace ripple::apps
