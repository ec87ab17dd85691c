// One request's libcurl easy handle: option setup from an HttpRequest, and turning what curl
// collected into an HttpResponse. Knows nothing about the event loop.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <string>

#include "net/http_client.h"

namespace gather {

class CurlTransfer {
 public:
  CurlTransfer(HttpRequest request, HttpClient::Callback done);
  ~CurlTransfer();
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  CURL* easy() const { return easy_; }
  // Non-empty when the handle could not be prepared; then the transfer must not be started.
  const std::string& setup_error() const { return setup_error_; }

  // The response once curl reports the transfer done with `result`.
  HttpResponse finish(CURLcode result);
  // The response for a transfer that never started.
  HttpResponse fail(const std::string& why);
  HttpClient::Callback take_callback() { return std::move(done_); }

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* userp);
  void configure();
  std::string host() const;

  HttpRequest request_;  // owns the strings curl points at (body, headers)
  HttpClient::Callback done_;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  std::string body_;
  bool body_too_big_ = false;
  std::string setup_error_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace gather
