#include "fieldbench/field.hpp"

#include "fieldbench/fields.hpp"

namespace fieldbench {

bool isCanonical(const Element& x) { return isCanonical(bls12381Fp(), x); }

Element fpAdd(const Element& a, const Element& b) { return fieldAdd(bls12381Fp(), a, b); }

}  // namespace fieldbench
