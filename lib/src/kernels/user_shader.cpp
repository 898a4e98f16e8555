// --shader: parsing its arguments, compiling with libshaderc (fieldbench's GLSL embedded on the
// include path), and the Kernel row the runner times.
#include "fieldbench/user_shader.hpp"

#include <fmt/format.h>
#include <shaderc/shaderc.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "fieldbench/error.hpp"
#include "fieldbench/options.hpp"

namespace fieldbench {
namespace {

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};
#include "fieldbench_spirv/embedded_glsl.inc"

bool hasControl(std::string_view s) {
  return std::ranges::any_of(s, [](char c) { return std::iscntrl(static_cast<unsigned char>(c)) != 0; });
}

bool isIdentifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front())) != 0) return false;
  return std::ranges::all_of(s, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// One resolved #include: the name and text shaderc reads, kept alive until it releases them.
struct Included {
  shaderc_include_result result{};
  std::string name, text;
};

// Where #include looks: beside the including file when that is on disk, the shader's own
// directory, then the embedded files (an embedded file looks among the embedded first).
struct IncludePath {
  std::filesystem::path shaderDir;

  static bool readFile(const std::filesystem::path& p, std::string& text) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) return false;
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return static_cast<bool>(in);
  }
  static const EmbeddedFile* embedded(std::string_view name) {
    for (const EmbeddedFile& f : kEmbeddedFiles) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  // Fills `out` and returns true when `requested` is found.
  bool resolve(std::string_view requested, std::string_view includer, Included& out) const {
    const bool fromEmbedded = includer.starts_with("<fieldbench>/");
    const EmbeddedFile* e = embedded(requested);
    if (fromEmbedded && e != nullptr) return take(*e, out);
    std::vector<std::filesystem::path> dirs;
    if (!fromEmbedded) dirs.push_back(std::filesystem::path(includer).parent_path());
    dirs.push_back(shaderDir);
    for (const auto& d : dirs) {
      const auto p = d / std::string(requested);
      if (readFile(p, out.text)) {
        out.name = p.string();
        return true;
      }
    }
    return e != nullptr && take(*e, out);
  }
  static bool take(const EmbeddedFile& e, Included& out) {
    out.name = "<fieldbench>/" + std::string(e.name);
    out.text = std::string(e.text);
    return true;
  }
};

shaderc_include_result* resolveInclude(void* user, const char* requested, int /*type*/, const char* includer,
                                       std::size_t /*depth*/) {
  auto* inc = new Included;
  if (!static_cast<const IncludePath*>(user)->resolve(requested, includer, *inc)) {
    inc->name.clear();
    inc->text = fmt::format("'{}' not found beside '{}', in the shader's directory or among fieldbench's "
                            "(field.glsl, mul_*.glsl, fieldbench/fields/*.h)", requested, includer);
  }
  inc->result = {.source_name = inc->name.c_str(), .source_name_length = inc->name.size(),
                 .content = inc->text.c_str(), .content_length = inc->text.size(), .user_data = inc};
  return &inc->result;
}

void releaseInclude(void* /*user*/, shaderc_include_result* result) { delete static_cast<Included*>(result->user_data); }

template <typename T, void (*Release)(T*)>
struct Releaser {
  void operator()(T* p) const { Release(p); }
};
using CompilerPtr = std::unique_ptr<shaderc_compiler, Releaser<shaderc_compiler, shaderc_compiler_release>>;
using OptionsPtr =
    std::unique_ptr<shaderc_compile_options, Releaser<shaderc_compile_options, shaderc_compile_options_release>>;
using ResultPtr =
    std::unique_ptr<shaderc_compilation_result, Releaser<shaderc_compilation_result, shaderc_result_release>>;

// The compiler's messages, at most a few lines, as one error.
[[noreturn]] void throwCompileError(const std::string& name, std::string messages) {
  while (!messages.empty() && messages.back() == '\n') messages.pop_back();
  throwUsage(fmt::format("--shader '{}' does not compile:\n{}", name, messages));
}

}  // namespace

ShaderDefine parseShaderDefine(std::string_view text) {
  const auto eq = text.find('=');
  ShaderDefine d{std::string(text.substr(0, eq)), eq == std::string_view::npos ? "1" : std::string(text.substr(eq + 1))};
  if (!isIdentifier(d.name)) {
    throwUsage(fmt::format("invalid -D '{}': expected NAME or NAME=VALUE, NAME a C identifier", text));
  }
  if (d.name.starts_with("GL_") || d.name.starts_with("__") || d.name.starts_with("FIELD_")) {
    throwUsage(fmt::format("invalid -D '{}': names starting GL_, __ or FIELD_ are reserved (fieldbench defines "
                           "FIELD_<NAME> of --field)", text));
  }
  if (hasControl(d.value)) throwUsage(fmt::format("invalid -D {}: its value has control characters", d.name));
  return d;
}

std::string shaderVariantName(std::string_view path) {
  if (path.empty()) throwUsage("invalid --shader '': expected a GLSL file");
  if (hasControl(path)) throwUsage("invalid --shader: the path has control characters");
  const std::string stem = std::filesystem::path(std::string(path)).stem().string();
  if (stem.empty() || stem == "." || stem == "..") {
    throwUsage(fmt::format("invalid --shader '{}': expected a file with a name (the variant is file:<name>)", path));
  }
  return "file:" + stem;
}

void checkShaderOptions(const RunOptions& options) {
  const std::string variant = shaderVariantName(options.shaderFile);
  if (options.ops.size() != 1) {
    throwUsage(fmt::format("--shader '{}' takes one --op: the op it computes (given {})", options.shaderFile,
                           options.ops.size()));
  }
  if (options.variant != "all" && options.variant != "best" && options.variant != variant) {
    throwUsage(fmt::format("invalid --variant '{}' with --shader: expected {} (the shader alone, the default), all "
                           "(beside the built-ins) or best", options.variant, variant));
  }
  for (const auto& d : options.shaderDefines) (void)parseShaderDefine(d);
}

std::vector<std::uint32_t> compileUserShader(const std::string& source, const std::string& name,
                                             const std::vector<ShaderDefine>& defines, bool optimize) {
  const CompilerPtr compiler(shaderc_compiler_initialize());
  const OptionsPtr options(shaderc_compile_options_initialize());
  if (!compiler || !options) throw Error(ExitCode::kRuntime, "libshaderc: could not initialise the compiler");
  shaderc_compile_options_set_target_env(options.get(), shaderc_target_env_vulkan, shaderc_env_version_vulkan_1_1);
  shaderc_compile_options_set_optimization_level(
      options.get(), optimize ? shaderc_optimization_level_performance : shaderc_optimization_level_zero);
  for (const ShaderDefine& d : defines) {
    shaderc_compile_options_add_macro_definition(options.get(), d.name.data(), d.name.size(), d.value.data(),
                                                 d.value.size());
  }
  IncludePath path{std::filesystem::path(name).parent_path()};
  shaderc_compile_options_set_include_callbacks(options.get(), resolveInclude, releaseInclude, &path);
  const ResultPtr result(shaderc_compile_into_spv(compiler.get(), source.data(), source.size(),
                                                  shaderc_glsl_compute_shader, name.c_str(), "main", options.get()));
  if (shaderc_result_get_compilation_status(result.get()) != shaderc_compilation_status_success) {
    throwCompileError(name, shaderc_result_get_error_message(result.get()));
  }
  const std::size_t bytes = shaderc_result_get_length(result.get());
  std::vector<std::uint32_t> words(bytes / sizeof(std::uint32_t));
  std::memcpy(words.data(), shaderc_result_get_bytes(result.get()), words.size() * sizeof(std::uint32_t));
  return words;
}

std::unique_ptr<UserShader> UserShader::load(const std::string& path, const std::vector<ShaderDefine>& defines,
                                             const Field& field, FieldOp op) {
  std::unique_ptr<UserShader> s(new UserShader);
  s->path_ = path;
  s->variant_ = shaderVariantName(path);
  std::string source;
  if (!IncludePath::readFile(path, source)) {
    throwUsage(fmt::format("invalid --shader '{}': not a readable file", path));
  }
  s->sha256_ = sha256Hex(std::as_bytes(std::span(source)));
  // FIELD_<NAME> first: field.glsl picks the field from it, as the built-ins' -DFIELD_<NAME>.
  s->defines_ = defines;
  std::vector<ShaderDefine> all{{"FIELD_" + upper(field.macroPrefix), "1"}};
  all.insert(all.end(), defines.begin(), defines.end());
  // Checked as written (names kept, nothing removed), then run as optimised.
  s->interface_ = checkShaderInterface(compileUserShader(source, path, all, false), isUnary(op), path);
  s->spirv_ = compileUserShader(source, path, all, true);
  s->description_ = fmt::format("{} in the {}: user shader {}", toString(op), field.description, path);
  const std::uint64_t eb = field.elementBytes();
  const Kernel& builtIn = fieldOpKernel(field, op);
  s->kernel_ = Kernel{.name = builtIn.name, .description = s->description_, .spirv = s->spirv_,
                      .bytesPerElement = (isUnary(op) ? 2 : 3) * eb, .needsInt64 = s->interface_.needsInt64,
                      .needsFloat64 = s->interface_.needsFloat64,
                      .elementBytes = eb, .field = &field, .op = op, .chained = true, .variant = s->variant_,
                      .multiplyAddsPerOp = 0, .multiplyBound = builtIn.multiplyBound};
  return s;
}

}  // namespace fieldbench
