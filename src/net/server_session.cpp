#include "net/server_session.h"

#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>

namespace gather {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

ServerSession::ServerSession(asio::ip::tcp::socket socket, std::shared_ptr<const Handler> handler)
    : socket_(std::move(socket)), handler_(std::move(handler)) {}

void ServerSession::start() {
  error_code ignored;
  // The truncated-answer path writes head and body separately; don't let Nagle delay the body.
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  read_request();
}

void ServerSession::close() {
  if (closed_) return;
  closed_ = true;
  awaiting_ = 0;
  error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void ServerSession::read_request() {
  parser_.emplace();
  parser_->body_limit(kBodyLimit);
  // Beast's default (8 KiB) is smaller than some platforms' cookie headers.
  parser_->header_limit(kHeaderLimit);
  http::async_read(socket_, buffer_, *parser_,
                   [self = shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
}

void ServerSession::on_read(error_code ec) {
  if (closed_) return;
  if (!ec) return dispatch();
  keep_alive_ = false;
  if (ec == http::error::body_limit) {
    version_ = parser_->get().version();
    head_ = false;
    return write({.status = 413, .headers = {}, .body = "request body too large\n", .truncate_at = {}});
  }
  // A malformed request deserves an answer; a vanished peer does not.
  if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message) {
    version_ = 11;
    head_ = false;
    return write({.status = 400, .headers = {}, .body = "bad request\n", .truncate_at = {}});
  }
  close();
}

void ServerSession::dispatch() {
  auto& message = parser_->get();
  version_ = message.version();
  keep_alive_ = message.keep_alive();
  head_ = message.method() == http::verb::head;

  ServerRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  // Origin-form ("/a?b") and absolute-form ("http://h/a?b") are both URI references.
  auto target = boost::urls::parse_uri_reference(message.target());
  if (!target) {
    keep_alive_ = false;
    return write({.status = 400, .headers = {}, .body = "bad request target\n", .truncate_at = {}});
  }
  request.path = target->path();
  if (request.path.empty()) request.path.push_back('/');  // absolute-form without a path
  request.query = std::string(target->encoded_query());
  for (const auto& field : message)
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  request.body = std::move(message.body());

  std::uint64_t id = ++last_id_;
  awaiting_ = id;
  Responder responder = [self = shared_from_this(), id](ServerResponse answer) {
    self->respond(id, std::move(answer));
  };
  try {
    (*handler_)(request, std::move(responder));
  } catch (const std::exception& e) {
    respond(id, {.status = 500, .headers = {}, .body = std::string(e.what()) + "\n", .truncate_at = {}});
  }
}

void ServerSession::respond(std::uint64_t id, ServerResponse answer) {
  if (closed_ || id != awaiting_) return;
  awaiting_ = 0;
  write(std::move(answer));
}

void ServerSession::write(ServerResponse answer) {
  response_ = {};
  response_.version(version_);
  int status = (answer.status >= 100 && answer.status <= 999) ? answer.status : 500;
  response_.result(static_cast<unsigned>(status));
  for (auto& [name, value] : answer.headers) {
    // Framing is ours to decide; a handler's guess would only contradict the body we send.
    if (boost::beast::iequals(name, "Content-Length") || boost::beast::iequals(name, "Transfer-Encoding"))
      continue;
    response_.insert(name, value);
  }
  const bool bodiless = status / 100 == 1 || status == 204 || status == 304;
  if (!bodiless) response_.body() = std::move(answer.body);
  const bool truncated = answer.truncate_at.has_value() && !bodiless && !head_;
  if (truncated) keep_alive_ = false;
  response_.keep_alive(keep_alive_);
  if (head_ && !bodiless) {
    // A HEAD answer announces the length the GET would have, and carries no body.
    response_.content_length(response_.body().size());
    response_.body().clear();
  } else {
    response_.prepare_payload();
  }

  if (truncated) return write_truncated(std::min(*answer.truncate_at, response_.body().size()));
  http::async_write(socket_, response_,
                    [self = shared_from_this()](error_code ec, std::size_t) { self->after_write(ec); });
}

void ServerSession::write_truncated(std::size_t keep_bytes) {
  // The head promises the whole body (Content-Length); then only `keep_bytes` of it follow and
  // the connection ends, as when a platform's server dies mid-answer.
  serializer_.emplace(response_);
  http::async_write_header(
      socket_, *serializer_, [self = shared_from_this(), keep_bytes](error_code ec, std::size_t) {
        if (ec || self->closed_) return self->close();
        asio::async_write(self->socket_, asio::buffer(self->response_.body().data(), keep_bytes),
                          [self](error_code, std::size_t) { self->finish_connection(); });
      });
}

void ServerSession::after_write(error_code ec) {
  if (closed_) return;
  if (ec || !keep_alive_) return finish_connection();
  read_request();
}

void ServerSession::finish_connection() {
  if (closed_) return;
  // Half-close first so the peer reads everything we sent before it sees the end.
  error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  close();
}

}  // namespace gather
