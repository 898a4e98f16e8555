// The link's floors (serial and duplex) over tables, and the NVML clock reader against a
// stand-in library (tests/fake_nvml.cpp) and a missing one.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "fieldbench/gpu_clocks.hpp"
#include "fieldbench/link.hpp"

namespace fieldbench {
namespace {

// 10 GB/s up, 20 GB/s down alone; 5 GB/s each way beside each other.
LinkBandwidth sampleLink() {
  return LinkBandwidth{.bytes = 1'000'000'000, .hostToDevice = 10e9, .deviceToHost = 20e9,
                       .hostToDeviceDuplex = 5e9, .deviceToHostDuplex = 5e9};
}

TEST(LinkFloor, SerialIsEachDirectionInTurn) {
  EXPECT_DOUBLE_EQ(serialFloorNs(sampleLink(), 2e9, 1e9), 1e9 * (0.2 + 0.05));
  EXPECT_DOUBLE_EQ(serialFloorNs(LinkBandwidth{}, 2e9, 1e9), 0);
}

TEST(LinkFloor, DuplexRunsBothUntilOneIsDoneThenTheRestAlone) {
  LinkBandwidth link = sampleLink();
  // Slower at once than in turn: the serial floor stands.
  EXPECT_DOUBLE_EQ(duplexFloorNs(link, 2e9, 1e9), serialFloorNs(link, 2e9, 1e9));
  // Full duplex: 1 GB down in 0.05 s beside 0.5 GB up, then 1.5 GB up alone in 0.15 s.
  link.hostToDeviceDuplex = 10e9;
  link.deviceToHostDuplex = 20e9;
  EXPECT_DOUBLE_EQ(duplexFloorNs(link, 2e9, 1e9), 1e9 * (0.05 + 0.15));
  // The upload done first: 1 GB up in 0.1 s beside 2 GB down, then 1 GB down alone in 0.05 s.
  EXPECT_DOUBLE_EQ(duplexFloorNs(link, 1e9, 3e9), 1e9 * (0.1 + 0.05));
  EXPECT_DOUBLE_EQ(duplexFloorNs(LinkBandwidth{}, 2e9, 1e9), 0);
  // One direction moved nothing beside the other (one queue, or a loaded CPU device): serial.
  link.deviceToHostDuplex = 0;
  EXPECT_DOUBLE_EQ(duplexFloorNs(link, 2e9, 1e9), serialFloorNs(link, 2e9, 1e9));
}

TEST(LinkFloor, DuplexRatesFromWhenEachCopyFinished) {
  // 1 GB each way: the download done at 0.1 s (10 GB/s beside the upload); the upload at
  // 0.15 s, of which 0.05 s alone at 10 GB/s moved 0.5 GB, so 0.5 GB in 0.1 s beside (5 GB/s).
  const auto [up, down] = duplexRates(1e9, 0.15e9, 0.1e9, 10e9, 20e9);
  EXPECT_DOUBLE_EQ(up, 5e9);
  EXPECT_DOUBLE_EQ(down, 10e9);
  // Both done together: each moved everything beside the other.
  const auto [u2, d2] = duplexRates(1e9, 0.2e9, 0.2e9, 10e9, 20e9);
  EXPECT_DOUBLE_EQ(u2, 5e9);
  EXPECT_DOUBLE_EQ(d2, 5e9);
  EXPECT_EQ(duplexRates(1e9, 0, 0.1e9, 10e9, 20e9), std::make_pair(0.0, 0.0));
}

TEST(GpuClocks, UuidHexAcceptsNvmlAndVulkanSpellings) {
  EXPECT_EQ(uuidHex("GPU-5CFCF0D4-1b2c-3d4e-5f60-718293a4b5c6"), "5cfcf0d41b2c3d4e5f60718293a4b5c6");
  EXPECT_EQ(uuidHex("5cfcf0d4-1b2c-3d4e-5f60-718293a4b5c6"), "5cfcf0d41b2c3d4e5f60718293a4b5c6");
  EXPECT_EQ(uuidHex("GPU-5cfcf0d4"), "");
  EXPECT_EQ(uuidHex("not-a-uuid-at-all-not-a-uuid-at-a"), "");
}

TEST(GpuClocks, WithoutTheLibraryTheyAreUnknown) {
  const GpuClockReader reader("5cfcf0d4-1b2c-3d4e-5f60-718293a4b5c6", "libfieldbench-no-such-nvml.so.1");
  EXPECT_FALSE(reader.available());
  EXPECT_EQ(reader.source(), "unknown: no libfieldbench-no-such-nvml.so.1");
  EXPECT_FALSE(reader.read().known());
}

TEST(GpuClocks, ReadsTheDeviceWithTheSameUuid) {
  const std::string library = std::string(FAKE_NVML_DIR) + "/libnvidia-ml.so.1";
  ::setenv("FAKE_NVML_UUID", "5cfcf0d4-1b2c-3d4e-5f60-718293a4b5c6", 1);
  const GpuClockReader reader("5CFCF0D41B2C3D4E5F60718293A4B5C6", library.c_str());
  ASSERT_TRUE(reader.available()) << reader.source();
  EXPECT_EQ(reader.source(), "nvml");
  EXPECT_EQ(reader.read().smMHz, 1755u);
  EXPECT_EQ(reader.read().memoryMHz, 3201u);

  const GpuClockReader other("11111111-1b2c-3d4e-5f60-718293a4b5c6", library.c_str());
  EXPECT_FALSE(other.available());
  EXPECT_EQ(other.source(), "unknown: no NVML device has this device's UUID");
  ::unsetenv("FAKE_NVML_UUID");
}

}  // namespace
}  // namespace fieldbench
