// RPC (SCENARIO_FORMAT.md sections 3 and 7): the user-space stub and
// skeleton over stream sockets, the wire format, and the errors a call
// returns as if it were one system call.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "kernel/user/rpc_marshal.h"
#include "test_support.h"

namespace ipcsim::testing {
namespace {

using user::Value;

const std::string file = "rpc.yaml";

std::string server(const std::string& procedures, int count) {
  return "  - name: server\n    steps:\n      - set: {base: 100}\n"
         "      - rpc_serve:\n          address: \"127.0.0.1:9000\"\n          count: " +
         std::to_string(count) + "\n          procedures:\n" + procedures;
}

Run run_processes(const std::string& processes) { return run("name: t\nprocesses:\n" + processes, nullptr, file); }

TEST_SUITE("rpc") {

TEST_CASE("values keep their types through marshalling, and malformed bytes are refused") {
  const Value list = Value::list({Value(std::int64_t{-42}), Value(std::string("a:b\nc")), Value::list({})});
  std::size_t at = 0;
  const std::string bytes = user::rpc::marshal(list);
  CHECK(bytes == "l3:i-42;s5:a:b\ncl0:");
  auto back = user::rpc::unmarshal(bytes, at);
  REQUIRE(back.has_value());
  CHECK(*back == list);
  CHECK(at == bytes.size());
  const Value status = Value::exit_status(3);
  at = 0;
  // A wait status travels as the map it is read as.
  CHECK(user::rpc::unmarshal(user::rpc::marshal(status), at)->field("code") == Value(std::int64_t{3}));
  for (std::string_view bad : {"", "i;", "i12", "s9:abc", "l2:i1;", "x", "i99999999999999999999;"}) {
    CAPTURE(bad);
    at = 0;
    CHECK_FALSE(user::rpc::unmarshal(bad, at).has_value());
  }
  bool malformed = false;
  CHECK_FALSE(user::rpc::complete_frame("5\nabc", malformed).has_value());
  CHECK_FALSE(malformed);
  CHECK(*user::rpc::complete_frame("3\nabc", malformed) == "abc");
  CHECK_FALSE(user::rpc::complete_frame("x\n", malformed).has_value());
  CHECK(malformed);
  CHECK(user::rpc::marshal_request({"add", {Value(std::int64_t{1}), Value(std::int64_t{2})}}) == "s3:addl2:i1;i2;");
  CHECK(user::rpc::unmarshal_reply(user::rpc::marshal_reply({Errno::enosys, {}}))->error == Errno::enosys);
}

TEST_CASE("a call returns the procedure's value, the server's variables are visible, no return gives \"\"") {
  Run r = run_processes(server("            add: [{return: \"$args[0] + $args[1] + $base\"}]\n"
                               "            nothing: [{set: {x: 1}}]\n", 2) +
                        "  - name: client\n    steps:\n"
                        "      - rpc_call: {address: \"127.0.0.1:9000\", procedure: add, args: [1, \"1 + 1\"], into: r}\n"
                        "      - assert: \"$r == 103 && $ret == 0 && $errno == ''\"\n"
                        "      - set: {r: 7}\n"
                        "      - rpc_call: {address: \"127.0.0.1:9000\", procedure: nothing, into: r}\n"
                        "      - assert: \"$r == ''\"\n");
  holds(r);
}

TEST_CASE("every system call of the stub and the skeleton is counted on its own side") {
  Run r = run_processes(server("            add: [{return: \"$args[0] + $args[1]\"}]\n", 1) +
                        "  - name: client\n    steps:\n"
                        "      - rpc_call: {address: \"127.0.0.1:9000\", procedure: add, args: [2, 3], into: r}\n");
  holds(r);
  const Process& client = named(r, "client");
  CHECK(count(client, "syscalls.socket") == 1);
  CHECK(count(client, "syscalls.connect") == 1);
  CHECK(count(client, "syscalls.write") == 1);
  CHECK(count(client, "syscalls.read") == 1);
  CHECK(count(client, "syscalls.close") == 1);
  CHECK(count(client, "syscalls") == 6);  // and exit
  // "15\ns3:addl2:i2;i3;" out, "4\nri5;" back.
  CHECK(count(client, "bytes_copied") == 18 + 6);
  const Process& server_process = named(r, "server");
  CHECK(count(server_process, "syscalls.accept") == 1);
  CHECK(count(server_process, "syscalls.close") == 2);
  CHECK(count(server_process, "bytes_copied") == 18 + 6);
  CHECK(count(server_process, "messages_sent") == 0);
}

TEST_CASE("an unknown procedure is ENOSYS, nobody listening is ECONNREFUSED, a taken address fails the server") {
  Run r = run_processes(server("            add: [{return: 1}]\n", 1) +
                        "  - name: client\n    steps:\n"
                        "      - rpc_call: {address: \"127.0.0.1:9000\", procedure: sub, into: r, expect: ENOSYS}\n"
                        "      - assert: \"$ret == -1\"\n"
                        "      - rpc_call: {address: \"127.0.0.1:9000\", procedure: add, expect: ECONNREFUSED}\n"
                        "      - socket: {type: stream, into: s}\n"
                        "      - bind: {fd: $s, address: \"127.0.0.1:9001\"}\n"
                        "      - rpc_serve: {address: \"127.0.0.1:9001\", procedures: {f: [return]}, expect: EADDRINUSE}\n");
  holds(r);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
