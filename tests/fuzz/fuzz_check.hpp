#pragma once
// What every fuzz target asserts: check() traps (a libFuzzer crash) when a property fails;
// expectParsedOrUsage runs a parse that may only succeed or throw Error(kUsage).
#include "fieldbench/error.hpp"

namespace fieldbench::fuzz {

inline void check(bool ok) {
  if (!ok) __builtin_trap();
}

template <typename F>
void expectParsedOrUsage(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    check(e.code() == ExitCode::kUsage);
  }
}

}  // namespace fieldbench::fuzz
