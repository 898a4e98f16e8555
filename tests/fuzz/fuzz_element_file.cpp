// libFuzzer target: the known-answer element file reader, for every field. Any file either
// reads as whole canonical elements or throws fieldbench::Error(kUsage); anything else is a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/files.hpp"
#include "fieldbench/options.hpp"
#include "fuzz_check.hpp"

namespace fb = fieldbench;

using fb::fuzz::check;

namespace {
const std::string& path() {
  static const std::string p = "/tmp/fieldbench_fuzz_element_file." + std::to_string(::getpid());
  return p;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path().c_str(), "wb");
  check(f != nullptr);
  check(std::fwrite(data, 1, size, f) == size);
  check(std::fclose(f) == 0);
  try {
    const auto elements = fb::readElementFile(path());
    check(elements.size() * fb::kElementBytes == size);
    for (const auto& e : elements) check(fb::isCanonical(fb::bls12381Fp(), e));
  } catch (const fb::Error& e) {
    check(e.code() == fb::ExitCode::kUsage);
  }
  for (const fb::Field* field : fb::allFields()) {
    try {
      const auto words = fb::readElementFile(path(), *field);
      check(words.size() * 8 == size && words.size() % field->limbs == 0);
      for (std::size_t i = 0; i < words.size(); i += field->limbs) {
        fb::Element e{};
        for (std::size_t k = 0; k < field->limbs; ++k) e[k] = words[i + k];
        check(fb::isCanonical(*field, e));
      }
    } catch (const fb::Error& e) {
      check(e.code() == fb::ExitCode::kUsage);
    }
  }
  std::remove(path().c_str());
  return 0;
}
