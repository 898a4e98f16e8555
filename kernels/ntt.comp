#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#if defined(SHADER_INT64)
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#endif
// The NTT (lib/include/fieldbench/ntt.hpp has the convention): radix-2 decimation in time,
// natural order in and out, standard form throughout: the twiddles are in Montgomery form, so
// each butterfly's mont(v, wR) = v w needs no conversion in or out.
// Built per field x mul variant: glslc -DFIELD_<NAME> -DMUL_<VARIANT> [-DSHADER_INT64]; the
// butterfly's product goes through the variant's hooks (variantMulLazy), on 32-bit limbs.
// Buffers: a (input, n elements), b (twiddles w^i in Montgomery form for i < n/2, then the
// inverse's scale n^-1 at n/2, Montgomery form), c (output, worked in place).
// The passes over device memory (lib/src/run/ntt_workload.cpp records them): each runs
// log2(kBlock) = 9 stages (fewer in the last) in shared memory, kBlock elements per workgroup,
// so n = 2^k takes ceil(k / 9) passes. The first gathers a in bit-reversed order; the last
// scales the inverse (mont(x, sR) = x s) and reduces: between, elements are below 2p.
#include "field.glsl"
#include "mul_variant.glsl"

#if !defined(FIELD_BLS12_381_FR) && !defined(FIELD_BN254_FR)
#error "the NTT is built for the scalar fields only"
#endif

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
  uint firstStage;  // this pass's first stage: half-size 2^firstStage
  uint scaled;      // 1: the last pass multiplies by the scale (the inverse)
} push;

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

// Within the transform the elements stay below 2p, not reduced (the last pass reduces them):
// the butterfly's product takes and gives values below 2p (variantMulLazy), and the add and
// subtract work modulo 2p, one conditional correction each. 4p < 2^(32N + 1) on both fields.
uint twoP(const int i) { return (kP[i] << 1u) | (i > 0 ? kP[i - 1] >> 31u : 0u); }

// (u, v) -> (u + v, u - v), inputs and results below 2p.
void addSub(inout uint u[N], inout uint v[N]) {
  uint sum[N], diff[N], d[N];
  uint carry = 0u, borrow = 0u;
  [[unroll]] for (int i = 0; i < N; ++i) {
    uint c1, c2, b1, b2;
    uint t = uaddCarry(u[i], v[i], c1);
    sum[i] = uaddCarry(t, carry, c2);
    carry = c1 | c2;
    t = usubBorrow(u[i], v[i], b1);
    diff[i] = usubBorrow(t, borrow, b2);
    borrow = b1 | b2;
  }
  // sum - 2p unless that borrows (and the sum has no 33rd bit); diff + 2p if u < v.
  uint sb = 0u, dc = 0u, mask = 0u - borrow;
  [[unroll]] for (int i = 0; i < N; ++i) {
    uint b1, b2, c1, c2;
    uint t = usubBorrow(sum[i], twoP(i), b1);
    d[i] = usubBorrow(t, sb, b2);
    sb = b1 | b2;
    t = uaddCarry(diff[i], twoP(i) & mask, c1);
    v[i] = uaddCarry(t, dc, c2);
    dc = c1 | c2;
  }
  bool keep = sb != 0u && carry == 0u;
  [[unroll]] for (int i = 0; i < N; ++i) u[i] = keep ? sum[i] : d[i];
}
// (u, v) -> (u + w v, u - w v), standard form: the twiddle is in Montgomery form.
void butterfly(inout uint u[N], inout uint v[N], uint twiddle) {
  uint w[N], t[N];
  loadTw(twiddle, w);
  variantMulLazy(v, w, t);
  v = t;
  addSub(u, v);
}

// Times the scale (Montgomery form): mont(x, sR) = x s, below 2p.
void scaleBy(inout uint x[N], in uint scale[N]) {
  uint r[N];
  variantMulLazy(x, scale, r);
  x = r;
}

// One pass: stages first .. first + L - 1 (L = min(log2 kBlock, logN - first)) in shared
// memory. A block is the 2^L elements whose indices differ only in bits first .. first + L - 1:
// block g has the low bits g mod 2^first and the high bits above first + L; element i of it
// is at low + (i << first) + (high << (first + L)). The first pass gathers a in bit-reversed
// order; the last scales the inverse.
uint elementOf(uint g, uint i, uint first, uint stages) {
  uint low = g & ((1u << first) - 1u), high = g >> first;
  return low + (i << first) + (high << (first + stages));
}

// A workgroup holds kBlock elements in shared memory: kBlock / 2^L blocks side by side when
// the pass's blocks are smaller (the last pass of most sizes), so every invocation works.
void blockPass() {
  uint logN = push.logN, n = 1u << logN, first = push.firstStage;
  uint stages = min(logN - first, uint(findLSB(kBlock)));
  uint size = 1u << stages;  // elements of one block
  uint blocks = n >> stages;
  uint per = kBlock >> stages;  // blocks per workgroup
  uint groups = (blocks + per - 1u) / per;
  bool entering = first == 0u, last = first + stages == logN, scaling = last && push.scaled != 0u;
  uint scale[N];
  loadTw(n / 2u, scale);
  uint t = gl_LocalInvocationID.x;
  for (uint wg = gl_WorkGroupID.x; wg < groups; wg += gl_NumWorkGroups.x) {
    // The first pass takes its blocks in bit-reversed order: block g gathers a at stride
    // n / kBlock from offset reverse(g), so consecutive workgroups read neighbouring elements
    // (whole cache lines between them) instead of ones n / 2 apart.
    uint blk = entering && per == 1u && blocks > 1u ? bitfieldReverse(wg) >> (32u - uint(findLSB(blocks))) : wg;
    for (uint i = t; i < kBlock; i += kThreads) {
      uint g = blk * per + (i >> stages), e = elementOf(g, i & (size - 1u), first, stages);
      if (g >= blocks) continue;
      uint x[N];
      if (entering) loadA(bitfieldReverse(e) >> (32u - logN), x);
      else loadC(e, x);
      storeS(i, x);
    }
    barrier();
    // Butterfly t: block t / (size / 2) of the workgroup's, butterfly t mod (size / 2) of it.
    uint sub = t >> (stages - 1u), tl = t & ((size >> 1u) - 1u), g = blk * per + sub, base = sub << stages;
    for (uint l = 0u; l < stages; ++l) {
      uint hm = 1u << l;  // half-size in the block; in the transform 2^(first + l)
      if (g < blocks) {
        uint j = tl & (hm - 1u), k = ((tl >> l) << (l + 1u)) + j;
        // The butterfly's position in its stage-(first + l) group of the whole transform.
        uint jGlobal = elementOf(g, k, first, stages) & ((hm << first) - 1u);
        uint u[N], v[N];
        loadS(base + k, u);
        loadS(base + k + hm, v);
        // The transform's first stage has only w = 1 (uniform: the whole dispatch's stage 0).
        if (first + l == 0u) addSub(u, v);
        else butterfly(u, v, jGlobal << (logN - first - l - 1u));
        storeS(base + k, u);
        storeS(base + k + hm, v);
      }
      barrier();
    }
    for (uint i = t; i < kBlock; i += kThreads) {
      uint g2 = blk * per + (i >> stages);
      if (g2 >= blocks) continue;
      uint x[N];
      loadS(i, x);
      if (scaling) scaleBy(x, scale);
      if (last) {  // canonical out
        uint r[N];
        reduceOnce(x, 0u, r);
        x = r;
      }
      storeC(elementOf(g2, i & (size - 1u), first, stages), x);
    }
    barrier();  // the next blocks' loads wait for these reads of s
  }
}

void main() { blockPass(); }
