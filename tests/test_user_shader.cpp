// --shader: argument parsing, SHA-256, compiling with the embedded include path, and each
// interface check by reflection (CPU: libshaderc and SPIRV-Cross, no device).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/user_shader.hpp"
#include "program.hpp"
#include "user_shaders.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using namespace fieldbench::testing::shaders;

ExitCode codeOf(const auto& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ExitCode::kSuccess;
}

std::string messageOf(const auto& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ShaderDefine, NameAndValue) {
  const auto d = parseShaderDefine("UNROLL=4");
  EXPECT_EQ(d.name, "UNROLL");
  EXPECT_EQ(d.value, "4");
  EXPECT_EQ(parseShaderDefine("FAST").value, "1");
  EXPECT_EQ(parseShaderDefine("X=").value, "");
  EXPECT_EQ(parseShaderDefine("EXPR=(a + b) * 2").value, "(a + b) * 2");
}

TEST(ShaderDefine, BadNamesAndValues) {
  for (const char* bad : {"", "=1", "1X=2", "A-B=1", "A B=1", "GL_FOO=1", "__X", "FIELD_BN254_FR", "X=a\nb"}) {
    EXPECT_EQ(codeOf([&] { parseShaderDefine(bad); }), ExitCode::kUsage) << bad;
  }
  EXPECT_NE(messageOf([] { parseShaderDefine("1X=2"); }).find("'1X=2'"), std::string::npos);
}

TEST(ShaderVariant, StemOfThePath) {
  EXPECT_EQ(shaderVariantName("docs/examples/shaders/add.comp"), "file:add");
  EXPECT_EQ(shaderVariantName("mul.v2.glsl"), "file:mul.v2");
  EXPECT_EQ(shaderVariantName("kernel"), "file:kernel");
  for (const char* bad : {"", "dir/", "a\tb.comp", ".."}) {
    EXPECT_EQ(codeOf([&] { shaderVariantName(bad); }), ExitCode::kUsage) << bad;
  }
}

TEST(Sha256, KnownVectors) {
  auto hex = [](const std::string& s) { return sha256Hex(std::as_bytes(std::span(s))); };
  EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(std::string(1000, 'a')), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(ShaderOptions, Relations) {
  RunOptions o;
  o.elements = {1024};
  o.shaderFile = "k.comp";
  o.variant = "file:k";
  EXPECT_NO_THROW(validate(o));
  o.variant = "all";
  EXPECT_NO_THROW(validate(o));
  o.variant = "u32";
  EXPECT_EQ(codeOf([&] { validate(o); }), ExitCode::kUsage);
  o.variant = "best";
  o.ops = {FieldOp::kAdd, FieldOp::kMul};
  EXPECT_EQ(codeOf([&] { validate(o); }), ExitCode::kUsage);
  o.ops = {FieldOp::kAdd};
  o.shaderDefines = {"BAD NAME=1"};
  EXPECT_EQ(codeOf([&] { validate(o); }), ExitCode::kUsage);
  o.shaderFile.clear();
  o.shaderDefines = {"N2=1"};
  EXPECT_EQ(codeOf([&] { validate(o); }), ExitCode::kUsage);  // -D without --shader
}

class UserShaderTest : public testing::TempDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  // Loads `text` as the add (or `op`) kernel in BLS12-381 Fp; returns the error, or "" when it loads.
  std::string loadError(const std::string& text, FieldOp op = FieldOp::kAdd, std::vector<ShaderDefine> defines = {}) {
    const std::string path = write("k.comp", text);
    try {
      (void)UserShader::load(path, defines, bls12381Fp(), op);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage) << e.what();
      return e.what();
    }
    return "";
  }
};

TEST_F(UserShaderTest, ExamplesCompileWithTheEmbeddedIncludes) {
  for (const Field* f : allFields()) {
    for (const auto& [file, op] : {std::pair{"add.comp", FieldOp::kAdd}, std::pair{"mul.comp", FieldOp::kMul}}) {
      const auto s = UserShader::load(std::string(FIELDBENCH_SOURCE_DIR "/docs/examples/shaders/") + file, {}, *f, op);
      EXPECT_EQ(s->kernel().variant, std::string("file:") + fs::path(file).stem().string());
      EXPECT_EQ(s->kernel().name, fieldOpKernel(*f, op).name);  // the benchmark name stays <field>.<op>
      EXPECT_TRUE(s->readsOpsPerElement());
      EXPECT_GT(s->spirvBytes(), 0u);
      EXPECT_EQ(s->sourceSha256().size(), 64u);
    }
  }
}

TEST_F(UserShaderTest, TheShadersDirectoryIsOnTheIncludePath) {
  write("mine.glsl", "#define MY_ONE 1u\n");
  EXPECT_EQ(loadError(source(with([](Parts& p) { p.prelude = "#include \"mine.glsl\"\nconst uint kOne = MY_ONE;"; }))), "");
}

TEST_F(UserShaderTest, DefinesReachTheShader) {
  const std::string needsDefine = source(with([](Parts& p) { p.prelude = "#ifndef MY_ONE\n#error MY_ONE needed\n#endif"; }));
  EXPECT_NE(loadError(needsDefine).find("MY_ONE needed"), std::string::npos);
  EXPECT_EQ(loadError(needsDefine, FieldOp::kAdd, {{"MY_ONE", "1u"}}), "");
}

TEST_F(UserShaderTest, SyntaxErrorNamesFileAndLine) {
  const std::string e = loadError(kSyntaxError);
  EXPECT_NE(e.find("k.comp:5:"), std::string::npos) << e;
  EXPECT_NE(e.find("does not compile"), std::string::npos) << e;
}

TEST_F(UserShaderTest, EachInterfaceViolationIsNamed) {
  for (const auto& v : kViolations) {
    const std::string e = loadError(v.source);
    EXPECT_NE(e.find(v.expected), std::string::npos) << v.what << ": " << e;
  }
}

TEST_F(UserShaderTest, UnaryOpsNeedNoOperandB) {
  EXPECT_EQ(loadError(kNegWithoutB, FieldOp::kNeg), "");
  EXPECT_NE(loadError(kNegWithoutB, FieldOp::kAdd).find("binding 1"), std::string::npos);
}

TEST_F(UserShaderTest, MissingFileIsUsage) {
  EXPECT_EQ(codeOf([&] { (void)UserShader::load((dir_ / "none.comp").string(), {}, bls12381Fp(), FieldOp::kAdd); }),
            ExitCode::kUsage);
}

}  // namespace
}  // namespace fieldbench
