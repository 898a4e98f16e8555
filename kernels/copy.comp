#version 450
// Bandwidth roofline for field_add: the same traffic (two 48-byte reads and
// one 48-byte write per element) with no arithmetic: c[i] = a[i] xor b[i].
layout(local_size_x_id = 0) in;

layout(std430, set = 0, binding = 0) readonly buffer OperandA { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer OperandB { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Result { uvec4 c[]; };

layout(push_constant) uniform Push { uint count; } push;

void main() {
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    uint w = 3u * i;
    c[w] = a[w] ^ b[w];
    c[w + 1u] = a[w + 1u] ^ b[w + 1u];
    c[w + 2u] = a[w + 2u] ^ b[w + 2u];
  }
}
