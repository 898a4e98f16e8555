#pragma once
// The host link's bandwidth, each direction alone and both at once, and the least time a
// round trip's copies can take with it: serial (one direction after the other) or duplex.
#include <cstdint>
#include <utility>

namespace fieldbench {

class Context;

// Bytes per second. Each probe copies `bytes` between host staging memory and device-local
// memory on the round trip's own upload and download queues. The duplex case submits an upload
// and a download of `bytes` together and notes when each finishes: the first to finish ran
// beside the other all along; the other's rate beside it is what it moved by then, given that
// it moved the rest alone at its own rate.
struct LinkBandwidth {
  std::uint64_t bytes = 0;  // each copy's size (0: not measured)
  double hostToDevice = 0, deviceToHost = 0;              // each direction alone
  double hostToDeviceDuplex = 0, deviceToHostDuplex = 0;  // each while the other runs
  // A duplex rate of 0: that direction moved nothing beside the other (one queue runs them in turn).
  [[nodiscard]] bool measured() const { return bytes > 0 && hostToDevice > 0 && deviceToHost > 0; }
};

// The rates beside each other from one duplex run: `bytes` each way, the upload done after
// upNs and the download after downNs (from the common submit), and the rates alone.
// Returns {hostToDeviceDuplex, deviceToHostDuplex}.
std::pair<double, double> duplexRates(double bytes, double upNs, double downNs, double hostToDevice,
                                      double deviceToHost);

// Bytes each probe copy moves: large enough that the copy's set-up is under 1% of it on a
// discrete GPU's link; a CPU device (lavapipe) gets less, its "link" being memcpy.
inline constexpr std::uint64_t kLinkProbeBytes = 64ull << 20;
inline constexpr std::uint64_t kLinkProbeBytesCpu = 8ull << 20;

// Median of a few copies of each case after one untimed; host steady clock from submit to
// both fences. Throws Error(kRuntime) when a copy does not finish within timeoutSeconds.
LinkBandwidth measureLink(const Context& context, std::uint64_t bytes, double timeoutSeconds);

// The least time, in ns, for `up` bytes to the device and `down` bytes back:
// serial: up / hostToDevice + down / deviceToHost (one direction after the other);
// duplex: both directions at once at their duplex rates until one is done, then the rest of the
// other alone at its own rate; never above serial, and serial where a direction moved nothing
// beside the other. 0 when the link was not measured.
double serialFloorNs(const LinkBandwidth& link, double up, double down);
double duplexFloorNs(const LinkBandwidth& link, double up, double down);

}  // namespace fieldbench
