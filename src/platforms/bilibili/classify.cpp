#include "platforms/bilibili/classify.h"

#include <charconv>

#include "platforms/bilibili/api_envelope.h"
#include "platforms/bilibili/json_fields.h"
#include "platforms/text/retry_after.h"

namespace gather::bilibili {
namespace {

Classified with(Outcome outcome, std::string reason) {
  Classified c;
  c.outcome = outcome;
  c.reason = std::move(reason);
  return c;
}

Classified classify_body(const HttpResponse& response) {
  const auto root = try_parse_object(response.body);
  if (!root) return with(Outcome::kFailed, "HTTP " + std::to_string(response.status) + ", body is not JSON");
  const auto code = api_code(*root);
  if (!code) return with(Outcome::kFailed, "HTTP " + std::to_string(response.status) + ", no code in the answer");
  const std::string said = "code " + std::to_string(*code) + " (" + api_message(*root) + ")";
  switch (*code) {
    case 0: {
      const json::object* data = obj(&*root, "data");
      if (data && data->contains("v_voucher") && !data->contains("items")) {
        return with(Outcome::kSlowDown, "risk control voucher (WBI signature missing or wrong)");
      }
      return with(Outcome::kPage, "code 0");
    }
    case -352:
      return with(Outcome::kSlowDown, said + ": risk control, signature or verification failed");
    case -412:
      return with(Outcome::kSlowDown, said + ": request intercepted");
    case -509:
    case -799:
      return with(Outcome::kSlowDown, said + ": too frequent");
    case -101:
      return with(Outcome::kLoggedOut, said + ": not logged in");
    default:
      return with(Outcome::kFailed, said);
  }
}

}  // namespace

Classified classify_api_response(const HttpResponse& response) {
  const long s = response.status;
  if (s == 0) return with(Outcome::kTransient, response.error.empty() ? "no HTTP response" : response.error);
  const std::string http = "HTTP " + std::to_string(s);
  if (s >= 200 && s < 300) return classify_body(response);
  if (s == 304) return with(Outcome::kNotModified, http);
  if (s == 412 || s == 429) {
    Classified c = with(Outcome::kSlowDown, http + (s == 412 ? ": request intercepted (risk control)" : ""));
    c.retry_after = text::retry_after(response);
    return c;
  }
  if (s >= 500 && s < 600) return with(Outcome::kTransient, http);
  if (s == 404 || s == 410) return with(Outcome::kGone, http);
  return with(Outcome::kFailed, http);
}

}  // namespace gather::bilibili
