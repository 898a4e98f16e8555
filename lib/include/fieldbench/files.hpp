#pragma once
// Element files (raw 48-byte little-endian elements) and all-or-nothing file writes.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fieldbench/field.hpp"
#include "fieldbench/fields.hpp"

namespace fieldbench {

// Reads a file of canonical elements; throws Error(kUsage) naming the file (and the
// element index) when it cannot be read, is empty, is not a multiple of 48 bytes,
// or holds an element >= p.
std::vector<Element> readElementFile(const std::string& path);
// The same for any field: raw f.elementBytes()-byte elements, returned packed
// (f.limbs u64 words each); the size and every element checked against f.
std::vector<std::uint64_t> readElementFile(const std::string& path, const Field& f);

// Writes `bytes` to a temporary file beside `path`, then renames it over `path`:
// the file is whole or absent. Throws Error(kRuntime) on failure.
void writeFileAtomically(const std::string& path, std::span<const std::byte> bytes);
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace fieldbench
