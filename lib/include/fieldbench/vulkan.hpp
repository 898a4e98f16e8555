#pragma once
// The one place that includes Vulkan-Hpp, with the project's configuration:
// designated initializers (VULKAN_HPP_NO_CONSTRUCTORS, set target-wide in
// lib/CMakeLists.txt) and exceptions on (vk::raii needs them).
#include <vulkan/vulkan_raii.hpp>
