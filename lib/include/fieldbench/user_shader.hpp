#pragma once
// --shader FILE: a user's GLSL compute shader, compiled at run time with libshaderc, its
// interface checked by reflection (SPIRV-Cross), run as the variant "file:<stem>" of one op.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fieldbench/fields.hpp"
#include "fieldbench/kernels.hpp"

namespace fieldbench {

// -D NAME or NAME=VALUE (value "1" when none, as glslc does).
struct ShaderDefine {
  std::string name;
  std::string value;
};
// Throws Error(kUsage) naming the text unless NAME is an identifier not reserved (GL_*, __*,
// FIELD_*: fieldbench defines the field) and VALUE has no control characters.
ShaderDefine parseShaderDefine(std::string_view text);
// The variant name of a shader path, "file:<stem>" (file name without its last extension).
// Throws Error(kUsage) for an empty path, control characters, or no stem.
std::string shaderVariantName(std::string_view path);

struct RunOptions;
// --shader's relations to the other options: one --op; --variant all, best or its own
// file:<stem>; every -D parses. Throws Error(kUsage).
void checkShaderOptions(const RunOptions& options);

// The SHA-256 of `data`, 64 lower-case hex digits.
std::string sha256Hex(std::span<const std::byte> data);

// What the reflection found (lib/src/kernels/user_shader_check.cpp).
struct ShaderInterface {
  bool readsOpsPerElement = false;  // declares constant_id 1 (kOpsPerElement)
  bool needsInt64 = false;          // declares the Int64 capability
  bool needsFloat64 = false;        // declares the Float64 capability
};
// Checks SPIR-V (compiled unoptimised) against the interface (README "Your own kernel");
// `unary`: binding 1 may be absent. Throws Error(kUsage) naming the first thing wrong.
ShaderInterface checkShaderInterface(std::span<const std::uint32_t> spirv, bool unary, std::string_view path);

// A compiled, checked user shader and the Kernel row that runs it. Not movable: the Kernel
// points into its strings and SPIR-V.
class UserShader {
 public:
  UserShader(const UserShader&) = delete;
  UserShader& operator=(const UserShader&) = delete;

  [[nodiscard]] const Kernel& kernel() const { return kernel_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& sourceSha256() const { return sha256_; }
  [[nodiscard]] const std::vector<ShaderDefine>& defines() const { return defines_; }
  [[nodiscard]] std::uint64_t spirvBytes() const { return spirv_.size() * sizeof(std::uint32_t); }
  [[nodiscard]] bool readsOpsPerElement() const { return interface_.readsOpsPerElement; }

  // Reads, compiles (FIELD_<NAME> of `field` defined, then `defines`) and checks `path` as the
  // kernel of `op` in `field`. Throws Error(kUsage): unreadable file, compile error (the
  // compiler's file:line message), interface violation.
  static std::unique_ptr<UserShader> load(const std::string& path, const std::vector<ShaderDefine>& defines,
                                          const Field& field, FieldOp op);

 private:
  UserShader() = default;
  std::string path_, sha256_, variant_, description_;
  std::vector<ShaderDefine> defines_;
  std::vector<std::uint32_t> spirv_;
  ShaderInterface interface_;
  Kernel kernel_{};
};

// GLSL source compiled with fieldbench's include path (the shader's directory, then the
// embedded field.glsl, mul_*.glsl and fieldbench/fields/*.h); `name` is used in messages.
// `optimize`: for performance; without it, names and unused declarations stay (for reflection).
// Throws Error(kUsage) with the compiler's messages.
std::vector<std::uint32_t> compileUserShader(const std::string& source, const std::string& name,
                                             const std::vector<ShaderDefine>& defines, bool optimize);

}  // namespace fieldbench
