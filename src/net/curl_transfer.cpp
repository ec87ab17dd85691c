#include "net/curl_transfer.h"

#include <boost/url/grammar/ci_string.hpp>

#include <memory>

namespace gather {
namespace {

template <typename T>
void set(CURL* easy, CURLoption option, T value, std::string& error) {
  CURLcode rc = curl_easy_setopt(easy, option, value);
  if (rc != CURLE_OK && error.empty()) error = curl_easy_strerror(rc);
}

// The host the failing request was talking to, so an error can be read without the full URL
// (which may carry tokens in its query).
std::string host_of(const char* url) {
  if (!url) return {};
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), &curl_url_cleanup);
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url, CURLU_GUESS_SCHEME) != CURLUE_OK)
    return {};
  char* host = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return {};
  std::string result(host);
  curl_free(host);
  return result;
}

}  // namespace

CurlTransfer::CurlTransfer(HttpRequest request, HttpClient::Callback done)
    : request_(std::move(request)), done_(std::move(done)), easy_(curl_easy_init()) {
  if (!easy_) {
    setup_error_ = "curl_easy_init failed";
    return;
  }
  configure();
}

CurlTransfer::~CurlTransfer() {
  if (easy_) curl_easy_cleanup(easy_);
  curl_slist_free_all(header_list_);
}

void CurlTransfer::configure() {
  std::string& error = setup_error_;
  const HttpRequest& r = request_;
  set(easy_, CURLOPT_URL, r.url.c_str(), error);
  set(easy_, CURLOPT_PRIVATE, static_cast<void*>(this), error);
  set(easy_, CURLOPT_ERRORBUFFER, error_buffer_, error);
  // Signals are process-wide; a library in a daemon must not touch them.
  set(easy_, CURLOPT_NOSIGNAL, 1L, error);
  set(easy_, CURLOPT_PROTOCOLS_STR, "http,https", error);
  set(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https", error);
  set(easy_, CURLOPT_WRITEFUNCTION, &CurlTransfer::on_body, error);
  set(easy_, CURLOPT_WRITEDATA, static_cast<void*>(this), error);
  // "" = advertise and undo every encoding this libcurl was built with (gzip, deflate, br, zstd).
  set(easy_, CURLOPT_ACCEPT_ENCODING, "", error);
  set(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()), error);
  // max_redirects <= 0 means "do not follow": the 3xx itself is the answer. So does a cookie:
  // curl would send CURLOPT_COOKIE to whatever host a redirect names, and for a platform a
  // redirect of a logged-in request usually means "log in again", which the platform must see.
  bool follow = r.max_redirects > 0 && r.cookie.empty();
  set(easy_, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L, error);
  set(easy_, CURLOPT_MAXREDIRS, r.max_redirects, error);
  // Always set, even to "": an empty proxy stops curl from picking one up from the environment,
  // so the request goes exactly where the credential's configuration says.
  set(easy_, CURLOPT_PROXY, r.proxy.c_str(), error);
  if (!r.cookie.empty()) set(easy_, CURLOPT_COOKIE, r.cookie.c_str(), error);
  if (!r.user_agent.empty()) set(easy_, CURLOPT_USERAGENT, r.user_agent.c_str(), error);

  if (r.method == "HEAD") {
    set(easy_, CURLOPT_NOBODY, 1L, error);
  } else if (r.method != "GET" || !r.body.empty()) {
    if (r.method == "POST" || !r.body.empty()) {
      set(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()), error);
      set(easy_, CURLOPT_POSTFIELDS, r.body.data(), error);
    }
    if (r.method != "POST") set(easy_, CURLOPT_CUSTOMREQUEST, r.method.c_str(), error);
  }

  bool has_expect = false;
  for (const auto& [name, value] : r.headers) {
    has_expect = has_expect || boost::urls::grammar::ci_is_equal(name, "Expect");
    // curl drops "Name:" with nothing after it; "Name;" is its spelling of an empty header.
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    header_list_ = curl_slist_append(header_list_, line.c_str());
  }
  // Many servers (Beast included) never send "100 Continue"; curl would then stall a second
  // before sending a large body.
  if (!has_expect) header_list_ = curl_slist_append(header_list_, "Expect:");
  set(easy_, CURLOPT_HTTPHEADER, header_list_, error);
}

size_t CurlTransfer::on_body(char* data, size_t size, size_t count, void* userp) {
  auto* self = static_cast<CurlTransfer*>(userp);
  size_t bytes = size * count;
  if (self->body_.size() + bytes > self->request_.max_body) {
    self->body_too_big_ = true;
    return 0;  // anything but `bytes` aborts the transfer
  }
  self->body_.append(data, bytes);
  return bytes;
}

HttpResponse CurlTransfer::finish(CURLcode result) {
  HttpResponse response;
  response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started_);
  char* effective = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &effective);
  response.effective_url = effective ? effective : request_.url;

  if (result != CURLE_OK) {
    std::string why;
    if (body_too_big_) {
      why = "body exceeds " + std::to_string(request_.max_body) + " bytes";
    } else {
      why = error_buffer_[0] ? error_buffer_ : curl_easy_strerror(result);
    }
    std::string host = host_of(effective ? effective : request_.url.c_str());
    response.error = host.empty() ? why : host + ": " + why;
    return response;
  }

  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  response.status = status;
  // Request -1 is the last one of the redirect chain, and CURLH_HEADER excludes 1xx and trailer
  // fields: exactly the final response's own headers.
  curl_header* previous = nullptr;
  while (curl_header* h = curl_easy_nextheader(easy_, CURLH_HEADER, -1, previous)) {
    response.headers.emplace_back(h->name, h->value);
    previous = h;
  }
  response.body = std::move(body_);
  return response;
}

HttpResponse CurlTransfer::fail(const std::string& why) {
  HttpResponse response;
  response.effective_url = request_.url;
  std::string host = host_of(request_.url.c_str());
  response.error = host.empty() ? why : host + ": " + why;
  return response;
}

}  // namespace gather
