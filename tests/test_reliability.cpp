// In-process reliability: synchronization validation is really on when asked (a hazard is
// reported), and contexts and runs created and destroyed many times leave nothing behind
// (the validation layer's object tracker; LeakSanitizer in the sanitize preset).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/session.hpp"
#include "gpu_fixture.hpp"

namespace fieldbench {
namespace {

bool anyContains(const std::vector<std::string>& messages, const std::string& text) {
  return std::ranges::any_of(messages, [&](const std::string& m) { return m.find(text) != std::string::npos; });
}

// Two writes of one buffer with no barrier between them: a write-after-write hazard that
// only synchronization validation sees. Returns the messages that recording and running it produced.
std::vector<std::string> recordUnsynchronisedWrites(bool synchronization) {
  const Context context(ContextOptions{.validation = true, .synchronizationValidation = synchronization});
  const std::size_t before = context.validationMessages().size();
  {
    const Buffer buffer(context, 4096, vk::BufferUsageFlagBits::eTransferDst, deviceLocalMemory());
    vk::raii::CommandBuffers cmds(context.device(),
                                  vk::CommandBufferAllocateInfo{.commandPool = *context.commandPool(),
                                                                .level = vk::CommandBufferLevel::ePrimary,
                                                                .commandBufferCount = 1});
    const auto& cmd = cmds[0];
    cmd.begin(vk::CommandBufferBeginInfo{});
    cmd.fillBuffer(*buffer.buffer(), 0, VK_WHOLE_SIZE, 1u);
    cmd.fillBuffer(*buffer.buffer(), 0, VK_WHOLE_SIZE, 2u);  // deliberately no barrier
    cmd.end();
    const vk::raii::Fence fence(context.device(), vk::FenceCreateInfo{});
    vk::SubmitInfo submit{};
    submit.setCommandBuffers(*cmd);
    context.queue().submit(submit, *fence);
    EXPECT_EQ(context.device().waitForFences(*fence, VK_TRUE, 10'000'000'000), vk::Result::eSuccess);
  }
  const auto& all = context.validationMessages();
  return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
}

// Proof that the synchronization pass (FIELDBENCH_VALIDATION=sync) checks something:
// this layer version honours VkValidationFeaturesEXT's synchronization enable.
TEST(SyncValidation, ReportsAWriteAfterWriteHazardWhenOn) {
  const auto messages = recordUnsynchronisedWrites(true);
  EXPECT_TRUE(anyContains(messages, "SYNC-HAZARD-WRITE-AFTER-WRITE")) << ::testing::PrintToString(messages);
}

TEST(SyncValidation, CoreChecksAloneDoNotSeeTheHazard) {
  const auto messages = recordUnsynchronisedWrites(false);
  EXPECT_TRUE(messages.empty()) << ::testing::PrintToString(messages);
}

// The library frees everything: contexts made and destroyed, each running several sessions
// over both memory kinds; no validation message, including the object tracker's reports of
// undestroyed objects at vkDestroyDevice/vkDestroyInstance (LeakSanitizer checks host memory).
TEST(Lifetime, ContextsAndRunsCreatedAndDestroyedManyTimes) {
  for (int round = 0; round < 3; ++round) {
    std::shared_ptr<const std::vector<std::string>> log;
    {
      const Context context(testContextOptions());
      log = context.validationLog();
      for (const auto memory : {MemoryKind::kDeviceLocal, MemoryKind::kHostVisible}) {
        RunOptions options;
        options.elements = {1024, 2048};
        options.memories = {memory};
        options.iterations = 2;
        options.warmup = 1;
        const Report report = runSession(context, options);
        ASSERT_EQ(report.cases.size(), 2u);
        EXPECT_FALSE(report.anyMismatch());
        EXPECT_FALSE(report.context.incomplete);
      }
    }
    EXPECT_TRUE(log->empty()) << "round " << round << ": " << ::testing::PrintToString(*log);
  }
}

}  // namespace
}  // namespace fieldbench
