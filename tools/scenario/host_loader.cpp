#include "tools/scenario/host_loader.h"

#include "tools/scenario/units.h"

namespace ipcsim::scenario::detail {
namespace {

// Four decimal parts of 0..255, no leading zeros (they would read as octal
// to inet_aton).
bool is_ipv4(const std::string& text) {
  int parts = 0;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t dot = std::min(text.find('.', at), text.size());
    const std::string part = text.substr(at, dot - at);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    for (char c : part)
      if (c < '0' || c > '9') return false;
    if (std::stoi(part) > 255) return false;
    ++parts;
    at = dot + 1;
  }
  return parts == 4;
}

}  // namespace

std::vector<HostSpec> load_hosts(const YamlReader& reader, const YAML::Node& node) {
  std::vector<HostSpec> hosts;
  std::vector<YAML::Node> items = reader.items(node, "'hosts'");
  if (items.empty()) reader.fail(node, "'hosts' must list at least one host");
  for (const YAML::Node& item : items) {
    HostSpec host;
    host.where = reader.location(item);
    bool has_name = false;
    bool has_address = false;
    reader.visit(item, "a host", {"name", "address"}, [&](const MapEntry& entry) {
      if (entry.name == "name") {
        host.name = reader.object_name(entry.value, "a host name");
        for (const HostSpec& earlier : hosts)
          if (earlier.name == host.name)
            reader.fail(entry.value, "duplicate host name " + quoted(host.name) + " (first at line " +
                                         std::to_string(earlier.where.line) + ")");
        has_name = true;
      } else {
        host.address = reader.one_line(entry.value, "'address'");
        if (!is_ipv4(host.address))
          reader.fail(entry.value, "'address' must be an IPv4 address such as 10.0.0.2, not " + quoted(host.address));
        if (host.address.rfind("127.", 0) == 0 || host.address == "0.0.0.0")
          reader.fail(entry.value, quoted(host.address) + " cannot be a host's address (127.0.0.1 is every host's "
                                   "own loopback)");
        for (const HostSpec& earlier : hosts)
          if (earlier.address == host.address)
            reader.fail(entry.value, "address " + host.address + " is already the address of host " + quoted(earlier.name));
        has_address = true;
      }
    });
    if (!has_name) reader.fail(item, "a host needs 'name'");
    if (!has_address) reader.fail(item, "a host needs 'address'");
    hosts.push_back(std::move(host));
  }
  return hosts;
}

void check_host_name(const YamlReader& reader, const DeclaredNames& names, const YAML::Node& node,
                     const std::string& host) {
  if (names.host_names.empty()) {
    if (host != "localhost")
      reader.fail(node, "no host named " + quoted(host) + " (without 'hosts:' the only host is 'localhost')");
    return;
  }
  if (names.host_names.count(host) != 0) return;
  KeyList known(names.host_names.begin(), names.host_names.end());
  std::string message = "no host named " + quoted(host);
  std::string_view suggestion = closest_match(host, known);
  if (!suggestion.empty()) message += " (did you mean " + quoted(suggestion) + "?)";
  reader.fail(node, message);
}

}  // namespace ipcsim::scenario::detail
