#pragma once
// Ctrl-C during a sweep: SIGINT sets a flag that the session checks between sizes.

namespace fieldbench {

// Installs the SIGINT handler (the program's choice, so app/main.cpp calls it). The first
// SIGINT only sets the flag; the handler then resets itself, so a second one ends the process.
void installInterruptHandler();

// Whether SIGINT arrived since installInterruptHandler (always false without it).
[[nodiscard]] bool interruptRequested();

}  // namespace fieldbench
