#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_basic : require
#if defined(SHADER_INT64)
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#endif
// The NTT (lib/include/fieldbench/ntt.hpp has the convention): radix-2 decimation in time,
// natural order in and out, standard form throughout: the twiddles are in Montgomery form, so
// each butterfly's mont(v, wR) = v w needs no conversion in or out.
// Built per field x mul variant: glslc -DFIELD_<NAME> -DMUL_<VARIANT> [-DSHADER_INT64]; the
// butterfly's product goes through the variant's hooks (variantMulLazy), on 32-bit limbs.
// Buffers: a (input, n elements), b (Montgomery form: the inverse's scale n^-1 at 0, then the
// twiddles stage by stage, w^(j n / 2m) at m + j for the stage of half-size m), c (output,
// worked in place).
// The passes over device memory (lib/src/run/ntt_workload.cpp records them): each runs
// log2(kBlock) = 8 stages (fewer in the last) in shared memory, kBlock elements per workgroup,
// so n = 2^k takes ceil(k / 8) passes. The first gathers a in bit-reversed order; the last
// scales the inverse (mont(x, sR) = x s) and reduces: between, elements are below 2p.
#include "field.glsl"
#include "mul_variant.glsl"

#if !defined(FIELD_BLS12_381_FR) && !defined(FIELD_BN254_FR)
#error "the NTT is built for the scalar fields only"
#endif

// Invocations per workgroup and elements per shared-memory block (2 per invocation):
// 256 x 32 bytes = 8 KiB of shared memory. On the H200, 128 invocations beat 256 (8% at 2^24,
// the same passes) and 512 lose 30%: each barrier waits for fewer subgroups (docs/performance.md).
const uint kThreads = 128u;
const uint kBlock = 2u * kThreads;
layout(local_size_x = 128) in;

layout(std430, set = 0, binding = 0) readonly buffer Input { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer Twiddles { uvec4 tw[]; };
layout(std430, set = 0, binding = 2) buffer Work { uvec4 c[]; };

layout(push_constant) uniform Push {
  uint logN;
  uint firstStage;  // this pass's first stage: half-size 2^firstStage
  uint scaled;      // 1: the last pass multiplies by the scale (the inverse)
} push;

shared uvec4 s[V * kBlock];  // four limbs at a time: s[k * kBlock + i] holds limbs 4k .. 4k + 3 of element i

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
  [[unroll]] for (int k = 0; k < V; ++k) {
    uvec4 v = s[uint(k) * kBlock + i];
    x[4 * k] = v.x, x[4 * k + 1] = v.y, x[4 * k + 2] = v.z, x[4 * k + 3] = v.w;
  }
}
void storeS(uint i, in uint x[N]) {
  [[unroll]] for (int k = 0; k < V; ++k) s[uint(k) * kBlock + i] = uvec4(x[4 * k], x[4 * k + 1], x[4 * k + 2], x[4 * k + 3]);
}

// Within the transform the elements stay below 2p, not reduced (the last pass reduces them):
// the butterfly's product takes and gives values below 2p (variantMulLazy), and the add and
// subtract work modulo 2p, one conditional correction each. 4p < 2^(32N + 1) on both fields.
void twoP(out uint m[N]) {
  [[unroll]] for (int i = 0; i < N; ++i) m[i] = (kP[i] << 1u) | (i > 0 ? kP[i - 1] >> 31u : 0u);
}

// (u, v) -> (u + v, u - v), inputs and results below 2p.
void addSub(inout uint u[N], inout uint v[N]) {
  uint m[N], sum[N], diff[N];
  twoP(m);
  addMod(u, v, m, sum);
  subMod(u, v, m, diff);
  u = sum;
  v = diff;
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
  loadTw(0u, scale);
  // Invocation t's butterflies in stage l touch the 2^(l+1)-aligned elements around 2t, so while
  // 2^(l+1) (or the block) fits in 2 x the subgroup, a subgroup reads only what it wrote: with t
  // numbered subgroup by subgroup, those stages sync the subgroup instead of the workgroup.
  bool full = gl_NumSubgroups * gl_SubgroupSize == kThreads;
  uint t = full ? gl_SubgroupID * gl_SubgroupSize + gl_SubgroupInvocationID : gl_LocalInvocationID.x;
  uint local = full ? 2u * gl_SubgroupSize : 0u;  // elements a subgroup keeps to itself
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
        else butterfly(u, v, (hm << first) + jGlobal);
        storeS(base + k, u);
        storeS(base + k + hm, v);
      }
      if (l + 1u < stages && min(4u << l, size) <= local) {
        subgroupMemoryBarrierShared();
        subgroupBarrier();
      } else {
        barrier();
      }
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
