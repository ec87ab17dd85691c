#include "transport.h"

#include <curl/curl.h>

#include <boost/json/parse.hpp>

#include <mutex>

namespace tdsim {

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// One easy handle per thread keeps the connection to the simulator alive between calls.
struct Handle {
  Handle() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl = curl_easy_init();
  }
  ~Handle() { curl_easy_cleanup(curl); }
  CURL* curl;
};

}  // namespace

std::optional<boost::json::value> exchange(const std::string& base_url, const std::string& path, const std::string& body,
                                           std::string& error) {
  thread_local Handle h;
  if (!h.curl) {
    error = "curl_easy_init failed";
    return std::nullopt;
  }
  CURL* c = h.curl;
  curl_easy_reset(c);
  const std::string url = base_url + path;
  std::string answer;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10'000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  if (!body.empty()) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  }
  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    error = curl_easy_strerror(rc);
    return std::nullopt;
  }
  if (status != 200) {
    error = "simulator answered HTTP " + std::to_string(status) + ": " + answer;
    return std::nullopt;
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(answer, ec);
  if (ec) {
    error = "simulator answer is not JSON: " + ec.message();
    return std::nullopt;
  }
  return v;
}

}  // namespace tdsim
