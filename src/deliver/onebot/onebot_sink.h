// Pushes to a QQ group or user through a OneBot v11 HTTP API (go-cqhttp, NapCat, Lagrange...):
// send_group_msg / send_private_msg with the message as a CQ-code string, pictures as
// [CQ:image,file=URL]. Address: group:NUMBER or private:NUMBER. From [sink.onebot]: `url`, an
// optional `access_token` (sent as Authorization: Bearer), and `merge`: several queued posts
// for one chat go as one forward message (send_group_forward_msg / send_private_forward_msg,
// go-cqhttp's extension that the common implementations share), so a burst does not flood the
// chat; `self_id` is the sender shown on the merged nodes.
//
// Answers: status "ok"/"async" → delivered; "failed" with retcode 1400 (bad request) or 1404
// (no such action) → dead letter; other retcodes, 5xx and transport errors → retry. HTTP
// 401/403 (token refused) are retried: the operator fixes the token, the posts still go.
#pragma once

#include <string>
#include <string_view>

#include "deliver/sink_kind.h"

namespace gather {

SinkKind onebot_sink_kind();

// OneBot v11 escaping: in text, & [ ] become &amp; &#91; &#93;; inside a CQ code's parameter
// value, ',' becomes &#44; as well (there it would end the value). Exposed for tests.
std::string cq_escape_text(std::string_view text);
std::string cq_escape_param(std::string_view value);
// The message string for one rendered post: escaped text, then a CQ image code per picture.
std::string cq_message(const RenderedMessage& message);

}  // namespace gather
