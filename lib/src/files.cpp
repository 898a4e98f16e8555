#include "fieldbench/files.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "fieldbench/error.hpp"
#include "fieldbench/options.hpp"

namespace fieldbench {

std::vector<Element> readElementFile(const std::string& path) {
  const auto words = readElementFile(path, bls12381Fp());
  std::vector<Element> elements(words.size() / 6);
  std::memcpy(elements.data(), words.data(), words.size() * sizeof(std::uint64_t));
  return elements;
}

std::vector<std::uint64_t> readElementFile(const std::string& path, const Field& f) {
  const std::uint64_t elementBytes = f.elementBytes();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throwUsage(fmt::format("cannot read element file '{}': {}", path, ec.message()));
  if (size == 0 || size % elementBytes != 0) {
    throwUsage(fmt::format("element file '{}' has {} bytes: expected a positive multiple of {} ({} elements)", path,
                           size, elementBytes, f.name));
  }
  std::vector<std::uint64_t> words(size / 8);
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(words.data()), static_cast<std::streamsize>(size))) {
    throwUsage(fmt::format("cannot read element file '{}'", path));
  }
  for (std::size_t i = 0; i < words.size() / f.limbs; ++i) {
    if (!isCanonical(f, loadElement(words, i, f.limbs))) {
      throwUsage(fmt::format("element file '{}': element {} is not canonical (must be < p of {})", path, i, f.name));
    }
  }
  return words;
}

void writeFileAtomically(const std::string& path, std::span<const std::byte> bytes) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) throw Error(ExitCode::kRuntime, fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const int err = ok ? 0 : errno;
  if (std::fclose(f) != 0 || !ok) {
    std::remove(tmp.c_str());
    throw Error(ExitCode::kRuntime, fmt::format("cannot write '{}': {}", path, std::strerror(err ? err : errno)));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(tmp.c_str());
    throw Error(ExitCode::kRuntime, fmt::format("cannot write '{}': {}", path, std::strerror(e)));
  }
}

void writeFileAtomically(const std::string& path, const std::string& text) {
  writeFileAtomically(path, std::as_bytes(std::span(text.data(), text.size())));
}

}  // namespace fieldbench
