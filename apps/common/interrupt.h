// Ctrl-C for training loops: after catch_interrupts(), SIGINT no longer kills the process but
// sets a flag the loop polls, so it can save a checkpoint first and then exit with
// kInterruptedExitCode (130, as a shell reports a process killed by SIGINT).
//
//   apps::catch_interrupts();
//   for (...) {
//     train_step();
//     if (apps::interrupted()) { save(); return apps::kInterruptedExitCode; }
//   }
#pragma once

namespace ripple::apps {

constexpr int kInterruptedExitCode = 130;

// Installs the SIGINT handler (again is harmless).
void catch_interrupts();
// True once SIGINT has arrived after catch_interrupts().
bool interrupted();

}  // namespace ripple::apps
