// A loopback stand-in for a chat API (the Telegram Bot API, a OneBot v11 endpoint): records every
// call and answers from a script, or with the platform's success answer once the script is empty.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "net/http_server.h"

namespace gather::testing {

class FakeChatApi {
 public:
  struct Call {
    std::string path;
    std::string method;  // the last path segment: sendMessage, send_group_msg, ...
    boost::json::object body;
    Headers headers;
    std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
  };
  struct Answer {
    int status = 200;
    std::string body;
  };

  FakeChatApi(boost::asio::io_context& io, std::string ok_body) : ok_body_(std::move(ok_body)) {
    server_ = start_http_server(io, [this](const ServerRequest& req, Responder respond) {
      Call call{req.path, req.path.substr(req.path.rfind('/') + 1), {}, req.headers};
      boost::json::error_code ec;
      auto body = boost::json::parse(req.body, ec);
      if (!ec && body.is_object()) call.body = body.as_object();
      calls.push_back(std::move(call));
      Answer a = script.empty() ? Answer{200, ok_body_} : script.front();
      if (!script.empty()) script.pop_front();
      ServerResponse r;
      r.status = a.status;
      r.headers = {{"Content-Type", "application/json"}};
      r.body = a.body;
      respond(r);
    });
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  std::vector<Call> calls;
  std::deque<Answer> script;

 private:
  std::string ok_body_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace gather::testing
