// `raw`: the normalised post as JSON (core/post_json), for receivers that are programs
// (webhook, jsonl, AMQP). Not a template: its output is the wire contract, not a look.
#pragma once

#include <memory>

#include "theme/theme.h"

namespace gather::theme {

std::unique_ptr<Theme> make_raw_theme();

}  // namespace gather::theme
