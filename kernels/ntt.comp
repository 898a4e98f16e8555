#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#if defined(SHADER_INT64)
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#endif
// The NTT (lib/include/fieldbench/ntt.hpp has the convention): radix-2 decimation in time,
// natural order in and out, standard form in and out, Montgomery form inside.
// Built per field x mul variant: glslc -DFIELD_<NAME> -DMUL_<VARIANT> [-DSHADER_INT64].
// Buffers: a (input, n elements), b (twiddles w^i in Montgomery form for i < n/2, then the
// output scale at n/2: 1 forward, n^-1 inverse, standard form), c (output, worked in place).
// The passes over device memory (lib/src/run/ntt_workload.cpp records them):
//   MODE_BLOCK: each workgroup gathers kBlock elements of a in bit-reversed order, converts
//     them to Montgomery form (times R^2), runs the first log2(kBlock) stages in shared
//     memory and writes them to c; when n <= kBlock that is the whole transform.
//   MODE_STAGE: one radix-2 stage of half-size 2^logHalf over c in device memory; the last
//     stage also leaves Montgomery form and scales (mont(xR, s) = x s).
#include "field.glsl"
#if defined(MUL_CIOS64)
#include "mul_cios64.glsl"
#elif defined(MUL_CIOS32)
#include "mul_cios32.glsl"
#else
#error "ntt.comp needs -DMUL_CIOS32 or -DMUL_CIOS64 (kernels/CMakeLists.txt)"
#endif

#if defined(FIELD_BLS12_381_FR)
#define FIELD_R2 FB_BLS12_381_FR_R2
#elif defined(FIELD_BN254_FR)
#define FIELD_R2 FB_BN254_FR_R2
#else
#error "the NTT is built for the scalar fields only"
#endif

#define MODE_BLOCK 0u
#define MODE_STAGE 1u

// Invocations per workgroup and elements per shared-memory block (2 per invocation):
// 512 x 32 bytes = 16 KiB of shared memory, within every Vulkan device's minimum.
const uint kThreads = 256u;
const uint kBlock = 2u * kThreads;
layout(local_size_x = 256) in;

layout(std430, set = 0, binding = 0) readonly buffer Input { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer Twiddles { uvec4 tw[]; };
layout(std430, set = 0, binding = 2) buffer Work { uvec4 c[]; };

layout(push_constant) uniform Push {
  uint logN;
  uint mode;
  uint logHalf;  // MODE_STAGE: the stage's half-size m = 2^logHalf
} push;

const uint kR2[N] = uint[N](FIELD_R2);
shared uint s[N * kBlock];  // limb-major: s[limb * kBlock + i]

void loadA(uint i, out uint x[N]) {
  [[unroll]] for (int k = 0; k < V; ++k) {
    uvec4 v = a[uint(V) * i + uint(k)];
    x[4 * k] = v.x, x[4 * k + 1] = v.y, x[4 * k + 2] = v.z, x[4 * k + 3] = v.w;
  }
}
void loadTw(uint i, out uint x[N]) {
  [[unroll]] for (int k = 0; k < V; ++k) {
    uvec4 v = tw[uint(V) * i + uint(k)];
    x[4 * k] = v.x, x[4 * k + 1] = v.y, x[4 * k + 2] = v.z, x[4 * k + 3] = v.w;
  }
}
void loadC(uint i, out uint x[N]) {
  [[unroll]] for (int k = 0; k < V; ++k) {
    uvec4 v = c[uint(V) * i + uint(k)];
    x[4 * k] = v.x, x[4 * k + 1] = v.y, x[4 * k + 2] = v.z, x[4 * k + 3] = v.w;
  }
}
void storeC(uint i, in uint x[N]) {
  [[unroll]] for (int k = 0; k < V; ++k) c[uint(V) * i + uint(k)] = uvec4(x[4 * k], x[4 * k + 1], x[4 * k + 2], x[4 * k + 3]);
}
void loadS(uint i, out uint x[N]) {
  [[unroll]] for (int k = 0; k < N; ++k) x[k] = s[uint(k) * kBlock + i];
}
void storeS(uint i, in uint x[N]) {
  [[unroll]] for (int k = 0; k < N; ++k) s[uint(k) * kBlock + i] = x[k];
}

// (u, v) -> (u + w v, u - w v), Montgomery form; w is twiddle index j of a stage of hm m.
void butterfly(inout uint u[N], inout uint v[N], uint twiddle) {
  uint w[N], t[N], sum[N], diff[N];
  loadTw(twiddle, w);
  fMul(v, w, t);
  fAdd(u, t, sum);
  fSub(u, t, diff);
  u = sum;
  v = diff;
}

// Out of Montgomery form, times the scale (standard form): mont(xR, s) = x s.
void leave(inout uint x[N], in uint scale[N]) {
  uint r[N];
  fMul(x, scale, r);
  x = r;
}

void blockPass() {
  uint logN = push.logN, n = 1u << logN;
  uint size = min(n, kBlock);  // elements of one block
  uint blocks = n / size;
  uint scale[N];
  loadTw(n / 2u, scale);
  uint t = gl_LocalInvocationID.x;
  for (uint blk = gl_WorkGroupID.x; blk < blocks; blk += gl_NumWorkGroups.x) {
    uint base = blk * size;
    for (uint i = t; i < size; i += kThreads) {
      uint x[N], m[N];
      loadA(bitfieldReverse(base + i) >> (32u - logN), x);
      fMul(x, kR2, m);
      storeS(i, m);
    }
    barrier();
    for (uint logHalf = 0u; (1u << logHalf) < size; ++logHalf) {
      uint hm = 1u << logHalf;
      if (t < size / 2u) {
        uint j = t & (hm - 1u), k = ((t >> logHalf) << (logHalf + 1u)) + j;
        uint u[N], v[N];
        loadS(k, u);
        loadS(k + hm, v);
        butterfly(u, v, j << (logN - logHalf - 1u));
        storeS(k, u);
        storeS(k + hm, v);
      }
      barrier();
    }
    for (uint i = t; i < size; i += kThreads) {
      uint x[N];
      loadS(i, x);
      if (size == n) leave(x, scale);
      storeC(base + i, x);
    }
    barrier();  // the next block's loads wait for this block's reads of s
  }
}

void stagePass() {
  uint logN = push.logN, n = 1u << logN, logHalf = push.logHalf, hm = 1u << logHalf;
  bool last = 2u * hm == n;
  uint scale[N];
  loadTw(n / 2u, scale);
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint t = gl_GlobalInvocationID.x; t < n / 2u; t += stride) {
    uint j = t & (hm - 1u), k = ((t >> logHalf) << (logHalf + 1u)) + j;
    uint u[N], v[N];
    loadC(k, u);
    loadC(k + hm, v);
    butterfly(u, v, j << (logN - logHalf - 1u));
    if (last) {
      leave(u, scale);
      leave(v, scale);
    }
    storeC(k, u);
    storeC(k + hm, v);
  }
}

void main() {
  if (push.mode == MODE_BLOCK) {
    blockPass();
  } else {
    stagePass();
  }
}
