// The chain's hooks (field_op.comp) for variants that work on the N canonical 32-bit
// limbs themselves: fMul and fSqr in, canonical out, no conversion.
#define MUL_LIMBS N
void mulEnter(in uint v[N], out uint x[N]) { x = v; }
void mulOperand(in uint v[N], out uint y[N]) { y = v; }
void mulStep(inout uint x[N], in uint y[N]) {
  uint r[N];
  fMul(x, y, r);
  x = r;
}
void mulLeave(in uint x[N], out uint v[N]) { v = x; }
void sqrEnter(in uint v[N], out uint x[N]) { x = v; }
void sqrStep(inout uint x[N]) {
  uint r[N];
  fSqr(x, r);
  x = r;
}
void sqrLeave(in uint x[N], out uint v[N]) { v = x; }
