// Variant cios64: CIOS Montgomery multiplication on 32-bit limbs with 64-bit
// accumulation (GL_EXT_shader_explicit_arithmetic_types_int64): each step
// a[j] * b[i] + t[j] + carry is one 32x32->64 multiply-add and a 64-bit add, which
// NVIDIA compiles to a wide multiply-add and hardware carry chains. Needs shaderInt64.
// Every field here has p < 2^(32N) / 4, so the product and reduction rows merge
// ("no-carry" CIOS): t stays below 2p in N limbs, one conditional subtraction at the end.
void fMul(in uint a[N], in uint b[N], out uint r[N]) {
  uint t[N];
  [[unroll]] for (int j = 0; j < N; ++j) t[j] = 0u;
  [[unroll]] for (int i = 0; i < N; ++i) {
    uint64_t s = uint64_t(a[0]) * b[i] + t[0];
    uint carryA = uint(s >> 32);
    uint t0 = uint(s);
    uint m = t0 * FIELD_INV32;
    s = uint64_t(m) * kP[0] + t0;  // low word 0 by the choice of m
    uint carryM = uint(s >> 32);
    [[unroll]] for (int j = 1; j < N; ++j) {
      s = uint64_t(a[j]) * b[i] + t[j] + carryA;
      carryA = uint(s >> 32);
      uint tj = uint(s);
      s = uint64_t(m) * kP[j] + tj + carryM;
      carryM = uint(s >> 32);
      t[j - 1] = uint(s);
    }
    t[N - 1] = carryA + carryM;
  }
  reduceOnce(t, 0u, r);
}

// Squaring, SOS: the off-diagonal products a[i] * a[j] (i < j) once, doubled by a
// shift, plus the diagonal a[i]^2: N(N+1)/2 products instead of N^2; then N
// Montgomery reduction rows over the 2N-limb square, the top carry kept apart.
void fSqr(in uint a[N], out uint r[N]) {
  uint t[2 * N];
  [[unroll]] for (int k = 0; k < 2 * N; ++k) t[k] = 0u;
  [[unroll]] for (int i = 0; i < N - 1; ++i) {
    uint carry = 0u;
    [[unroll]] for (int j = i + 1; j < N; ++j) {
      uint64_t s = uint64_t(a[i]) * a[j] + t[i + j] + carry;
      t[i + j] = uint(s);
      carry = uint(s >> 32);
    }
    t[i + N] = carry;
  }
  t[2 * N - 1] = t[2 * N - 2] >> 31;
  [[unroll]] for (int k = 2 * N - 2; k > 0; --k) t[k] = (t[k] << 1) | (t[k - 1] >> 31);
  t[0] <<= 1;
  uint carry = 0u;
  [[unroll]] for (int i = 0; i < N; ++i) {
    uint64_t s = uint64_t(a[i]) * a[i] + t[2 * i] + carry;
    t[2 * i] = uint(s);
    s = uint64_t(t[2 * i + 1]) + uint(s >> 32);
    t[2 * i + 1] = uint(s);
    carry = uint(s >> 32);
  }
  uint top = 0u;  // carry out of t[i + N] from reduction row i, added in row i + 1
  [[unroll]] for (int i = 0; i < N; ++i) {
    uint m = t[i] * FIELD_INV32;
    uint64_t s = uint64_t(m) * kP[0] + t[i];
    carry = uint(s >> 32);
    [[unroll]] for (int j = 1; j < N; ++j) {
      s = uint64_t(m) * kP[j] + t[i + j] + carry;
      t[i + j] = uint(s);
      carry = uint(s >> 32);
    }
    s = uint64_t(t[i + N]) + carry + top;
    t[i + N] = uint(s);
    top = uint(s >> 32);
  }
  uint u[N];
  [[unroll]] for (int k = 0; k < N; ++k) u[k] = t[N + k];
  reduceOnce(u, top, r);
}

#include "mul_chain_n.glsl"
