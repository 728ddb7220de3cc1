#pragma once
// A process's variables. fork copies them to the child; exec starts afresh.
#include <map>
#include <string>
#include <string_view>

#include "kernel/user/expression.h"
#include "kernel/user/value.h"

namespace ipcsim::user {

class Variables final : public VariableScope {
 public:
  const Value* find(std::string_view name) const override {
    auto found = values_.find(name);
    return found == values_.end() ? nullptr : &found->second;
  }
  void set(std::string_view name, Value value) {
    auto found = values_.find(name);
    if (found != values_.end()) found->second = std::move(value);
    else values_.emplace(std::string(name), std::move(value));
  }

 private:
  std::map<std::string, Value, std::less<>> values_;
};

}  // namespace ipcsim::user
