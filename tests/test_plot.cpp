// fieldbench plot: the SVG parsed by a small XML checker (well-formed, balanced tags), its
// polylines, dash styles, legend and axis labels; usage errors.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "fieldbench/plot_svg.hpp"
#include "fieldbench/report.hpp"
#include "fieldbench/report_json.hpp"
#include "fieldbench/stats.hpp"

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

class PlotCli : public testing::FieldbenchCliTest {
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
    return FieldbenchCliTest::run(args);
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
  // Two devices: each series is named by its device alone (escaped in the SVG).
  const std::string h100 = "NVIDIA H100", h200 = "NVIDIA H200 &lt;x&gt;";
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
  EXPECT_NE(r.out.find("[0] GPU A\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[1] GPU B\n"), std::string::npos) << r.out;
  // 1K elements: kernel 1024 ns on A (1 G elem/s), half that on B; round trip ten times slower.
  const std::regex row(R"(\n\s+1K\s+1 G\s+2 G \(2\.00x\)\s+100 M\s+200 M \(2\.00x\)\s*\n)");
  EXPECT_TRUE(std::regex_search(r.out, row)) << r.out;
}

TEST(PlotLabels, ReportBaseName) {
  EXPECT_EQ(reportBaseName("runs/2026/h200.json"), "h200");
  EXPECT_EQ(reportBaseName("/tmp/h200.v2.json"), "h200.v2");
  EXPECT_EQ(reportBaseName("h200"), "h200");
  EXPECT_EQ(reportBaseName("out/h200.txt"), "h200.txt");  // only .json goes
}

// The series' labels, from the chart's polylines.
std::vector<std::string> seriesLabels(const std::vector<XmlElement>& all) {
  std::vector<std::string> labels;
  for (const auto* l : named(all, "polyline", "series")) labels.push_back(l->attributes.at("data-label"));
  return labels;
}

TEST_F(PlotCli, LabelsAreDeviceNamesWithTheBaseNameOnlyWhereDevicesCollide) {
  fs::create_directories(dir_ / "runs" / "before");
  fs::create_directories(dir_ / "runs" / "after");
  const auto a = writeReport("runs/before/h200-main.json", report("NVIDIA H200"));
  const auto b = writeReport("runs/after/h200-branch.json", report("NVIDIA H200", 2));
  const auto c = writeReport("runs/h100.json", report("NVIDIA H100"));
  const auto svg = dir_ / "chart.svg";
  const Result r = run({a.string(), b.string(), c.string(), "-o", svg.string(), "--table"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto labels = seriesLabels(parseXml(readFile(svg)));
  EXPECT_EQ(labels, (std::vector<std::string>{"NVIDIA H200 (h200-main): kernel", "NVIDIA H200 (h200-main): round trip",
                                              "NVIDIA H200 (h200-branch): kernel",
                                              "NVIDIA H200 (h200-branch): round trip", "NVIDIA H100: kernel",
                                              "NVIDIA H100: round trip"}));
  for (const auto& label : labels) {
    EXPECT_EQ(label.find('/'), std::string::npos) << label;
    EXPECT_EQ(label.find(".json"), std::string::npos) << label;
  }
  EXPECT_NE(r.out.find("[0] NVIDIA H200 (h200-main)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[2] NVIDIA H100\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(dir_.string()), std::string::npos) << r.out;
}

TEST_F(PlotCli, SameDeviceAndBaseNameInTwoFoldersStillTwoLabels) {
  fs::create_directories(dir_ / "a");
  fs::create_directories(dir_ / "b");
  const auto a = writeReport("a/run.json", report("GPU")), b = writeReport("b/run.json", report("GPU", 2));
  const auto svg = dir_ / "chart.svg";
  const Result r = run({a.string(), b.string(), "-o", svg.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto labels = seriesLabels(parseXml(readFile(svg)));
  ASSERT_EQ(labels.size(), 4u);
  EXPECT_EQ(labels[0], "GPU (run, file 1): kernel");
  EXPECT_EQ(labels[2], "GPU (run, file 2): kernel");
}

// The legend lies below the plot area, inside the SVG, and the plot keeps its full width
// however long the labels are.
TEST_F(PlotCli, LegendBelowThePlotAreaNeverOverIt) {
  const std::string longName(150, 'G');
  const auto a = writeReport("long.json", report(longName)), b = writeReport("b.json", report("GPU B", 2));
  const auto c = writeReport("c.json", report("GPU C", 3)), d = writeReport("d.json", report("GPU D", 4));
  for (const bool withLong : {false, true}) {
    SCOPED_TRACE(withLong ? "a 150-character device name" : "short names");
    const auto svg = dir_ / "chart.svg";
    std::vector<std::string> args{b.string(), c.string(), d.string(), "-o", svg.string()};
    if (withLong) args.insert(args.begin(), a.string());
    const Result r = run(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto all = parseXml(readFile(svg));
    const double width = std::stod(all[0].attributes.at("width")), height = std::stod(all[0].attributes.at("height"));
    const auto frames = named(all, "rect", "frame");
    ASSERT_EQ(frames.size(), 1u);
    const auto& f = frames[0]->attributes;
    const double plotLeft = std::stod(f.at("x")), plotTop = std::stod(f.at("y"));
    const double plotWidth = std::stod(f.at("width")), plotBottom = plotTop + std::stod(f.at("height"));
    EXPECT_DOUBLE_EQ(plotWidth, 600);
    if (!withLong) {
      EXPECT_GT(plotWidth, 0.8 * width);  // the plot, not the legend, is the chart
    }
    const double xlabelY = std::stod(named(all, "text", "xlabel")[0]->attributes.at("y"));
    const auto texts = named(all, "text", "legend"), lines = named(all, "line", "legend");
    ASSERT_EQ(texts.size(), withLong ? 8u : 6u);
    ASSERT_EQ(lines.size(), texts.size());
    std::set<std::pair<double, double>> slots;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const double y = std::stod(lines[i]->attributes.at("y1")), x = std::stod(lines[i]->attributes.at("x1"));
      const double textX = std::stod(texts[i]->attributes.at("x")), textY = std::stod(texts[i]->attributes.at("y"));
      EXPECT_GT(y - 12, xlabelY) << texts[i]->text;  // below the axis label, so below the plot area
      EXPECT_GT(y, plotBottom);
      EXPECT_GE(x, plotLeft - 1);
      EXPECT_LE(textY, height) << texts[i]->text;
      EXPECT_LE(textX + 7 * static_cast<double>(texts[i]->text.size()), width) << texts[i]->text;
      EXPECT_TRUE(slots.emplace(x, y).second) << "two legend entries in one place";
      // In a row, an entry starts after the previous one's text ends.
      if (i > 0 && std::stod(lines[i - 1]->attributes.at("y1")) == y) {
        EXPECT_GE(x, std::stod(texts[i - 1]->attributes.at("x")) + 7 * static_cast<double>(texts[i - 1]->text.size()));
      }
    }
  }
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
