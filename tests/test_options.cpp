// Option values (options.hpp) and the command line (app/cli.hpp): each accepted
// form and each bad input, which must be Error(kUsage) naming the bad value.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cli.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/split_list.hpp"
#include "fieldbench/version.hpp"

namespace fieldbench {
namespace {

using Counts = std::vector<std::uint64_t>;

// Runs `f`, expecting Error(kUsage) whose message contains `needle`.
void expectUsageError(const std::function<void()>& f, const std::string& needle, const std::string& what) {
  try {
    f();
    ADD_FAILURE() << what << ": no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage) << what << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
        << what << ": message does not name '" << needle << "': " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": threw something other than fieldbench::Error: " << e.what();
  }
}

Counts sweep1Kto256K() {
  Counts c;
  for (std::uint64_t n = 1024; n <= 262144; n *= 2) c.push_back(n);
  return c;
}

// ---------------------------------------------------------------- parseCount

TEST(SplitList, EveryItemInOrderEmptyOnesKept) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(splitList("1K"), V{"1K"});
  EXPECT_EQ(splitList("a.json,b.json,c.json"), (V{"a.json", "b.json", "c.json"}));
  EXPECT_EQ(splitList(""), V{""});
  EXPECT_EQ(splitList("add,"), (V{"add", ""}));
  EXPECT_EQ(splitList(",,x"), (V{"", "", "x"}));
}

TEST(ParseCount, PlainIntegers) {
  EXPECT_EQ(parseCount("1"), 1u);
  EXPECT_EQ(parseCount("1024"), 1024u);
  EXPECT_EQ(parseCount("100000"), 100000u);
  EXPECT_EQ(parseCount("18446744073709551615"), 18446744073709551615u);
}

TEST(ParseCount, BinarySuffixes) {
  EXPECT_EQ(parseCount("1K"), 1024u);
  EXPECT_EQ(parseCount("256K"), 262144u);
  EXPECT_EQ(parseCount("3M"), 3u * 1048576u);
  EXPECT_EQ(parseCount("1G"), 1073741824u);
  EXPECT_EQ(parseCount("64M"), 67108864u);
}

TEST(ParseCount, SuffixesAreCaseInsensitive) {
  EXPECT_EQ(parseCount("1k"), 1024u);
  EXPECT_EQ(parseCount("3m"), 3u * 1048576u);
  EXPECT_EQ(parseCount("1g"), 1073741824u);
}

TEST(ParseCount, RejectsBadValuesNamingThem) {
  for (const std::string bad : {"0", "abc", "1X", "-5", "99999999999999999999", "K", "1.5K", "1KK", "0K",
                                "17179869184G" /* 2^64 after the suffix */}) {
    expectUsageError([&] { (void)parseCount(bad); }, bad, "parseCount(\"" + bad + "\")");
  }
}

TEST(ParseCount, RejectsEmpty) {
  expectUsageError([] { (void)parseCount(""); }, "", "parseCount(\"\")");
}

// ---------------------------------------------------------- parseElementList

TEST(ParseElementList, Range) {
  const Counts c = parseElementList("1K..256K");
  EXPECT_EQ(c.size(), 9u);
  EXPECT_EQ(c, sweep1Kto256K());
}

TEST(ParseElementList, SingleElementRange) { EXPECT_EQ(parseElementList("4K..4K"), (Counts{4096})); }

// The top of the range is 2^63: doubling it wraps to 0, which once made the loop endless.
TEST(ParseElementList, RangeUpToTwoToThe63Ends) {
  const Counts c = parseElementList("4611686018427387904..8589934592G");
  EXPECT_EQ(c, (Counts{std::uint64_t{1} << 62, std::uint64_t{1} << 63}));
  EXPECT_EQ(parseElementList("8589934592G..8589934592G"), (Counts{std::uint64_t{1} << 63}));
}

TEST(ParseElementList, CommaList) {
  EXPECT_EQ(parseElementList("1K,4K"), (Counts{1024, 4096}));
  EXPECT_EQ(parseElementList("262144"), (Counts{262144}));
  EXPECT_EQ(parseElementList("100,7,3M"), (Counts{100, 7, 3145728}));
}

TEST(ParseElementList, MixOfRangesAndCounts) {
  EXPECT_EQ(parseElementList("1K..4K,100"), (Counts{1024, 2048, 4096, 100}));
  EXPECT_EQ(parseElementList("1,2..8"), (Counts{1, 2, 4, 8}));
}

TEST(ParseElementList, RejectsBadLists) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"0", "0"},
      {"abc", "abc"},
      {"1X", "1X"},
      {"-5", "-5"},
      {"4K..1K", "4K..1K"},      // reversed
      {"1000..4K", "1000..4K"},  // endpoint not a power of two
      {"1K..3000", "1K..3000"},
      {"99999999999999999999", "99999999999999999999"},
      {"1K,abc", "abc"},
      {"1K,", ""},  // empty item
  };
  for (const auto& [bad, needle] : cases) {
    expectUsageError([&] { (void)parseElementList(bad); }, needle, "parseElementList(\"" + bad + "\")");
  }
  expectUsageError([] { (void)parseElementList(""); }, "", "parseElementList(\"\")");
}

// ---------------------------------------------------- elementsFromBufferSize

TEST(ElementsFromBufferSize, AcceptsMultiplesOf48) {
  EXPECT_EQ(elementsFromBufferSize("12M"), 12u * 1048576u / 48u);
  EXPECT_EQ(elementsFromBufferSize("12M"), 262144u);
  EXPECT_EQ(elementsFromBufferSize("48"), 1u);
  EXPECT_EQ(elementsFromBufferSize("4800"), 100u);
  EXPECT_EQ(elementsFromBufferSize("3K"), 64u);
}

TEST(ElementsFromBufferSize, RejectsOthers) {
  for (const std::string bad : {"100", "0", "47", "1K", "abc", "-48"}) {
    expectUsageError([&] { (void)elementsFromBufferSize(bad); }, bad, "elementsFromBufferSize(\"" + bad + "\")");
  }
}

// ------------------------------------------------------ memory kind, formats

TEST(ParseMemoryKind, KnownKinds) {
  EXPECT_EQ(parseMemoryKind("device-local"), MemoryKind::kDeviceLocal);
  EXPECT_EQ(parseMemoryKind("host-visible"), MemoryKind::kHostVisible);
  EXPECT_EQ(toString(MemoryKind::kDeviceLocal), "device-local");
  EXPECT_EQ(toString(MemoryKind::kHostVisible), "host-visible");
  EXPECT_EQ(parseMemoryKind("rebar"), MemoryKind::kRebar);
  EXPECT_EQ(parseMemoryKind("imported"), MemoryKind::kImported);
  EXPECT_EQ(toString(MemoryKind::kRebar), "rebar");
  EXPECT_EQ(toString(MemoryKind::kImported), "imported");
}

TEST(ParseMemoryKind, ListsAndAll) {
  using Kinds = std::vector<MemoryKind>;
  EXPECT_EQ(parseMemoryKinds("all"), (Kinds{MemoryKind::kDeviceLocal, MemoryKind::kHostVisible, MemoryKind::kRebar,
                                            MemoryKind::kImported}));
  EXPECT_EQ(parseMemoryKinds("rebar,device-local"), (Kinds{MemoryKind::kRebar, MemoryKind::kDeviceLocal}));
  EXPECT_EQ(parseMemoryKinds("imported,imported"), (Kinds{MemoryKind::kImported}));
  EXPECT_TRUE(parseMemoryKinds("auto").empty());  // the device's fastest kind, chosen by the session
  for (const std::string bad : {"rebar,", ",rebar", "all,rebar", "rebar,gpu", "auto,rebar"}) {
    expectUsageError([&] { (void)parseMemoryKinds(bad); }, "", "parseMemoryKinds(\"" + bad + "\")");
  }
}

TEST(ParseChunkBytes, RangeAndSuffixes) {
  EXPECT_EQ(parseChunkBytes("2M"), 2ull << 20);
  EXPECT_EQ(parseChunkBytes("64K"), 64ull << 10);
  EXPECT_EQ(parseChunkBytes("1G"), 1ull << 30);
  for (const std::string bad : {"0", "", "63K", "2G", "abc", "-1", "1.5M"}) {
    expectUsageError([&] { (void)parseChunkBytes(bad); }, bad, "parseChunkBytes(\"" + bad + "\")");
  }
}

TEST(ParseMemoryKind, RejectsUnknown) {
  for (const std::string bad : {"gpu", "", "device_local", "host"}) {
    expectUsageError([&] { (void)parseMemoryKind(bad); }, bad, "parseMemoryKind(\"" + bad + "\")");
  }
}

TEST(ParseOutputFormat, KnownFormatsRoundTrip) {
  for (const auto f : {OutputFormat::kTable, OutputFormat::kJson, OutputFormat::kCsv}) {
    EXPECT_EQ(parseOutputFormat(toString(f)), f);
  }
  EXPECT_EQ(parseOutputFormat("json"), OutputFormat::kJson);
  expectUsageError([] { (void)parseOutputFormat("xml"); }, "xml", "parseOutputFormat(\"xml\")");
}

// ------------------------------------------------------------------ validate

TEST(Validate, DefaultsWithElementsAreValid) {
  RunOptions o;
  o.elements = {1024};
  EXPECT_NO_THROW(validate(o));
}

TEST(Validate, KnownAnswerNeedsAllThreeFiles) {
  RunOptions o;
  o.aFile = "a.bin";
  EXPECT_THROW(validate(o), Error);
  o.bFile = "b.bin";
  EXPECT_THROW(validate(o), Error);
  o.resultFile = "c.bin";
  EXPECT_NO_THROW(validate(o));
  EXPECT_TRUE(o.knownAnswer());
}

TEST(Validate, RejectsZeroIterations) {
  RunOptions o;
  o.elements = {1024};
  o.iterations = 0;
  expectUsageError([&] { validate(o); }, "0", "validate(iterations = 0)");
}

// --------------------------------------------------------- parseCommandLine

Command parse(std::vector<std::string> args) {
  args.insert(args.begin(), "fieldbench");
  return parseCommandLine(args);
}

void expectCommandLineError(const std::vector<std::string>& args, const std::string& needle) {
  std::string what = "fieldbench";
  for (const auto& a : args) what += " " + a;
  expectUsageError([&] { (void)parse(args); }, needle, what);
}

TEST(CommandLine, Defaults) {
  const Command c = parse({});
  EXPECT_FALSE(c.listDevices);
  EXPECT_FALSE(c.message.has_value());
  const RunOptions& o = c.options;
  EXPECT_EQ(o.elements, sweep1Kto256K());
  EXPECT_EQ(o.iterations, 10u);
  EXPECT_EQ(o.warmup, 2u);
  EXPECT_TRUE(o.memories.empty());  // auto: chosen per device
  EXPECT_EQ(o.chunkBytes, kDefaultChunkBytes);
  EXPECT_TRUE(o.overlap);
  EXPECT_EQ(o.format, OutputFormat::kTable);
  EXPECT_TRUE(o.verify);
  EXPECT_TRUE(o.device.empty());
  EXPECT_TRUE(o.output.empty());
  EXPECT_FALSE(o.knownAnswer());
}

TEST(CommandLine, Elements) {
  EXPECT_EQ(parse({"--elements", "262144"}).options.elements, (Counts{262144}));
  EXPECT_EQ(parse({"-n", "1K,2K"}).options.elements, (Counts{1024, 2048}));
  EXPECT_EQ(parse({"--elements", "1K..4K"}).options.elements, (Counts{1024, 2048, 4096}));
  EXPECT_EQ(parse({"--elements=4K"}).options.elements, (Counts{4096}));
}

TEST(CommandLine, BufferSize) {
  EXPECT_EQ(parse({"--buffer-size", "12M"}).options.elements, (Counts{262144}));
  expectCommandLineError({"--buffer-size", "100"}, "100");
  expectCommandLineError({"--buffer-size", "0"}, "0");
}

TEST(CommandLine, ElementsAndBufferSizeTogetherRejected) {
  expectCommandLineError({"--elements", "1K", "--buffer-size", "12M"}, "");
}

TEST(CommandLine, Memory) {
  EXPECT_EQ(parse({"--memory", "host-visible"}).options.memories, std::vector<MemoryKind>{MemoryKind::kHostVisible});
  EXPECT_EQ(parse({"--memory", "device-local"}).options.memories, std::vector<MemoryKind>{MemoryKind::kDeviceLocal});
  EXPECT_EQ(parse({"--memory", "all"}).options.memories.size(), 4u);
  EXPECT_EQ(parse({"--memory", "imported,rebar"}).options.memories,
            (std::vector<MemoryKind>{MemoryKind::kImported, MemoryKind::kRebar}));
  expectCommandLineError({"--memory", "foo"}, "foo");
  expectCommandLineError({"--memory", "gpu"}, "gpu");
}

TEST(CommandLine, IterationsWarmupSeedVerify) {
  const RunOptions o = parse({"--iterations", "3", "--warmup", "0", "--seed", "99", "--no-verify"}).options;
  EXPECT_EQ(o.iterations, 3u);
  EXPECT_EQ(o.warmup, 0u);
  EXPECT_EQ(o.seed, 99u);
  EXPECT_FALSE(o.verify);
}

TEST(CommandLine, BadIterations) {
  expectCommandLineError({"--iterations", "0"}, "0");
  expectCommandLineError({"--iterations", "abc"}, "abc");
  expectCommandLineError({"--iterations", "-1"}, "-1");
  expectCommandLineError({"--warmup", "abc"}, "abc");
}

TEST(CommandLine, Format) {
  EXPECT_EQ(parse({"--format", "json"}).options.format, OutputFormat::kJson);
  EXPECT_EQ(parse({"--format", "csv"}).options.format, OutputFormat::kCsv);
  EXPECT_EQ(parse({"--format", "table"}).options.format, OutputFormat::kTable);
  expectCommandLineError({"--format", "xml"}, "xml");
}

TEST(CommandLine, OutputAndDevice) {
  const RunOptions o = parse({"-o", "out.json", "--device", "llvmpipe"}).options;
  EXPECT_EQ(o.output, "out.json");
  EXPECT_EQ(o.device, "llvmpipe");
  EXPECT_EQ(parse({"--output", "x.csv"}).options.output, "x.csv");
  EXPECT_EQ(parse({"--device", "0"}).options.device, "0");
}

TEST(CommandLine, KnownAnswerFiles) {
  const RunOptions o = parse({"--a-file", "a.bin", "--b-file", "b.bin", "--result-file", "c.bin"}).options;
  EXPECT_TRUE(o.knownAnswer());
  EXPECT_EQ(o.aFile, "a.bin");
  EXPECT_EQ(o.bFile, "b.bin");
  EXPECT_EQ(o.resultFile, "c.bin");
}

TEST(CommandLine, KnownAnswerFilesMustComeTogether) {
  expectCommandLineError({"--a-file", "a.bin"}, "");
  expectCommandLineError({"--a-file", "a.bin", "--b-file", "b.bin"}, "");
  expectCommandLineError({"--a-file", "a.bin", "--result-file", "c.bin"}, "");
  expectCommandLineError({"--b-file", "b.bin", "--result-file", "c.bin"}, "");
}

TEST(CommandLine, BadElements) {
  expectCommandLineError({"--elements", "0"}, "0");
  expectCommandLineError({"--elements", "abc"}, "abc");
  expectCommandLineError({"-n", "4K..1K"}, "4K..1K");
  expectCommandLineError({"--elements", "1X"}, "1X");
}

TEST(CommandLine, UnknownOptionAndStrayArgument) {
  expectCommandLineError({"--bogus"}, "--bogus");
  expectCommandLineError({"stray"}, "stray");
}

TEST(CommandLine, ListDevices) {
  const Command c = parse({"--list-devices"});
  EXPECT_TRUE(c.listDevices);
  EXPECT_FALSE(c.message.has_value());
}

TEST(CommandLine, Help) {
  for (const std::string flag : {"--help", "-h"}) {
    const Command c = parse({flag});
    ASSERT_TRUE(c.message.has_value()) << flag;
    EXPECT_NE(c.message->find("--elements"), std::string::npos) << *c.message;
    EXPECT_NE(c.message->find("--memory"), std::string::npos) << *c.message;
    EXPECT_NE(c.message->find("Exit codes"), std::string::npos) << *c.message;
  }
}

TEST(CommandLine, Version) {
  const Command c = parse({"--version"});
  ASSERT_TRUE(c.message.has_value());
  EXPECT_NE(c.message->find(kVersion), std::string::npos) << *c.message;
  EXPECT_NE(c.message->find(kGitCommit), std::string::npos) << *c.message;
}


TEST(CommandLine, MethodDefaults) {
  const RunOptions o = parse({}).options;
  EXPECT_EQ(o.minTime, 0.0);
  EXPECT_FALSE(o.cold);
  EXPECT_EQ(o.workgroupSize, 0u);  // auto
}

TEST(CommandLine, MinTimeColdWorkgroupChunk) {
  const RunOptions o =
      parse({"--min-time", "0.25", "--cold", "--workgroup-size", "64", "--chunk", "4M", "--no-overlap"}).options;
  EXPECT_DOUBLE_EQ(o.minTime, 0.25);
  EXPECT_TRUE(o.cold);
  EXPECT_EQ(o.workgroupSize, 64u);
  EXPECT_EQ(o.chunkBytes, 4ull << 20);
  EXPECT_FALSE(o.overlap);
  EXPECT_EQ(parse({"--workgroup-size", "auto"}).options.workgroupSize, 0u);
}

TEST(CommandLine, VariantReplacesKernel) {
  EXPECT_EQ(parse({}).options.variant, "best");
  EXPECT_EQ(parse({"--variant", "all"}).options.variant, "all");
  EXPECT_EQ(parse({"--op", "mul,add", "--variant", "cios64"}).options.variant, "cios64");
  EXPECT_EQ(parse({"--variant", "u32"}).options.variant, "u32");
  // --kernel field_add, today's only meaning, is accepted and does nothing.
  EXPECT_EQ(parse({"--kernel", "field_add"}).options.variant, "best");
  for (const char* old : {"field_add_u64", "field_mul", ""}) {
    expectCommandLineError({"--kernel", old}, "--kernel is replaced by --variant (best, all, u32, cios32, cios64");
  }
  expectCommandLineError({"--kernel", "field_add_u64"}, "'field_add_u64'");
  // A name no op of --op has; the allowed ones are those of --op.
  expectCommandLineError({"--variant", "cios64"}, "invalid --variant 'cios64': expected best, all, u32");
  expectCommandLineError({"--op", "sqr", "--variant", "u32"}, "expected best, all, cios32, cios64");
  expectCommandLineError({"--variant", "fast"}, "'fast'");
}

TEST(CommandLine, WarmupTime) {
  EXPECT_DOUBLE_EQ(parse({}).options.warmupTime, kDefaultWarmupTime);
  EXPECT_DOUBLE_EQ(parse({"--warmup-time", "0.25"}).options.warmupTime, 0.25);
  EXPECT_DOUBLE_EQ(parse({"--warmup-time", "0"}).options.warmupTime, 0.0);  // the count only
  EXPECT_DOUBLE_EQ(parse({"--warmup-time", "60"}).options.warmupTime, 60.0);
  expectCommandLineError({"--warmup-time", "-1"}, "invalid --warmup-time '-1': expected seconds from 0 to 60");
  expectCommandLineError({"--warmup-time", "60.5"}, "'60.5'");
  expectCommandLineError({"--warmup-time", "warm"}, "'warm'");
  // --warmup 0 alone turns both off; with --warmup-time the time still applies.
  EXPECT_DOUBLE_EQ(parse({"--warmup", "0"}).options.warmupTime, 0.0);
  EXPECT_DOUBLE_EQ(parse({"--warmup", "0", "--warmup-time", "0.5"}).options.warmupTime, 0.5);
}

TEST(CommandLine, Timeout) {
  EXPECT_DOUBLE_EQ(parse({}).options.timeoutSeconds, 60.0);
  EXPECT_DOUBLE_EQ(parse({"--timeout", "2.5"}).options.timeoutSeconds, 2.5);
  expectCommandLineError({"--timeout", "0"}, "'0'");
  expectCommandLineError({"--timeout", "3601"}, "3601");
  expectCommandLineError({"--timeout", "soon"}, "soon");
}

TEST(CommandLine, BadMethodOptions) {
  expectCommandLineError({"--min-time", "0"}, "'0'");
  expectCommandLineError({"--min-time", "-1"}, "-1");
  expectCommandLineError({"--min-time", "abc"}, "abc");
  expectCommandLineError({"--min-time", "1", "--iterations", "5"}, "--min-time");
  expectCommandLineError({"--workgroup-size", "0"}, "'0'");
  expectCommandLineError({"--workgroup-size", "4096"}, "4096");
  expectCommandLineError({"--chunk", "0"}, "'0'");
  expectCommandLineError({"--chunk", "1K"}, "1K");
  expectCommandLineError({"--chunk", "lots"}, "lots");
  expectCommandLineError({"--chunk", "4G"}, "4G");
}

TEST(CommandLine, FieldOpsAndOpsPerElement) {
  const RunOptions d = parse({}).options;
  EXPECT_EQ(d.field, "bls12-381-fp");
  EXPECT_EQ(d.ops, std::vector<FieldOp>{FieldOp::kAdd});
  EXPECT_EQ(d.opsPerElement, 1u);
  const RunOptions o = parse({"--field", "bn254-fp", "--op", "mul,neg", "--ops-per-element", "16"}).options;
  EXPECT_EQ(o.field, "bn254-fp");
  EXPECT_EQ(o.ops, (std::vector<FieldOp>{FieldOp::kMul, FieldOp::kNeg}));
  EXPECT_EQ(o.opsPerElement, 16u);
  EXPECT_EQ(parse({"--op", "all"}).options.ops.size(), 6u);
  EXPECT_EQ(parse({"--op", "sqr"}).options.ops, std::vector<FieldOp>{FieldOp::kSqr});
  EXPECT_EQ(parse({"--ops-per-element", "65536"}).options.opsPerElement, 65536u);
  // --buffer-size counts the field's elements: 12M is 262144 48-byte or 393216 32-byte ones.
  EXPECT_EQ(parse({"--buffer-size", "12M", "--field", "bls12-381-fr"}).options.elements, (Counts{393216}));
  EXPECT_EQ(parse({"--buffer-size", "32", "--field", "bn254-fr"}).options.elements, (Counts{1}));
  EXPECT_TRUE(parse({"--list-ops"}).message.has_value());
  EXPECT_NE(parse({"--list-ops"}).message->find("bn254-fr"), std::string::npos);
}

TEST(CommandLine, BadFieldOpsAndOpsPerElement) {
  expectCommandLineError({"--field", "secp256k1"}, "secp256k1");
  expectCommandLineError({"--op", "div"}, "div");
  expectCommandLineError({"--op", "add,,mul"}, "invalid op");
  expectCommandLineError({"--ops-per-element", "0"}, "'0'");
  expectCommandLineError({"--ops-per-element", "65537"}, "65537");
  expectCommandLineError({"--ops-per-element", "1.5"}, "1.5");
  expectCommandLineError({"--buffer-size", "48", "--field", "bn254-fr"}, "multiple of 32");
  expectCommandLineError({"--a-file", "a", "--b-file", "b", "--result-file", "c", "--op", "add,mul"}, "one --op");
}

}  // namespace
}  // namespace fieldbench
