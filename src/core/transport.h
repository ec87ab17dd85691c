// A way of talking to a platform other than plain HTTP (TDLib's account pool, say). Fetch jobs
// find the one they need by name and type (platforms/fetch_job.h: Transports); the app registers
// each once. Here in core so a transport's own folder depends on nothing of the platforms.
#pragma once

namespace gather {

class Transport {
 public:
  virtual ~Transport() = default;
};

}  // namespace gather
