// How a Bilibili API answer is to be read. Risk control mostly answers HTTP 200 with a non-zero
// code in the body, so the body is read too.
#pragma once

#include "platforms/platform.h"

namespace gather::bilibili {

// HTTP: 412 (request intercepted) and 429 -> kSlowDown; 5xx and no answer -> kTransient;
// 404/410 -> kGone; 304 -> kNotModified; other non-2xx -> kFailed.
// Body of a 2xx, by its code:
//   0                         -> kPage, unless data is only a `v_voucher` (the answer WBI
//                                gets when its signature was missing or wrong) -> kSlowDown
//   -352 risk control, -412 intercepted, -509 / -799 too frequent -> kSlowDown
//   -101 not logged in        -> kLoggedOut. Classify cannot know whether the request carried a
//                                cookie; it assumes it did (a cookie that stopped working is the
//                                case that matters). For an anonymous request the caller should
//                                read it as "this endpoint needs a login", with nothing to drop.
//   -400, -404, others        -> kFailed with the code and message
//   not JSON                  -> kFailed
// The reason names the HTTP status or the code and message. Never throws.
Classified classify_api_response(const HttpResponse& response);

}  // namespace gather::bilibili
