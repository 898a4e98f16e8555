#pragma once
// The host link's bandwidth, each direction alone and both at once, and the least time a
// round trip's copies can take with it: serial (one direction after the other) or duplex.
#include <cstdint>

namespace fieldbench {

class Context;

// Bytes per second. Each probe copies `bytes` between host staging memory and device-local
// memory on the round trip's own upload and download queues; the duplex figures time an
// upload and a download of `bytes` each submitted together, until both are done.
struct LinkBandwidth {
  std::uint64_t bytes = 0;  // each copy's size (0: not measured)
  double hostToDevice = 0, deviceToHost = 0;  // each direction alone
  double duplexNs = 0;      // both copies at once, ns until the later one finished
  [[nodiscard]] bool measured() const { return bytes > 0 && hostToDevice > 0 && deviceToHost > 0; }
  // Each direction's rate while the other runs (bytes over duplexNs).
  [[nodiscard]] double duplexEach() const { return duplexNs > 0 ? static_cast<double>(bytes) * 1e9 / duplexNs : 0; }
};

// Bytes each probe copy moves: large enough that the copy's set-up is under 1% of it on a
// discrete GPU's link; a CPU device (lavapipe) gets less, its "link" being memcpy.
inline constexpr std::uint64_t kLinkProbeBytes = 64ull << 20;
inline constexpr std::uint64_t kLinkProbeBytesCpu = 8ull << 20;

// Median of a few copies of each case after one untimed; host steady clock from submit to
// both fences. Throws Error(kRuntime) when a copy does not finish within timeoutSeconds.
LinkBandwidth measureLink(const Context& context, std::uint64_t bytes, double timeoutSeconds);

// The least time, in ns, for `up` bytes to the device and `down` bytes back:
// serial: up / hostToDevice + down / deviceToHost (one direction after the other);
// duplex: the smaller of the two directions' bytes goes both ways at once at duplexEach(),
// the rest of the larger alone at its own rate. 0 when the link was not measured.
double serialFloorNs(const LinkBandwidth& link, double up, double down);
double duplexFloorNs(const LinkBandwidth& link, double up, double down);

}  // namespace fieldbench
