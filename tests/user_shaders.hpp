#pragma once
// GLSL sources for the --shader tests: a correct add built from parts, and each part broken
// in one way (the interface checks), a wrong result, a syntax error, a loop that never ends.
#include <string>
#include <vector>

namespace fieldbench::testing::shaders {

// The pieces of a shader computing `op` (fAdd by default) on uint[] elements of N limbs.
struct Parts {
  std::string prelude;  // after #include "field.glsl"
  std::string layout = "layout(local_size_x_id = 0) in;";
  std::string spec = "layout(constant_id = 1) const uint kOpsPerElement = 1u;";
  std::string a = "layout(std430, set = 0, binding = 0) readonly buffer A { uint a[]; };";
  std::string b = "layout(std430, set = 0, binding = 1) readonly buffer B { uint b[]; };";
  std::string c = "layout(std430, set = 0, binding = 2) writeonly buffer C { uint c[]; };";
  std::string push = "layout(push_constant) uniform Push { uint count; } push;";
  std::string count = "push.count";
  std::string loadB = "b[uint(N) * i + uint(k)]";
  std::string step = "fAdd(x, y, r);";
  std::string store = "for (int k = 0; k < N; ++k) c[uint(N) * i + uint(k)] = x[k];";
};

inline std::string source(const Parts& p) {
  return "#version 450\n#extension GL_GOOGLE_include_directive : require\n#include \"field.glsl\"\n" + p.prelude +
         "\n" + p.layout + "\n" + p.spec + "\n" + p.a + "\n" + p.b + "\n" + p.c + "\n" + p.push +
         "\nvoid main() {\n"
         "  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;\n"
         "  for (uint i = gl_GlobalInvocationID.x; i < " + p.count + "; i += stride) {\n"
         "    uint x[N], y[N];\n"
         "    for (int k = 0; k < N; ++k) {\n"
         "      x[k] = a[uint(N) * i + uint(k)];\n"
         "      y[k] = " + p.loadB + ";\n"
         "    }\n"
         "    for (uint op = 0u; op < kOpsPerElement; ++op) {\n"
         "      uint r[N];\n"
         "      " + p.step + "\n"
         "      x = r;\n"
         "    }\n"
         "    " + p.store + "\n"
         "  }\n"
         "}\n";
}

inline Parts with(void (*edit)(Parts&)) {
  Parts p;
  edit(p);
  return p;
}

// A correct add.
inline const std::string kAdd = source(Parts{});
// Runs, but computes a - b: verification fails.
inline const std::string kWrongResult = source(with([](Parts& p) { p.step = "fSub(x, y, r);"; }));
// neg with no operand b at all.
inline const std::string kNegWithoutB = source(with([](Parts& p) {
  p.b = "";
  p.loadB = "0u";
  p.step = "fNeg(x, r);";
}));
// Right only over a poisoned result (c still 0xffffffff), else zeros: one kernel over the
// poison is verified, the second of a --batch back to back is not.
inline const std::string kRightOnlyOnce = source(with([](Parts& p) {
  p.c = "layout(std430, set = 0, binding = 2) buffer C { uint c[]; };";
  p.store = "bool poisoned = c[uint(N) * i] == 0xffffffffu;\n"
            "    for (int k = 0; k < N; ++k) c[uint(N) * i + uint(k)] = poisoned ? x[k] : 0u;";
}));
// Error on line 5 (an undeclared name).
inline const std::string kSyntaxError =
    "#version 450\nlayout(local_size_x_id = 0) in;\nlayout(push_constant) uniform Push { uint count; } push;\n"
    "void main() {\n  uint x = push.count + undeclared;\n}\n";
// Does not finish within seconds: multiplies until a limb of a (volatile: read every time) is
// 0xffffffff, which a canonical element's top limb never is. (lavapipe ends any loop after
// 65535 iterations, so there it is 65535 mul per element: still minutes at 16K elements.)
inline const std::string kInfiniteLoop = source(with([](Parts& p) {
  p.prelude = "#include \"mul_cios32.glsl\"";
  p.a = "layout(std430, set = 0, binding = 0) volatile readonly buffer A { uint a[]; };";
  p.step = "while (a[uint(N) * i + uint(N - 1)] != 0xffffffffu) { fMul(x, y, r); x = r; }";
}));

struct Violation {
  const char* what;
  std::string source;
  const char* expected;  // a part of the message
};

inline const std::vector<Violation> kViolations = {
    {"result at binding 3", source(with([](Parts& p) {
       p.c = "layout(std430, set = 0, binding = 3) writeonly buffer C { uint c[]; };";
     })), "set 0 binding 3"},
    {"result in set 1", source(with([](Parts& p) {
       p.c = "layout(std430, set = 1, binding = 2) writeonly buffer C { uint c[]; };";
     })), "set 1 binding 2"},
    {"no operand b", source(with([](Parts& p) {
       p.b = "";
       p.loadB = "0u";
     })), "no storage buffer at set 0 binding 1"},
    {"b a uniform buffer", source(with([](Parts& p) {
       p.b = "layout(std140, set = 0, binding = 1) uniform B { uvec4 b[4]; };";
       p.loadB = "b[k & 3].x";
     })), "is a uniform buffer"},
    {"a not readonly", source(with([](Parts& p) {
       p.a = "layout(std430, set = 0, binding = 0) buffer A { uint a[]; };";
     })), "binding 0 ('A', operand a, a readonly storage buffer) is not readonly"},
    {"c readonly", source(with([](Parts& p) {
       p.c = "layout(std430, set = 0, binding = 2) readonly buffer C { uint c[]; };";
       p.store = "if (c[i] == 7u) x[0] = 1u;";
     })), "binding 2"},
    {"no push constant", source(with([](Parts& p) {
       p.push = "";
       p.count = "1024u";
     })), "no push-constant block"},
    {"count not first", source(with([](Parts& p) {
       p.push = "layout(push_constant) uniform Push { uint first; uint count; } push;";
       p.count = "push.count + push.first";
     })), "first member is not `uint count`"},
    {"count a float", source(with([](Parts& p) {
       p.push = "layout(push_constant) uniform Push { float count; } push;";
       p.count = "uint(push.count)";
     })), "first member is not `uint count`"},
    {"a larger block", source(with([](Parts& p) {
       p.push = "layout(push_constant) uniform Push { uint count; uint extra; } push;";
       p.count = "push.count + push.extra";
     })), "8 bytes"},
    {"fixed workgroup size", source(with([](Parts& p) { p.layout = "layout(local_size_x = 64) in;"; })),
     "local_size_x_id = 0"},
    {"workgroup size from constant 3", source(with([](Parts& p) { p.layout = "layout(local_size_x_id = 3) in;"; })),
     "local_size_x_id = 0"},
    {"two-dimensional", source(with([](Parts& p) {
       p.layout = "layout(local_size_x_id = 0, local_size_y = 2) in;";
     })), "local_size_y"},
    {"constant 1 a float", source(with([](Parts& p) {
       p.spec = "layout(constant_id = 1) const float kScale = 1.0;\nconst uint kOpsPerElement = 1u;";
     })), "constant_id 1 is not a 32-bit integer"},
    {"float16", source(with([](Parts& p) {
       p.prelude = "#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require\n"
                   "layout(constant_id = 2) const float16_t kScale = 1.0hf;";
       p.store = "for (int k = 0; k < N; ++k) c[uint(N) * i + uint(k)] = x[k] + uint(kScale * 0.0hf);";
     })), "capability"},
};

}  // namespace fieldbench::testing::shaders
