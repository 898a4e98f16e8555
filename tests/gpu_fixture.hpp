#pragma once
// A test fixture sharing one validated Context per test suite: a test fails if
// the Khronos validation layer reported anything while it ran. Tests create and
// destroy their Vulkan objects inside the test body, so messages about
// destruction arrive before TearDown checks.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "fieldbench/context.hpp"

namespace fieldbench {

// Validation on; FIELDBENCH_SYNC_VALIDATION=1 (scripts/test.sh's second pass over the gpu
// tests) adds synchronization validation, as it does for the executable.
inline ContextOptions testContextOptions() {
  const char* v = std::getenv("FIELDBENCH_SYNC_VALIDATION");
  return {.validation = true, .synchronizationValidation = v != nullptr && std::string_view(v) == "1"};
}

class GpuTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!context_) context_ = std::make_unique<Context>(testContextOptions());
  }
  static void TearDownTestSuite() { context_.reset(); }

  void SetUp() override { seenMessages_ = context().validationMessages().size(); }

  void TearDown() override {
    const auto& messages = context().validationMessages();
    EXPECT_EQ(messages.size(), seenMessages_) << "validation messages during this test";
    for (std::size_t i = seenMessages_; i < messages.size(); ++i) ADD_FAILURE() << messages[i];
  }

  static const Context& context() { return *context_; }

 private:
  static inline std::unique_ptr<Context> context_;
  std::size_t seenMessages_ = 0;
};

}  // namespace fieldbench
