// Look inside (issue 11): pipeline statistics through VK_KHR_pipeline_executable_properties.
// Every test asserts what the device really does: where it exposes the extension, real
// statistics with names and values (and the validation layer silent about the capture flag);
// where it does not, no statistics and one line saying so.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/inspect.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/ntt.hpp"
#include "fieldbench/pipeline.hpp"
#include "fieldbench/session.hpp"
#include "gpu_fixture.hpp"
#include "cli_fixture.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using testing::Result;
using testing::runProgram;

// Whether the device offers the extension with its feature, asked apart from Context.
bool deviceExposesStatistics(const vk::raii::PhysicalDevice& pd) {
  const auto extensions = pd.enumerateDeviceExtensionProperties();
  const bool listed = std::ranges::any_of(extensions, [](const vk::ExtensionProperties& e) {
    return std::string_view(e.extensionName.data()) == VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME;
  });
  return listed && pd.getFeatures2<vk::PhysicalDeviceFeatures2, vk::PhysicalDevicePipelineExecutablePropertiesFeaturesKHR>()
                           .get<vk::PhysicalDevicePipelineExecutablePropertiesFeaturesKHR>()
                           .pipelineExecutableInfo == VK_TRUE;
}

void expectRealStatistics(const PipelineStatistics& statistics, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_FALSE(statistics.empty());
  for (const auto& s : statistics) {
    EXPECT_FALSE(s.executable.empty());
    EXPECT_FALSE(s.name.empty());
    EXPECT_FALSE(s.value.empty()) << s.name;
  }
}

class InspectGpu : public GpuTest {};

TEST_F(InspectGpu, EnabledExactlyWhereTheDeviceExposesIt) {
  EXPECT_EQ(context().pipelineExecutableInfo(), deviceExposesStatistics(context().physicalDevice()))
      << context().info().name;
}

// A pipeline created with eCaptureStatisticsKHR (where enabled) under the validation layer:
// the fixture fails the test on any message.
TEST_F(InspectGpu, PipelineStatisticsOfMontgomeryMul) {
  const ComputePipeline pipeline(context(), fieldOpKernel(bls12381Fp(), FieldOp::kMul), 64, 4);
  const auto statistics = pipeline.statistics();
  if (context().pipelineExecutableInfo()) {
    expectRealStatistics(statistics, "bls12-381-fp.mul");
  } else {
    EXPECT_TRUE(statistics.empty());
  }
}

TEST_F(InspectGpu, InspectKernelsCoversEveryListedKernel) {
  const auto inspected = inspectKernels(context(), 0, 1);
  const auto text = inspectionText(context(), 0, 1);
  if (!context().pipelineExecutableInfo()) {
    EXPECT_TRUE(inspected.empty());
    EXPECT_EQ(text, fmt::format("pipeline statistics: {} does not expose VK_KHR_pipeline_executable_properties\n",
                                context().info().name));
    return;
  }
  std::size_t kernels = 0;
  for (const Field* f : allFields()) {
    for (const FieldOp op : allOps()) kernels += fieldOpKernels(*f, op).size();
    if (nttTwoAdicity(*f) != 0) kernels += fieldOpKernels(*f, FieldOp::kNtt).size();  // ntt and intt: one shader
  }
  ASSERT_EQ(inspected.size(), kernels);
  EXPECT_TRUE(std::ranges::any_of(inspected, [](const auto& k) { return k.kernel.find(".ntt [") != std::string::npos; }));
  for (const auto& k : inspected) {
    EXPECT_NE(text.find("  " + k.kernel + "\n"), std::string::npos) << k.kernel;
    if (k.unsupported.empty()) expectRealStatistics(k.statistics, k.kernel);
    else EXPECT_NE(text.find(k.unsupported), std::string::npos);
  }
  EXPECT_NE(text.find(inspected.front().statistics.front().name), std::string::npos) << text;
}

// The session records one entry per kernel that ran, and none for a kernel that did not.
TEST_F(InspectGpu, SessionRecordsTheKernelsThatRan) {
  RunOptions options;
  options.elements = {256};
  options.iterations = 2;
  options.warmup = 0;
  options.field = "bn254-fr";
  options.ops = {FieldOp::kAdd, FieldOp::kSub};
  const Report report = runSession(context(), options);
  const auto& byKernel = report.context.pipelineStatistics;
  if (!context().pipelineExecutableInfo()) {
    EXPECT_TRUE(byKernel.empty());
    return;
  }
  std::set<std::string> kernels;
  for (const auto& [name, statistics] : byKernel) {
    kernels.insert(name);
    expectRealStatistics(statistics, name);
  }
  EXPECT_EQ(kernels, (std::set<std::string>{"bn254-fr.add:u32", "bn254-fr.sub:u32"}));
}

class InspectCli : public testing::FieldbenchCliTest {
 protected:
  // The device fieldbench picks by default, without validation: does it expose the extension?
  static bool exposed() {
    const Context context({});
    return context.pipelineExecutableInfo();
  }
};

TEST_F(InspectCli, ListOpsVerbosePrintsTheDevicesStatistics) {
  const Result plain = run({"--list-ops"});
  ASSERT_EQ(plain.exitCode, 0) << plain.err;
  EXPECT_EQ(plain.out.find("pipeline statistics"), std::string::npos) << plain.out;

  const Result r = run({"--list-ops", "--verbose"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  ASSERT_TRUE(r.out.starts_with(plain.out)) << r.out;  // the plain list, then the statistics
  const std::string rest = r.out.substr(plain.out.size());
  if (!exposed()) {
    EXPECT_EQ(std::count(rest.begin(), rest.end(), '\n'), 1) << rest;
    EXPECT_NE(rest.find("does not expose VK_KHR_pipeline_executable_properties"), std::string::npos) << rest;
    return;
  }
  EXPECT_TRUE(rest.starts_with("pipeline statistics on ")) << rest;
  for (const Field* f : allFields()) {
    for (const FieldOp op : allOps()) {
      EXPECT_NE(rest.find(fmt::format("  {}.{}\n", f->name, toString(op))), std::string::npos) << rest;
    }
  }
}

TEST_F(InspectCli, VerboseNeedsListOpsAndAKnownDevice) {
  const Result alone = run({"--verbose", "-n", "64"});
  EXPECT_EQ(alone.exitCode, static_cast<int>(ExitCode::kUsage)) << alone.err;
  EXPECT_EQ(alone.errLines().size(), 1u) << alone.err;
  EXPECT_NE(alone.err.find("--list-ops"), std::string::npos) << alone.err;
  EXPECT_TRUE(alone.out.empty()) << alone.out;

  const Result nowhere = run({"--list-ops", "--verbose", "--device", "no-such-gpu"});
  EXPECT_EQ(nowhere.exitCode, static_cast<int>(ExitCode::kUsage)) << nowhere.err;
  EXPECT_EQ(nowhere.errLines().size(), 1u) << nowhere.err;
  EXPECT_NE(nowhere.err.find("no-such-gpu"), std::string::npos) << nowhere.err;
  EXPECT_TRUE(nowhere.out.empty()) << nowhere.out;  // no partial list before the error
}

// Plain --list-ops needs no device; --verbose does, and says so without one (exit 3, one line).
TEST_F(InspectCli, PlainListOpsNeedsNoDevice) {
  const Result before = run({"--list-ops"});
  ASSERT_EQ(before.exitCode, 0) << before.err;
  for (const char* variable : {"VK_DRIVER_FILES", "VK_ICD_FILENAMES"}) ::setenv(variable, "/nonexistent/icd.json", 1);
  const Result plain = run({"--list-ops"}), verbose = run({"--list-ops", "--verbose"});
  for (const char* variable : {"VK_DRIVER_FILES", "VK_ICD_FILENAMES"}) ::unsetenv(variable);
  EXPECT_EQ(plain.exitCode, 0) << plain.err;
  EXPECT_EQ(plain.out, before.out);
  EXPECT_EQ(verbose.exitCode, static_cast<int>(ExitCode::kNoDevice)) << verbose.err << verbose.out;
  EXPECT_EQ(verbose.errLines().size(), 1u) << verbose.err;
  EXPECT_TRUE(verbose.out.empty()) << verbose.out;
}

TEST_F(InspectCli, JsonContextCarriesTheStatisticsOfTheKernelsThatRan) {
  const Result r = run({"-n", "256", "--iterations", "2", "--warmup", "0", "--op", "add,mul", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_TRUE(doc["context"].contains("pipeline_statistics")) << doc["context"].dump();
  const auto& byKernel = doc["context"]["pipeline_statistics"];
  ASSERT_TRUE(byKernel.is_object());
  if (!exposed()) {
    EXPECT_TRUE(byKernel.empty()) << byKernel.dump();
    return;
  }
  std::set<std::string> kernels;
  for (const auto& [kernel, statistics] : byKernel.items()) {
    kernels.insert(kernel);
    ASSERT_TRUE(statistics.is_array());
    EXPECT_FALSE(statistics.empty()) << kernel;
    for (const auto& s : statistics) {
      for (const char* key : {"executable", "name", "value", "description"}) {
        EXPECT_TRUE(s.at(key).is_string()) << s.dump();
      }
      EXPECT_FALSE(s.at("name").get<std::string>().empty()) << s.dump();
    }
  }
  // add's kernel; mul's, in the variant --variant best chose; the probes that run with mul.
  ASSERT_EQ(kernels.size(), 5u);
  EXPECT_TRUE(kernels.contains("bls12-381-fp.add:u32"));
  EXPECT_TRUE(std::ranges::any_of(kernels, [](const std::string& k) { return k.starts_with("bls12-381-fp.mul:"); }));
  EXPECT_TRUE(kernels.contains("int_probe"));
  EXPECT_TRUE(kernels.contains("int_probe_wide"));
  EXPECT_TRUE(kernels.contains("fp64_probe"));
}

}  // namespace
}  // namespace fieldbench
