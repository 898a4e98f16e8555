#include "fieldbench/interrupt.hpp"

#include <csignal>

namespace fieldbench {
namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void onInterrupt(int /*signal*/) { interrupted = 1; }  // async-signal-safe: one store

}  // namespace

void installInterruptHandler() {
  struct sigaction action {};
  action.sa_handler = &onInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = static_cast<int>(SA_RESETHAND);  // a second Ctrl-C gets the default action: the process ends
  sigaction(SIGINT, &action, nullptr);
}

bool interruptRequested() { return interrupted != 0; }

}  // namespace fieldbench
