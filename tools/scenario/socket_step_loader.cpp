// Socket and RPC steps (SCENARIO_FORMAT.md section 3 "Sockets and RPC",
// section 7).
#include <algorithm>
#include <utility>

#include "tools/scenario/step_loader.h"

namespace ipcsim::scenario::detail {
namespace {

// listen(fd, SOMAXCONN) on Debian 12's kernel: the backlog when none is given.
constexpr const char* default_backlog = "4096";
// recvfrom's default count (section 7), as `read`'s.
constexpr const char* default_receive_count = "65536";

}  // namespace

void StepLoader::socket_fd_address(StepInput& in, user::Expression& fd, user::Text& address, KeyList more,
                                   const std::function<void(const MapEntry&)>& handle) {
  bool has_fd = false;
  bool has_address = false;
  more.insert(more.end(), {"fd", "address"});
  visit_arguments(in, more, [&](const MapEntry& entry) {
    if (entry.name == "fd") {
      fd = reader_.expression(entry.value, "'fd'");
      has_fd = true;
    } else if (entry.name == "address") {
      address = reader_.text(entry.value, "'address'");
      has_address = true;
    } else {
      handle(entry);
    }
  });
  if (!has_fd) fail_missing(in, "'fd'");
  if (!has_address) fail_missing(in, "'address'");
}

user::StepAction StepLoader::load_socket(StepInput& in) {
  user::SocketStep step;
  auto type = [&](const YAML::Node& node) {
    const std::string name = reader_.one_line(node, "'type'");
    if (name != "stream" && name != "dgram") reader_.fail(node, "a socket's type is 'stream' or 'dgram', not " + quoted(name));
    step.stream = name == "stream";
  };
  if (in.arguments.IsScalar()) {
    type(in.arguments);
    return step;
  }
  bool has_type = false;
  visit_arguments(in, {"type"}, [&](const MapEntry& entry) {
    type(entry.value);
    has_type = true;
  });
  if (!has_type) fail_missing(in, "'type' (stream or dgram)");
  return step;
}

user::StepAction StepLoader::load_bind(StepInput& in) {
  user::BindStep step;
  socket_fd_address(in, step.fd, step.address, {}, [](const MapEntry&) {});
  return step;
}

user::StepAction StepLoader::load_listen(StepInput& in) {
  user::ListenStep step;
  bool has_fd = false;
  step.backlog = user::parse_expression(default_backlog).value();
  visit_arguments(in, {"fd", "backlog"}, [&](const MapEntry& entry) {
    if (entry.name == "fd") {
      step.fd = reader_.expression(entry.value, "'fd'");
      has_fd = true;
    } else {
      step.backlog = reader_.expression(entry.value, "'backlog'");
    }
  });
  if (!has_fd) fail_missing(in, "'fd'");
  return step;
}

user::StepAction StepLoader::load_accept(StepInput& in) {
  user::AcceptStep step;
  bool has_fd = false;
  visit_arguments(in, {"fd", "peer"}, [&](const MapEntry& entry) {
    if (entry.name == "fd") {
      step.fd = reader_.expression(entry.value, "'fd'");
      has_fd = true;
    } else {
      step.peer_variable = reader_.variable(entry.value);
    }
  });
  if (!has_fd) fail_missing(in, "'fd'");
  return step;
}

user::StepAction StepLoader::load_connect(StepInput& in) {
  user::ConnectStep step;
  socket_fd_address(in, step.fd, step.address, {}, [](const MapEntry&) {});
  return step;
}

user::StepAction StepLoader::load_shutdown(StepInput& in) {
  user::ShutdownStep step;
  bool has_fd = false;
  bool has_how = false;
  visit_arguments(in, {"fd", "how"}, [&](const MapEntry& entry) {
    if (entry.name == "fd") {
      step.fd = reader_.expression(entry.value, "'fd'");
      has_fd = true;
      return;
    }
    const std::string how = reader_.one_line(entry.value, "'how'");
    if (how == "read") step.how = user::ShutdownStep::How::read;
    else if (how == "write") step.how = user::ShutdownStep::How::write;
    else if (how == "both") step.how = user::ShutdownStep::How::both;
    else reader_.fail(entry.value, "'how' is 'read', 'write' or 'both', not " + quoted(how));
    has_how = true;
  });
  if (!has_fd) fail_missing(in, "'fd'");
  if (!has_how) fail_missing(in, "'how' (read, write or both)");
  return step;
}

user::StepAction StepLoader::load_sendto(StepInput& in) {
  user::SendtoStep step;
  bool has_data = false;
  socket_fd_address(in, step.fd, step.address, {"data"}, [&](const MapEntry& entry) {
    step.data = reader_.text(entry.value, "'data'");
    has_data = true;
  });
  if (!has_data) fail_missing(in, "'data'");
  return step;
}

user::StepAction StepLoader::load_recvfrom(StepInput& in) {
  user::RecvfromStep step;
  bool has_fd = false;
  step.count = user::parse_expression(default_receive_count).value();
  visit_arguments(in, {"fd", "count", "sender"}, [&](const MapEntry& entry) {
    if (entry.name == "fd") {
      step.fd = reader_.expression(entry.value, "'fd'");
      has_fd = true;
    } else if (entry.name == "count") {
      step.count = reader_.expression(entry.value, "'count'");
    } else {
      step.sender_variable = reader_.variable(entry.value);
    }
  });
  if (!has_fd) fail_missing(in, "'fd'");
  return step;
}

user::StepAction StepLoader::load_rpc_serve(StepInput& in) {
  user::RpcServeStep step;
  bool has_address = false;
  bool has_procedures = false;
  visit_arguments(in, {"address", "procedures", "count", "backlog"}, [&](const MapEntry& entry) {
    if (entry.name == "address") {
      step.address = reader_.text(entry.value, "'address'");
      has_address = true;
    } else if (entry.name == "count") {
      if (!(entry.value.IsScalar() && entry.value.Scalar() == "forever"))
        step.count = reader_.expression(entry.value, "'count'");
    } else if (entry.name == "backlog") {
      step.backlog = reader_.integer(entry.value, "'backlog'", 0, 4096);
    } else {
      has_procedures = true;
      // Procedure names are the map's keys; their steps may `return`.
      for (const MapEntry& procedure : reader_.entries(entry.value, "'procedures'")) {
        ++procedure_depth_;
        user::SharedSteps steps = load_list(procedure.value, "a procedure's steps", 0, in.nesting + 1);
        --procedure_depth_;
        step.procedures.emplace_back(procedure.name, std::move(steps));
      }
      if (step.procedures.empty()) reader_.fail(entry.value, "'procedures' needs at least one procedure");
    }
  });
  if (!has_address) fail_missing(in, "'address'");
  if (!has_procedures) fail_missing(in, "'procedures'");
  std::sort(step.procedures.begin(), step.procedures.end(),
            [](const auto& left, const auto& right) { return left.first < right.first; });
  return step;
}

user::StepAction StepLoader::load_rpc_call(StepInput& in) {
  user::RpcCallStep step;
  bool has_address = false;
  bool has_procedure = false;
  visit_arguments(in, {"address", "procedure", "args"}, [&](const MapEntry& entry) {
    if (entry.name == "address") {
      step.address = reader_.text(entry.value, "'address'");
      has_address = true;
    } else if (entry.name == "procedure") {
      step.procedure = reader_.one_line(entry.value, "'procedure'");
      has_procedure = true;
    } else {
      for (const YAML::Node& item : reader_.items(entry.value, "'args'"))
        step.args.push_back(reader_.expression(item, "an argument"));
    }
  });
  if (!has_address) fail_missing(in, "'address'");
  if (!has_procedure) fail_missing(in, "'procedure'");
  return step;
}

user::StepAction StepLoader::load_return(StepInput& in) {
  if (procedure_depth_ == 0) reader_.fail(in.key, "'return' outside of an rpc_serve procedure");
  user::ReturnStep step;
  if (in.arguments.IsNull()) return step;  // `- return`: the result is ""
  if (in.arguments.IsScalar()) {
    step.value = reader_.expression(in.arguments, "'return'");
    return step;
  }
  visit_arguments(in, {"value"}, [&](const MapEntry& entry) { step.value = reader_.expression(entry.value, "'value'"); });
  return step;
}

}  // namespace ipcsim::scenario::detail
