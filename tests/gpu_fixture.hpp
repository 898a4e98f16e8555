#pragma once
// A test fixture sharing one validated Context per test suite: a test fails if
// the Khronos validation layer reported anything while it ran. Tests create and
// destroy their Vulkan objects inside the test body, so messages about
// destruction arrive before TearDown checks.
#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <string>

#include "fieldbench/context.hpp"

namespace fieldbench {

class GpuTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!context_) context_ = std::make_unique<Context>(ContextOptions{.validation = true});
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
