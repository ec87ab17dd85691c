#include "platforms/platform.h"

#include "platforms/fetch_job.h"

namespace gather {

std::unique_ptr<FetchJob> Platform::make_job(std::vector<JobTarget> targets, const Credential* credential) const {
  (void)credential;  // an HTTP credential is a cookie: FetchContext::decorate sends it
  return make_http_job(*this, std::move(targets));
}

}  // namespace gather
