// Ctrl-C for training loops: after catch_interrupts(), SIGINT (Ctrl-C) and SIGTERM (kill, a job
// scheduler, `timeout`) no longer kill the process but set a flag the loop polls, so it can save
// a checkpoint once and then exit with interrupted_exit_code(): 128 + the signal, as a shell
// reports a process killed by it (130 for SIGINT, 143 for SIGTERM).
//
//   apps::catch_interrupts();
//   for (...) {
//     train_step();
//     if (apps::interrupted()) { save(); return apps::interrupted_exit_code(); }
//   }
#pragma once

namespace ripple::apps {

constexpr int kInterruptedExitCode = 130;

// Installs the SIGINT and SIGTERM handlers (again is harmless).
void catch_interrupts();
// True once SIGINT or SIGTERM has arrived after catch_interrupts().
bool interrupted();
// 128 + the signal that arrived (kInterruptedExitCode if none did).
int interrupted_exit_code();

}  // namespace ripple::apps
