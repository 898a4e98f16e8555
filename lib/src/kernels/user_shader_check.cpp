// A user shader's interface, checked by reflection (SPIRV-Cross's C API) before it runs: the
// three storage buffers, the push constant `uint count`, the workgroup size from
// local_size_x_id = 0, constant_id 1 as uint, and the capabilities fieldbench enables.
#include <fmt/format.h>
#include <spirv_cross_c.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "fieldbench/error.hpp"
#include "fieldbench/user_shader.hpp"

namespace fieldbench {
namespace {

using ContextPtr = std::unique_ptr<spvc_context_s, decltype(&spvc_context_destroy)>;

constexpr std::array<const char*, 3> kBindingRole = {"operand a, a readonly storage buffer",
                                                     "operand b, a readonly storage buffer",
                                                     "the result c, a writeonly storage buffer"};

class Reflection {
 public:
  Reflection(std::span<const std::uint32_t> spirv, std::string_view path) : ctx_(nullptr, spvc_context_destroy), path_(path) {
    spvc_context c = nullptr;
    if (spvc_context_create(&c) != SPVC_SUCCESS) throw Error(ExitCode::kRuntime, "SPIRV-Cross: no context");
    ctx_.reset(c);
    spvc_parsed_ir ir = nullptr;
    if (spvc_context_parse_spirv(c, spirv.data(), spirv.size(), &ir) != SPVC_SUCCESS ||
        spvc_context_create_compiler(c, SPVC_BACKEND_NONE, ir, SPVC_CAPTURE_MODE_TAKE_OWNERSHIP, &comp_) !=
            SPVC_SUCCESS ||
        spvc_compiler_create_shader_resources(comp_, &res_) != SPVC_SUCCESS) {
      fail(fmt::format("SPIR-V not reflected: {}", spvc_context_get_last_error_string(c)));
    }
  }
  [[noreturn]] void fail(const std::string& what) const { throwUsage(fmt::format("--shader '{}': {}", path_, what)); }

  std::span<const spvc_reflected_resource> resources(spvc_resource_type type) const {
    const spvc_reflected_resource* list = nullptr;
    std::size_t n = 0;
    spvc_resources_get_resource_list_for_type(res_, type, &list, &n);
    return {list, n};
  }
  unsigned decoration(spvc_variable_id id, SpvDecoration d) const { return spvc_compiler_get_decoration(comp_, id, d); }
  bool blockHas(spvc_variable_id id, SpvDecoration d) const {
    if (spvc_compiler_has_decoration(comp_, id, d) != 0) return true;
    const SpvDecoration* list = nullptr;
    std::size_t n = 0;
    spvc_compiler_get_buffer_block_decorations(comp_, id, &list, &n);
    return std::find(list, list + n, d) != list + n;
  }
  spvc_compiler comp() const { return comp_; }

 private:
  ContextPtr ctx_;
  std::string path_;
  spvc_compiler comp_ = nullptr;
  spvc_resources res_ = nullptr;
};

// Set 0, bindings 0 and 1 readonly, 2 written; nothing else bound.
void checkBindings(const Reflection& r, bool unary) {
  std::array<bool, 3> seen{};
  for (const auto& b : r.resources(SPVC_RESOURCE_TYPE_STORAGE_BUFFER)) {
    const unsigned set = r.decoration(b.id, SpvDecorationDescriptorSet);
    const unsigned binding = r.decoration(b.id, SpvDecorationBinding);
    if (set != 0 || binding > 2) {
      r.fail(fmt::format("storage buffer '{}' at set {} binding {}: fieldbench binds set 0, bindings 0 (a), 1 (b), "
                         "2 (c) only", b.name, set, binding));
    }
    seen[binding] = true;
    const bool readonly = r.blockHas(b.id, SpvDecorationNonWritable);
    if (binding < 2 && !readonly) r.fail(fmt::format("binding {} ('{}', {}) is not readonly", binding, b.name, kBindingRole[binding]));
    if (binding == 2 && readonly) r.fail(fmt::format("binding 2 ('{}', {}) is readonly", b.name, kBindingRole[2]));
  }
  // Any other kind of resource: a wrong descriptor type (or a binding fieldbench does not provide).
  constexpr std::array<std::pair<spvc_resource_type, const char*>, 7> kOthers{{
      {SPVC_RESOURCE_TYPE_UNIFORM_BUFFER, "a uniform buffer"}, {SPVC_RESOURCE_TYPE_STORAGE_IMAGE, "a storage image"},
      {SPVC_RESOURCE_TYPE_SAMPLED_IMAGE, "a sampled image"}, {SPVC_RESOURCE_TYPE_SEPARATE_IMAGE, "an image"},
      {SPVC_RESOURCE_TYPE_SEPARATE_SAMPLERS, "a sampler"}, {SPVC_RESOURCE_TYPE_ATOMIC_COUNTER, "an atomic counter"},
      {SPVC_RESOURCE_TYPE_ACCELERATION_STRUCTURE, "an acceleration structure"}}};
  for (const auto& [type, what] : kOthers) {
    for (const auto& b : r.resources(type)) {
      r.fail(fmt::format("'{}' at set {} binding {} is {}: fieldbench binds storage buffers only (set 0, bindings "
                         "0 to 2)", b.name, r.decoration(b.id, SpvDecorationDescriptorSet),
                         r.decoration(b.id, SpvDecorationBinding), what));
    }
  }
  for (unsigned i = 0; i < 3; ++i) {
    if (!seen[i] && !(i == 1 && unary)) {
      r.fail(fmt::format("no storage buffer at set 0 binding {} ({})", i, kBindingRole[i]));
    }
  }
}

// One push-constant block of 4 bytes whose first member is `uint count` at offset 0.
void checkPushConstant(const Reflection& r) {
  const auto blocks = r.resources(SPVC_RESOURCE_TYPE_PUSH_CONSTANT);
  constexpr const char* kWant = "layout(push_constant) uniform Push { uint count; }";
  if (blocks.empty()) r.fail(fmt::format("no push-constant block: expected {}", kWant));
  const spvc_compiler c = r.comp();
  const spvc_type block = spvc_compiler_get_type_handle(c, blocks[0].base_type_id);
  const spvc_type first = spvc_compiler_get_type_handle(c, spvc_type_get_member_type(block, 0));
  const std::string name = spvc_compiler_get_member_name(c, blocks[0].base_type_id, 0);
  unsigned offset = 1;
  spvc_compiler_type_struct_member_offset(c, block, 0, &offset);
  const bool isUint = spvc_type_get_basetype(first) == SPVC_BASETYPE_UINT32 && spvc_type_get_vector_size(first) == 1 &&
                      spvc_type_get_columns(first) == 1 && spvc_type_get_num_array_dimensions(first) == 0;
  if (!isUint || offset != 0 || name != "count") {
    r.fail(fmt::format("the push-constant block's first member is not `uint count` (found '{}'): expected {}", name, kWant));
  }
  std::size_t size = 0;
  spvc_compiler_get_declared_struct_size(c, block, &size);
  if (size != sizeof(std::uint32_t)) {
    r.fail(fmt::format("the push-constant block is {} bytes: fieldbench pushes only `uint count` (4 bytes)", size));
  }
}

// Workgroup size x from constant_id 0, y = z = 1; constant_id 1 (if any) a 32-bit integer.
bool checkConstants(const Reflection& r) {
  const spvc_compiler c = r.comp();
  spvc_specialization_constant x{}, y{}, z{};
  spvc_compiler_get_work_group_size_specialization_constants(c, &x, &y, &z);
  if (x.id == 0 || x.constant_id != 0) {
    r.fail("the workgroup size is not taken from local_size_x_id = 0: expected layout(local_size_x_id = 0) in;");
  }
  const unsigned ly = spvc_compiler_get_execution_mode_argument_by_index(c, SpvExecutionModeLocalSize, 1);
  const unsigned lz = spvc_compiler_get_execution_mode_argument_by_index(c, SpvExecutionModeLocalSize, 2);
  if (y.id != 0 || z.id != 0 || ly != 1 || lz != 1) r.fail("local_size_y and local_size_z must be 1 (one-dimensional dispatch)");
  const spvc_specialization_constant* list = nullptr;
  std::size_t n = 0;
  spvc_compiler_get_specialization_constants(c, &list, &n);
  bool opsPerElement = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (list[i].constant_id != 1) continue;
    const spvc_constant k = spvc_compiler_get_constant_handle(c, list[i].id);
    const spvc_type t = spvc_compiler_get_type_handle(c, spvc_constant_get_type(k));
    const auto base = spvc_type_get_basetype(t);
    if ((base != SPVC_BASETYPE_UINT32 && base != SPVC_BASETYPE_INT32) || spvc_type_get_vector_size(t) != 1) {
      r.fail("constant_id 1 is not a 32-bit integer: expected layout(constant_id = 1) const uint kOpsPerElement = 1u;");
    }
    opsPerElement = true;
  }
  return opsPerElement;
}

// Int64 and Float64 are enabled where the device has them; the capabilities that need other
// features are refused.
void checkCapabilities(const Reflection& r, ShaderInterface& out) {
  const SpvCapability* caps = nullptr;
  std::size_t n = 0;
  spvc_compiler_get_declared_capabilities(r.comp(), &caps, &n);
  for (std::size_t i = 0; i < n; ++i) {
    switch (caps[i]) {
      case SpvCapabilityInt64: out.needsInt64 = true; break;
      case SpvCapabilityFloat64: out.needsFloat64 = true; break;
      case SpvCapabilityInt8: case SpvCapabilityInt16: case SpvCapabilityFloat16:
      case SpvCapabilityInt64Atomics: case SpvCapabilityStorageBuffer16BitAccess:
      case SpvCapabilityStorageBuffer8BitAccess: case SpvCapabilityStoragePushConstant16:
      case SpvCapabilityStoragePushConstant8:
        r.fail(fmt::format("it needs SPIR-V capability {}, a device feature fieldbench does not enable (Int64 and "
                           "Float64 are the only ones)", static_cast<int>(caps[i])));
      default: break;
    }
  }
}

}  // namespace

ShaderInterface checkShaderInterface(std::span<const std::uint32_t> spirv, bool unary, std::string_view path) {
  const Reflection r(spirv, path);
  if (spvc_compiler_get_execution_model(r.comp()) != SpvExecutionModelGLCompute) r.fail("not a compute shader");
  checkBindings(r, unary);
  checkPushConstant(r);
  ShaderInterface out;
  out.readsOpsPerElement = checkConstants(r);
  checkCapabilities(r, out);
  return out;
}

}  // namespace fieldbench
