#pragma once
// Errors are values: a system call returns KResult<T>, a value or an Errno,
// converted once to $ret/$errno on the way back to user mode (DESIGN.md "Errors").
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace ipcsim::kernel {

enum class Errno : std::int16_t {
  none = 0,
#define X(identifier, name, number, text) identifier = number,
#include "kernel/errno.def"
#undef X
};

std::string_view errno_name(Errno error);
std::optional<Errno> errno_from_name(std::string_view name);

template <typename T>
class [[nodiscard]] KResult {
 public:
  KResult(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  KResult(Errno error) : error_(error) {}         // NOLINT: implicit by design
  bool ok() const { return error_ == Errno::none; }
  Errno error() const { return error_; }
  const T& value() const { return value_; }
  T& value() { return value_; }

 private:
  T value_{};
  Errno error_ = Errno::none;
};

// A call with nothing to return but success.
struct Success {};
using KStatus = KResult<Success>;

}  // namespace ipcsim::kernel
