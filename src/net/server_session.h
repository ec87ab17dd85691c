// One accepted connection of the HTTP server: read a request, hand it to the handler, write the
// answer whenever the handler's Responder is called, repeat while the client keeps the
// connection alive.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <memory>
#include <optional>

#include "net/http_server.h"

namespace gather {

class ServerSession : public std::enable_shared_from_this<ServerSession> {
 public:
  // Requests larger than this are answered 413 and the connection is closed.
  static constexpr std::uint64_t kBodyLimit = 16u << 20;
  static constexpr std::uint32_t kHeaderLimit = 64u << 10;

  ServerSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<const Handler> handler);
  void start();
  // Closes the socket; a Responder called afterwards does nothing.
  void close();

 private:
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  void read_request();
  void on_read(boost::system::error_code ec);
  void dispatch();
  void respond(std::uint64_t id, ServerResponse answer);
  void write(ServerResponse answer);
  void write_truncated(std::size_t keep_bytes);
  void after_write(boost::system::error_code ec);
  void finish_connection();

  boost::asio::ip::tcp::socket socket_;
  std::shared_ptr<const Handler> handler_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  Response response_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::string_body>>
      serializer_;
  // Which request the handler still owes an answer for (0 = none), so a Responder that is
  // called twice, or for a connection that moved on or closed, is ignored.
  std::uint64_t awaiting_ = 0;
  std::uint64_t last_id_ = 0;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  bool closed_ = false;
};

}  // namespace gather
