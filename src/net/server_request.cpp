#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "net/http_server.h"

namespace gather {

std::optional<std::string> ServerRequest::param(std::string_view name) const {
  // Validate first: the params_view constructor below throws on a malformed query.
  if (!boost::urls::parse_query(query)) return std::nullopt;
  // Browsers and HTML forms send spaces as '+', so decode them like the form encoding does.
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  boost::urls::params_view params(query, opts);
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  auto param = *it;
  return param.has_value ? param.value : std::string();
}

}  // namespace gather
