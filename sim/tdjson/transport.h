// The library's one way out: a blocking JSON exchange with the simulator (libcurl, one handle per
// calling thread). Errors are reported, never thrown: the caller turns them into TDLib errors.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace tdsim {

// POST `body` (or GET when body is empty) to base_url + path; the parsed JSON answer, or
// nullopt with `error` set.
std::optional<boost::json::value> exchange(const std::string& base_url, const std::string& path, const std::string& body,
                                           std::string& error);

}  // namespace tdsim
