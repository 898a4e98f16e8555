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

void fSqr(in uint a[N], out uint r[N]) { fMul(a, a, r); }
