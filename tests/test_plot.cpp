// fieldbench plot: the SVG parsed by a small XML checker (well-formed, balanced tags), its
// polylines, dash styles, legend and axis labels; usage errors.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "program.hpp"
#include "fieldbench/plot_svg.hpp"
#include "fieldbench/report.hpp"
#include "fieldbench/report_json.hpp"
#include "fieldbench/stats.hpp"

#ifndef FIELDBENCH_EXE
#error "FIELDBENCH_EXE must name the fieldbench executable"
#endif

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using testing::Result;
using testing::readFile;
using testing::runProgram;

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;  // character data directly inside
};

// A minimal XML reader for our own SVG: declaration, elements with quoted attributes, text,
// self-closing tags. Fails the test on anything unbalanced or malformed; returns every element.
std::vector<XmlElement> parseXml(const std::string& xml) {
  std::vector<XmlElement> all;
  std::vector<std::size_t> open;  // indexes into all
  std::size_t i = 0;
  if (xml.starts_with("<?xml")) i = xml.find("?>") + 2;
  const std::regex attribute(R"re(\s*([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"<]*)")re");
  while (i < xml.size()) {
    if (xml[i] != '<') {
      const auto next = xml.find('<', i);
      const auto text = xml.substr(i, next - i);
      if (open.empty()) {
        EXPECT_EQ(text.find_first_not_of(" \n"), std::string::npos) << "text outside the root: " << text;
      } else {
        all[open.back()].text += text;
      }
      EXPECT_EQ(text.find('>'), std::string::npos) << text;
      i = next == std::string::npos ? xml.size() : next;
      continue;
    }
    const auto close = xml.find('>', i);
    if (close == std::string::npos) {
      ADD_FAILURE() << "unterminated tag at " << i;
      break;
    }
    std::string tag = xml.substr(i + 1, close - i - 1);
    i = close + 1;
    if (tag.starts_with("/")) {
      if (open.empty() || all[open.back()].name != tag.substr(1)) {
        ADD_FAILURE() << "unbalanced </" << tag.substr(1) << ">";
        break;
      }
      open.pop_back();
      continue;
    }
    const bool selfClosing = tag.ends_with("/");
    if (selfClosing) tag.pop_back();
    XmlElement e;
    const auto space = tag.find_first_of(" \n");
    e.name = tag.substr(0, space);
    EXPECT_TRUE(std::regex_match(e.name, std::regex("[A-Za-z][A-Za-z0-9]*"))) << e.name;
    std::string rest = space == std::string::npos ? "" : tag.substr(space);
    std::smatch m;
    while (std::regex_search(rest, m, attribute) && m.position(0) == 0) {
      EXPECT_FALSE(e.attributes.contains(m[1])) << "duplicate attribute " << m[1];
      e.attributes[m[1]] = m[2];
      rest = m.suffix();
    }
    EXPECT_EQ(rest.find_first_not_of(" \n"), std::string::npos) << "junk in <" << e.name << ">: " << rest;
    EXPECT_TRUE(!open.empty() || all.empty()) << "a second root element <" << e.name << ">";
    all.push_back(e);
    if (!selfClosing) open.push_back(all.size() - 1);
  }
  EXPECT_TRUE(open.empty()) << "unclosed elements";
  return all;
}

MeasureResult measure(std::string name, std::vector<double> samples) {
  MeasureResult m{.name = std::move(name), .samplesNs = std::move(samples), .summary = {}, .bytesPerElement = 144};
  m.summary = summarize(m.samplesNs);
  return m;
}

// Three sizes on a device called `device`; kernel 1 ns per element, round trip 10 ns per element.
Report report(const std::string& device, double speed = 1) {
  Report r;
  r.context.version = "0.2.0";
  r.context.device.name = device;
  for (const std::uint64_t n : {1024u, 4096u, 65536u}) {
    const double k = static_cast<double>(n) / speed;
    r.cases.push_back({.op = "field_add", .memory = MemoryKind::kDeviceLocal, .elements = n, .verifyEnabled = true,
                       .mismatches = 0, .mismatchDetail = {},
                       .measures = {measure("kernel", {k, k * 1.01, k * 0.99}),
                                    measure("roundtrip", {10 * k, 10.1 * k, 9.9 * k})}});
  }
  return r;
}

class PlotCli : public testing::TempDirTest {
 protected:
  fs::path writeReport(const std::string& name, const Report& r) {
    std::ostringstream text;
    JsonReporter().write(r, text);
    const auto path = dir_ / name;
    std::ofstream(path) << text.str();
    return path;
  }
  Result run(std::vector<std::string> args) {
    args.insert(args.begin(), "plot");
    return runProgram(FIELDBENCH_EXE, args, dir_);
  }
};

std::vector<const XmlElement*> named(const std::vector<XmlElement>& all, const std::string& name,
                                     const std::string& cls = {}) {
  std::vector<const XmlElement*> out;
  for (const auto& e : all) {
    if (e.name == name && (cls.empty() || (e.attributes.contains("class") && e.attributes.at("class") == cls))) {
      out.push_back(&e);
    }
  }
  return out;
}

TEST_F(PlotCli, TwoFilesGiveFourLinesKernelSolidRoundTripDashed) {
  const auto a = writeReport("h100.json", report("NVIDIA H100")), b = writeReport("h200.json", report("NVIDIA H200 <x>", 2));
  const auto svg = dir_ / "chart.svg";
  const Result r = run({a.string(), b.string(), "-o", svg.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  const auto all = parseXml(readFile(svg));
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].name, "svg");
  EXPECT_EQ(all[0].attributes.at("xmlns"), "http://www.w3.org/2000/svg");

  const auto lines = named(all, "polyline", "series");
  ASSERT_EQ(lines.size(), 4u);
  std::map<std::string, const XmlElement*> byLabel;
  for (const auto* l : lines) byLabel[l->attributes.at("data-label")] = l;
  const std::string h100 = "NVIDIA H100 (" + a.string() + ")", h200 = "NVIDIA H200 &lt;x&gt; (" + b.string() + ")";
  ASSERT_TRUE(byLabel.contains(h100 + ": kernel")) << byLabel.begin()->first;
  ASSERT_TRUE(byLabel.contains(h100 + ": round trip"));
  ASSERT_TRUE(byLabel.contains(h200 + ": kernel"));
  EXPECT_FALSE(byLabel[h100 + ": kernel"]->attributes.contains("stroke-dasharray"));
  EXPECT_TRUE(byLabel[h100 + ": round trip"]->attributes.contains("stroke-dasharray"));
  // One colour per file, shared by its two lines.
  EXPECT_EQ(byLabel[h100 + ": kernel"]->attributes.at("stroke"), byLabel[h100 + ": round trip"]->attributes.at("stroke"));
  EXPECT_NE(byLabel[h100 + ": kernel"]->attributes.at("stroke"), byLabel[h200 + ": kernel"]->attributes.at("stroke"));

  // Three points each, left to right; a faster device's kernel line lies above (smaller y).
  auto points = [](const XmlElement* e) {
    std::vector<std::pair<double, double>> out;
    std::istringstream in(e->attributes.at("points"));
    std::string pair;
    while (in >> pair) out.emplace_back(std::stod(pair.substr(0, pair.find(','))), std::stod(pair.substr(pair.find(',') + 1)));
    return out;
  };
  const auto k1 = points(byLabel[h100 + ": kernel"]), k2 = points(byLabel[h200 + ": kernel"]);
  const auto r1 = points(byLabel[h100 + ": round trip"]);
  ASSERT_EQ(k1.size(), 3u);
  EXPECT_LT(k1[0].first, k1[1].first);
  EXPECT_LT(k1[1].first, k1[2].first);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(k1[i].first, k2[i].first);
    EXPECT_LT(k2[i].second, k1[i].second);  // twice the throughput: higher
    EXPECT_GT(r1[i].second, k1[i].second);  // round trip ten times slower: lower
  }

  // Axis labels with units, tick labels, a legend entry per line.
  ASSERT_EQ(named(all, "text", "xlabel").size(), 1u);
  EXPECT_EQ(named(all, "text", "xlabel")[0]->text, "elements (log scale)");
  EXPECT_EQ(named(all, "text", "ylabel")[0]->text, "throughput, elements/s (log scale)");
  std::vector<std::string> xticks;
  for (const auto* t : named(all, "text", "xtick")) xticks.push_back(t->text);
  EXPECT_EQ(xticks, (std::vector<std::string>{"1K", "2K", "4K", "8K", "16K", "32K", "64K"}));
  EXPECT_FALSE(named(all, "text", "ytick").empty());
  EXPECT_EQ(named(all, "text", "legend").size(), 4u);
  EXPECT_EQ(named(all, "line", "legend").size(), 4u);
}

TEST_F(PlotCli, TableSideBySide) {
  const auto a = writeReport("a.json", report("GPU A")), b = writeReport("b.json", report("GPU B", 2));
  const Result r = run({a.string(), b.string(), "-o", (dir_ / "c.svg").string(), "--table"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("[0] GPU A (" + a.string() + ")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[1] GPU B (" + b.string() + ")"), std::string::npos) << r.out;
  // 1K elements: kernel 1024 ns on A (1 G elem/s), half that on B; round trip ten times slower.
  const std::regex row(R"(\n\s+1K\s+1 G\s+2 G \(2\.00x\)\s+100 M\s+200 M \(2\.00x\)\s*\n)");
  EXPECT_TRUE(std::regex_search(r.out, row)) << r.out;
}

TEST_F(PlotCli, UsageErrors) {
  const auto good = writeReport("good.json", report("GPU"));
  const auto notJson = dir_ / "not.json";
  std::ofstream(notJson) << "not json";
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  for (const auto& c : std::vector<Case>{{{good.string()}, "-o"},
                                         {{"-o", (dir_ / "x.svg").string()}, "RESULT.json"},
                                         {{notJson.string(), "-o", (dir_ / "x.svg").string()}, notJson.string()},
                                         {{good.string(), "-o", (dir_ / "no" / "x.svg").string()}, "does not exist"}}) {
    const Result r = run(c.args);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "x.svg"));
  // A report without a verified figure draws nothing: an error, not an empty chart.
  Report failed = report("GPU");
  for (auto& c : failed.cases) c.mismatches = 1, c.mismatchDetail = "bad", c.measures.clear();
  const Result r = run({writeReport("failed.json", failed).string(), "-o", (dir_ / "x.svg").string()});
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("no verified"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "x.svg"));
}

}  // namespace
}  // namespace fieldbench
