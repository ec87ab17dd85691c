// The webhook receiver: what gather's webhook sink talks to in tests. Records every delivery and
// checks its signature, so a test can assert both what was pushed and that it was signed.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/post.h"
#include "net/http_types.h"

namespace gather::sim {

// X-Gather-Signature must equal webhook_signature() (core/digest.h) of the body and the
// X-Gather-Timestamp header: the sink's own scheme, written once. The timestamp's age is not checked: the sender
// may run on virtual time.
bool hook_signature_ok(std::string_view secret, const Headers& headers, std::string_view body);


struct HookDelivery {
  Headers headers;
  std::string body;
  TimePoint received_at;
  bool signature_ok = true;  // true when no secret is configured (nothing to check)
};

class HookLog {
 public:
  void record(const std::string& name, HookDelivery delivery) { log_[name].push_back(std::move(delivery)); }
  const std::vector<HookDelivery>& deliveries(const std::string& name) const;
  void clear(const std::string& name) { log_.erase(name); }

  // {"deliveries":[{"body":<parsed JSON, or the raw string>,"headers":{lower-case name: value},
  //  "signature_ok":bool,"received_at":"RFC3339"}]}
  boost::json::object to_json(const std::string& name) const;

 private:
  std::map<std::string, std::vector<HookDelivery>> log_;
};

}  // namespace gather::sim
