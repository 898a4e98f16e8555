#version 450
// What the device's fma on doubles does, for the fp52 mul variant (lib/src/kernels/double_fma.cpp):
// the host passes x = 2^52 - 1 and t = -(2^104 - 2^53), so nothing folds at compile time.
//   c[0].xy: fma(x, x, t) = 1 when fused (x x = 2^104 - 2^53 + 1 exactly), 0 when x x is rounded first;
//   c[0].zw: fma(3, x, 2^104) - 2^104 = 3 2^52 when rounded to nearest (2 2^52 toward zero).
layout(local_size_x_id = 0) in;
layout(std430, set = 0, binding = 0) readonly buffer A { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer B { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer C { uvec4 c[]; };
layout(push_constant) uniform Push { uint count; } push;

void main() {
  if (gl_GlobalInvocationID.x != 0u || push.count == 0u) return;
  double x = packDouble2x32(a[0].xy);
  double t = packDouble2x32(a[0].zw);
  double three = packDouble2x32(b[0].xy);
  double two104 = packDouble2x32(b[0].zw);
  precise double fused = fma(x, x, t);
  precise double nearest = fma(three, x, two104) - two104;
  c[0] = uvec4(unpackDouble2x32(fused), unpackDouble2x32(nearest));
}
