#pragma once
// The fieldbench executable from a test (FIELDBENCH_EXE, set by tests/CMakeLists.txt): a
// fixture that runs it in the test's own directory, the usage-error check, and raw element files.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fieldbench/error.hpp"
#include "program.hpp"

#ifndef FIELDBENCH_EXE
#error "FIELDBENCH_EXE must name the fieldbench executable"
#endif

namespace fieldbench::testing {

class FieldbenchCliTest : public TempDirTest {
 protected:
  Result run(const std::vector<std::string>& args) const { return runProgram(FIELDBENCH_EXE, args, dir_); }

  // Exit 2, one line on stderr containing `bad`, no -o file.
  void expectUsageError(std::vector<std::string> args, const std::string& bad) const {
    const fs::path report = dir_ / "report.out";
    args.insert(args.end(), {"-o", report.string()});
    std::string what = "fieldbench";
    for (const auto& a : args) what += " " + a;
    SCOPED_TRACE(what);
    const Result r = run(args);
    EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << r.err << r.out;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(report));
  }
};

// Raw little-endian u64 words, as --a-file and --result-file hold elements.
inline void writeWords(const fs::path& path, const std::vector<std::uint64_t>& words) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(words.data()), static_cast<std::streamsize>(words.size() * 8));
}

inline std::string bytesOf(const std::vector<std::uint64_t>& words) {
  return {reinterpret_cast<const char*>(words.data()), words.size() * 8};
}

}  // namespace fieldbench::testing
