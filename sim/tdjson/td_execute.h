// td_execute's synchronous requests, answered locally as TDLib answers them offline.
#pragma once

#include <boost/json/object.hpp>

namespace tdsim {

boost::json::object execute(const boost::json::object& request);

// {"@type":"error",...}
boost::json::object error(int code, const std::string& message);

}  // namespace tdsim
