#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "fieldbench/error.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/user_shader.hpp"
#include "fieldbench/version.hpp"
#include "tools.hpp"

namespace fieldbench {
namespace {

// An unsigned integer option in [min, max], or a usage error naming the option and value.
template <typename T>
T parseUnsigned(std::string_view option, const std::string& text, T min,
                T max = std::numeric_limits<T>::max()) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throwUsage(fmt::format("invalid {} '{}': expected an integer from {} to {}", option, text, min, max));
  }
  return value;
}

// Seconds in (0, 3600], or a usage error naming the option and value.
double parseSeconds(std::string_view option, const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(value > 0) || value > 3600) {
    throwUsage(fmt::format("invalid {} '{}': expected seconds, more than 0 and at most 3600", option, text));
  }
  return value;
}

// --warmup-time: seconds from 0 to kMaxWarmupTime.
double parseWarmupTime(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(value >= 0) ||
      value > kMaxWarmupTime) {
    throwUsage(fmt::format("invalid --warmup-time '{}': expected seconds from 0 to {}", text, kMaxWarmupTime));
  }
  return value;
}

// --variant's values, for help and messages: "best, all, u32, cios32, cios64".
std::string variantValues() {
  std::string text = "best, all";
  for (const auto name : variantNames()) text += fmt::format(", {}", name);
  return text;
}

}  // namespace

std::string listOpsText() {
  std::string text = "fields (--field):\n";
  for (const Field* f : allFields()) {
    text += fmt::format("  {:<14} {}, {}-byte elements\n", f->name, f->description, f->elementBytes());
  }
  text += "ops (--op, comma-separated, or all):\n";
  for (FieldOp op : allOps()) {
    std::string what;
    switch (op) {
      case FieldOp::kMul:
        what = "Montgomery multiplication a * b / R mod p (operands and result in Montgomery form, R = 2^(32 x limbs))";
        break;
      case FieldOp::kSqr: what = "unary: Montgomery squaring a * a / R mod p (x = x^2 in Montgomery form)"; break;
      case FieldOp::kNeg: what = "unary: -a mod p"; break;
      case FieldOp::kDouble: what = "unary: 2a mod p"; break;
      default: what = fmt::format("a {} b mod p", op == FieldOp::kAdd ? '+' : '-'); break;
    }
    text += fmt::format("  {:<14} {}\n", toString(op), what);
  }
  text += fmt::format("  {:<14} {}\n", "ntt",
                      "bls12-381-fr, bn254-fr: X[k] = sum_j x[j] w^(jk), w = g^((r-1)/n), standard form, natural order, "
                      "n a power of two (not in all)");
  text += fmt::format("  {:<14} {}\n", "intt", "the inverse: x[j] = n^-1 sum_k X[k] w^(-jk)");
  text += "variants (--variant NAME, all or best), with 32-bit multiply-adds (FP64 variants: FP64 instructions) per op in each field:\n";
  for (const auto name : variantNames()) {
    std::string ops, description, counts, previous;
    for (FieldOp op : allOps()) {
      for (const KernelVariant& v : variantsOf(op)) {
        if (v.name != name) continue;
        ops += (ops.empty() ? "" : ",") + std::string(toString(op));
        description = v.description;
        std::string these;
        for (const Field* f : allFields()) {
          const Kernel& k = fieldOpKernel(*f, op, name);
          const auto count = k.multiplyAddsPerOp > 0 ? k.multiplyAddsPerOp : k.fp64OpsPerOp;
          if (count > 0) these += fmt::format("{}{} {}", these.empty() ? "" : ", ", f->name, count);
        }
        if (!these.empty() && these != previous) counts += fmt::format("; {}: {}", toString(op), these);
        previous = these;
      }
    }
    text += fmt::format("  {:<14} {}: {}{}\n", name, ops, description, counts);
  }
  return text;
}

Command parseCommandLine(const std::vector<std::string>& args) {
  CLI::App app{"fieldbench: finite-field arithmetic (BLS12-381, BN254) on Vulkan GPUs, verified end to end.", "fieldbench"};
  app.footer(kExitCodeHelp);
  app.get_formatter()->column_width(34);

  std::string elements, bufferSize, memory = "auto", format = "table", chunk;
  std::string iterations = "10", warmup = "2", seed = "1", workgroup = "auto", minTime, timeout, warmupTime, batch;
  std::string opList = "add", opsPerElement = "1", kernel;
  Command cmd;
  auto& o = cmd.options;
  bool noVerify = false, version = false, noOverlap = false;

  auto* elementsOpt = app.add_option("-n,--elements", elements,
                                     "Element counts: 1K = 1024, lists 1K,4K, ranges of powers of two 1K..256K "
                                     "[default: 1K..256K]");
  app.add_option("--buffer-size", bufferSize, "Bytes per operand buffer instead of a count: a positive multiple of the element size, 48 "
                                         "or 32 (12M)")
      ->excludes(elementsOpt);
  app.add_option("--memory", memory,
                 "Where operands live, a list or all: device-local (staged), host-visible (shader reads host "
                 "memory), rebar (CPU writes device-local memory), imported (the host arrays themselves, "
                 "VK_EXT_external_memory_host), or auto: imported where the device can import host memory, "
                 "else device-local [default: auto]");
  app.add_option("--chunk", chunk, "Bytes of one operand per pipelined chunk of the round trip, 64K to 1G [default: 4M]");
  app.add_flag("--no-overlap", noOverlap, "Upload, kernel and download one after another, unchunked");
  auto* iterationsOpt = app.add_option("--iterations", iterations, "Timed repetitions per size, at least 1 [default: 10]");
  app.add_option("--min-time", minTime,
                 "Instead of --iterations: repeat each size until SECONDS of round trips are measured")
      ->excludes(iterationsOpt);
  app.add_flag("--cold", o.cold,
               "Evict the GPU's last-level cache (write 256 MiB) before every timed kernel [default: warm]");
  app.add_option("--warmup", warmup, "Untimed runs before the timed ones [default: 2]");
  app.add_option("--warmup-time", warmupTime,
                 fmt::format("Then more untimed runs until SECONDS have passed and two consecutive kernel times "
                             "agree within 2% (at most 4x SECONDS; 0: the count only; --warmup 0 alone: none) "
                             "[default: {}]",
                             kDefaultWarmupTime));
  app.add_option("--batch", batch,
                 fmt::format("Also time N kernels back to back per repetition, the GPU busy between them "
                             "(measure kernel_batch: their time / N; the result checked), 1 to {} [default: off]",
                             kMaxBatch))
      ->type_name("N");
  app.add_option("--seed", seed, "Seed of the random operands [default: 1]");
  app.add_flag("--no-verify", noVerify, "Skip the check against the CPU reference (figures are marked 'not checked')");
  app.add_option("--device", o.device,
                 "Device index from --list-devices, its UUID, a case-insensitive name substring, or all (every "
                 "usable device, one after the other)");
  app.add_flag("--list-devices", cmd.listDevices, "List the Vulkan devices and exit (--format json: machine-readable)");
  app.add_option("--format", format, "table, json (Google Benchmark's format) or csv [default: table]");
  app.add_option("-o,--output", o.output, "Write the report to FILE (whole or not at all) instead of stdout");
  auto* aOpt = app.add_option("--a-file", o.aFile, "Known-answer mode: operand a, raw little-endian elements of the field (48 or 32 bytes)");
  auto* bOpt = app.add_option("--b-file", o.bFile, "Known-answer mode: operand b, same layout and size (not for ntt/intt)");
  auto* rOpt = app.add_option("--result-file", o.resultFile, "Known-answer mode: where to write the --op result");
  aOpt->excludes(elementsOpt);
  bOpt->excludes(elementsOpt);
  rOpt->excludes(elementsOpt);
  auto* variantOpt = app.add_option("--variant", o.variant,
                 fmt::format("Kernel variant of each op: {}; best times each one the device supports briefly and runs "
                             "the fastest, all runs every one side by side (see --list-ops) [default: best]",
                             variantValues()));
  auto* kernelOpt = app.add_option("--kernel", kernel, "Replaced by --variant (--kernel field_add is accepted and does nothing)")
      ->group("");
  app.add_option("--workgroup-size", workgroup,
                 fmt::format("Invocations per workgroup (specialization constant), 1 to 1024 within the device's "
                             "limits, or auto = {} [default: auto]",
                             kAutoWorkgroupText));
  app.add_option("--field", o.field, "bls12-381-fp, bls12-381-fr, bn254-fp or bn254-fr (see --list-ops) "
                                    "[default: bls12-381-fp]");
  app.add_option("--op", opList, "Operations, comma-separated, or all: add, sub, double, neg, mul, sqr (Montgomery: "
                                 "operands and result in Montgomery form); ntt, intt (bls12-381-fr, bn254-fr: the "
                                 "transform of the whole vector, power-of-two sizes; not in all) [default: add]");
  app.add_option("--ops-per-element", opsPerElement,
                 "K dependent operations per element in the kernel: x = a; K times x = op(x, b) [default: 1]");
  auto* listOpsOpt = app.add_flag("--list-ops", cmd.listOps, "List the fields and operations and exit");
  app.add_flag("--verbose", cmd.verbose,
               "With --list-ops: bring up the device (--device) and print each kernel's pipeline statistics "
               "(registers, instructions, spills: what the driver reports through "
               "VK_KHR_pipeline_executable_properties)")
      ->needs(listOpsOpt);
  std::string threshold = "5";
  std::string runs = std::to_string(kDefaultRuns);
  app.add_option("--runs", runs,
                 fmt::format("Measure the whole sweep N times, each with a fresh device, buffers and pipelines "
                             "(devices of --device all take turns); the report keeps each run's samples, and "
                             "compare tests between runs when both files have 3 or more, 1 to {} [default: {}]",
                             kMaxRuns, kDefaultRuns));
  auto* baselineOpt = app.add_option("--baseline", cmd.baseline,
                                     "After the run, compare it with this JSON report (as fieldbench compare); "
                                     "exit 1 on a regression");
  app.add_option("--threshold", threshold, "With --baseline: percent change that counts [default: 5]")
      ->needs(baselineOpt);
  app.add_flag("-q,--quiet", cmd.quiet, "Print nothing but errors (a file given with -o is still written)");
  app.add_option("--timeout", timeout,
                 "Longest wait for the GPU, in seconds (more than 0, at most 3600); past it the run fails "
                 "with exit code 4 [default: 60]");
  app.add_option("--shader", o.shaderFile,
                 "A GLSL compute shader (README \"Your own kernel\"), compiled at run time and run as variant "
                 "file:<name> of the one --op: alone, or beside the built-ins with --variant all or best");
  app.add_option("-D", o.shaderDefines, "With --shader: define macro NAME (as VALUE, default 1); repeatable")
      ->type_name("NAME[=VALUE]")
      ->allow_extra_args(false);
  app.add_flag("--version", version, "Print the version and git commit and exit");

  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    cmd.message = app.help();
    return cmd;
  } catch (const CLI::ParseError& e) {
    throwUsage(fmt::format("{} (see --help)", e.what()));
  }
  if (cmd.listOps && !cmd.verbose) {
    cmd.message = listOpsText();
    return cmd;
  }
  if (version) {
    cmd.message = fmt::format("fieldbench {} (commit {})\n", kVersion, kGitCommit);
    return cmd;
  }

  if (!bufferSize.empty()) {
    o.elements = {elementsFromBufferSize(bufferSize, findField(o.field).elementBytes())};
  } else {
    o.elements = parseElementList(elements.empty() ? "1K..256K" : elements);
  }
  if (!o.aFile.empty() || !o.bFile.empty() || !o.resultFile.empty()) o.elements.clear();
  o.memories = parseMemoryKinds(memory);
  if (!chunk.empty()) o.chunkBytes = parseChunkBytes(chunk);
  o.overlap = !noOverlap;
  o.format = parseOutputFormat(format);
  if (kernelOpt->count() > 0 && kernel != "field_add") {
    throwUsage(fmt::format("invalid --kernel '{}': --kernel is replaced by --variant ({})", kernel, variantValues()));
  }
  (void)findField(o.field);
  o.ops = parseOpList(opList);
  o.opsPerElement = parseUnsigned<std::uint32_t>("--ops-per-element", opsPerElement, 1, kMaxOpsPerElement);
  o.iterations = parseUnsigned<std::uint32_t>("--iterations", iterations, 1);
  o.warmup = parseUnsigned<std::uint32_t>("--warmup", warmup, 0);
  if (!batch.empty()) o.batch = parseUnsigned<std::uint32_t>("--batch", batch, 1, kMaxBatch);
  o.seed = parseUnsigned<std::uint64_t>("--seed", seed, 0);
  o.workgroupSize = workgroup == "auto" ? 0 : parseUnsigned<std::uint32_t>("--workgroup-size", workgroup, 1, 1024);
  if (!minTime.empty()) o.minTime = parseSeconds("--min-time", minTime);
  if (!warmupTime.empty()) o.warmupTime = parseWarmupTime(warmupTime);
  else if (o.warmup == 0) o.warmupTime = 0;  // --warmup 0 alone: no warm-up at all
  if (!timeout.empty()) o.timeoutSeconds = parseSeconds("--timeout", timeout);
  o.verify = !noVerify;
  // --shader alone runs only it: its own variant name.
  if (!o.shaderFile.empty() && variantOpt->count() == 0) o.variant = shaderVariantName(o.shaderFile);
  cmd.thresholdPercent = parseThresholdPercent(threshold);
  cmd.runs = parseUnsigned<std::uint32_t>("--runs", runs, 1, kMaxRuns);
  validate(o);
  return cmd;
}

}  // namespace fieldbench
