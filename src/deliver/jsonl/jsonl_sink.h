// Appends each delivery as one line to a file, fsync'd before it counts as delivered.
#pragma once

#include "deliver/sink_kind.h"

namespace gather {

SinkKind jsonl_sink_kind();

// Exposed for tests: whether `path` already holds the line for (subscription, post id), looking
// at the file's last `window` bytes (recovery after a crash only ever needs the tail).
bool jsonl_contains(const std::string& path, Id subscription, const std::string& post_id,
                    std::size_t window = 8u << 20);

}  // namespace gather
