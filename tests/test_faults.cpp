// The executable under device faults (FIELDBENCH_FAULT, docs/reliability.md), --timeout,
// failed report writes and Ctrl-C: one clear line, the documented exit code, and never a
// partial report file. Runs with the validation layer on, like every test.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fieldbench/error.hpp"
#include "cli_fixture.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using testing::Result;
using testing::readFile;
using testing::runProgram;

constexpr int kRuntime = static_cast<int>(ExitCode::kRuntime);

class FaultTest : public testing::FieldbenchCliTest {
 protected:
  // fieldbench `args` with FIELDBENCH_FAULT=`fault` (empty: unset) in its environment.
  Result run(const std::string& fault, const std::vector<std::string>& args) {
    if (fault.empty()) {
      ::unsetenv("FIELDBENCH_FAULT");
    } else {
      ::setenv("FIELDBENCH_FAULT", fault.c_str(), 1);
    }
    Result r = FieldbenchCliTest::run(args);
    ::unsetenv("FIELDBENCH_FAULT");
    return r;
  }

  // Files the run left in the test directory besides its captured stdout and stderr.
  std::set<std::string> leftovers() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) {
      const auto name = e.path().filename().string();
      if (name != "stdout.txt" && name != "stderr.txt") names.insert(name);
    }
    return names;
  }

  fs::path report() const { return dir_ / "report.json"; }
  std::vector<std::string> smallRun() const {
    return {"--elements", "1K", "--iterations", "1", "--warmup", "0", "--format", "json", "-o", report().string()};
  }
};

struct StepFault {
  const char* step;
  const char* result;
  const char* doing;  // what the message must say was being done
  const char* cause;  // and why it failed
};

class EveryStep : public FaultTest, public ::testing::WithParamInterface<StepFault> {};

// Each step and each error: exit 4, one line naming the step and the error, no report.
TEST_P(EveryStep, IsExitCode4NamingTheStepWithNoReport) {
  const auto& p = GetParam();
  const Result r = run(std::string(p.step) + ":" + p.result, smallRun());
  EXPECT_EQ(r.exitCode, kRuntime) << r.err;
  ASSERT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find(p.doing), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(p.cause), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_TRUE(leftovers().empty()) << "left behind: " << ::testing::PrintToString(leftovers());
}

std::vector<StepFault> allStepFaults() {
  const std::vector<std::pair<const char*, const char*>> steps = {
      {"device", "creating the device"},
      {"allocate", "allocating buffers and recording commands for 1024 elements"},
      {"submit", "submitting the poison fill (1024 elements)"},
      {"wait", "waiting for the poison fill (1024 elements)"}};
  const std::vector<std::pair<const char*, const char*>> results = {
      {"device_lost", "the device was lost"},
      {"out_of_device_memory", "out of device memory"},
      {"out_of_host_memory", "out of host memory"}};
  std::vector<StepFault> all;
  for (const auto& [step, doing] : steps) {
    for (const auto& [result, cause] : results) all.push_back({step, result, doing, cause});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Faults, EveryStep, ::testing::ValuesIn(allStepFaults()),
                         [](const auto& p) { return std::string(p.param.step) + "_" + p.param.result; });

TEST_F(FaultTest, WaitPastTheTimeoutNamesTheTimeout) {
  auto args = smallRun();
  args.insert(args.end(), {"--timeout", "7.5"});
  const Result r = run("wait:timeout", args);
  EXPECT_EQ(r.exitCode, kRuntime) << r.err;
  ASSERT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("waiting for the poison fill (1024 elements): the GPU did not finish within 7.5 s (--timeout)"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(FaultTest, DefaultTimeoutIsSixtySeconds) {
  const Result r = run("wait:timeout", smallRun());
  EXPECT_EQ(r.exitCode, kRuntime) << r.err;
  EXPECT_NE(r.err.find("within 60 s"), std::string::npos) << r.err;
}

// The report is written to a temporary file and renamed: a failure in between leaves nothing.
TEST_F(FaultTest, FailedReportWriteLeavesNoFile) {
  const Result r = run("write:io", smallRun());
  EXPECT_EQ(r.exitCode, kRuntime) << r.err;
  ASSERT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("cannot write '" + report().string() + "'"), std::string::npos) << r.err;
  EXPECT_TRUE(leftovers().empty()) << "left behind: " << ::testing::PrintToString(leftovers());
}

TEST_F(FaultTest, FailedWriteKeepsAnEarlierReportWhole) {
  ASSERT_EQ(run("", smallRun()).exitCode, 0);
  const std::string before = readFile(report());
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(run("write:io", smallRun()).exitCode, kRuntime);
  EXPECT_EQ(readFile(report()), before);
  EXPECT_EQ(leftovers(), std::set<std::string>{"report.json"});
}

TEST_F(FaultTest, MalformedFaultIsAUsageError) {
  for (const char* bad : {"nowhere:device_lost", "submit", "submit:timeout", "write:device_lost", "wait:"}) {
    const Result r = run(bad, smallRun());
    EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << bad << ": " << r.err;
    ASSERT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("FIELDBENCH_FAULT"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
    EXPECT_TRUE(leftovers().empty());
  }
}

TEST_F(FaultTest, BadTimeoutIsAUsageError) {
  for (const char* bad : {"0", "-1", "abc", "3601", "nan"}) {
    auto args = smallRun();
    args.insert(args.end(), {"--timeout", bad});
    const Result r = run("", args);
    EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << bad << ": " << r.err;
    ASSERT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("--timeout"), std::string::npos) << r.err;
    EXPECT_TRUE(leftovers().empty());
  }
}

// Ctrl-C in the middle of a sweep: the child stops after the size it is running, exits
// 130, and its -o file is whole JSON holding only verified, finished sizes, marked incomplete.
TEST_F(FaultTest, InterruptKeepsTheFinishedSizesMarkedIncomplete) {
  const std::vector<std::string> sizes = {"1K", "2K", "4K", "8K", "16K", "32K", "64K"};
  std::string list;
  for (const auto& s : sizes) list += (list.empty() ? "" : ",") + s;
  // --min-time: each size runs for at least a second, so the sweep outlasts the signal.
  std::vector<std::string> args = {FIELDBENCH_EXE, "--elements", list, "--min-time", "1", "--format", "json",
                                   "-o", report().string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string err = (dir_ / "stderr.txt").string();
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  const std::string stderrText = readFile(err);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), static_cast<int>(ExitCode::kInterrupted)) << stderrText;
  EXPECT_NE(stderrText.find("interrupted"), std::string::npos) << stderrText;

  const auto json = nlohmann::json::parse(readFile(report()));  // whole, valid JSON
  EXPECT_EQ(json["context"]["incomplete"], true);
  EXPECT_EQ(json["context"]["sizes_requested"], sizes.size());
  EXPECT_EQ(json["context"]["all_verified"], true);
  std::set<std::uint64_t> finished;
  for (const auto& b : json["benchmarks"]) {
    EXPECT_EQ(b["verified"], true);
    finished.insert(b["elements"].get<std::uint64_t>());
  }
  EXPECT_GE(finished.size(), 1u) << "no size finished before the signal";
  EXPECT_LT(finished.size(), sizes.size()) << "the sweep was not interrupted";
  EXPECT_EQ(leftovers(), std::set<std::string>{"report.json"});
}

}  // namespace
}  // namespace fieldbench
