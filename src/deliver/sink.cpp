#include "deliver/sink.h"

#include <memory>

namespace gather {

namespace {
// Sends deliveries[i...] one after another; each answer may come later, on the io_context.
void deliver_from(Sink& sink, const std::vector<Delivery>& deliveries, std::size_t i, Sink::Done done) {
  if (i >= deliveries.size()) return done(DeliveryResult{true, "", false, std::nullopt});
  sink.deliver(deliveries[i], [&sink, &deliveries, i, done = std::move(done)](DeliveryResult r) mutable {
    if (!r.ok) return done(std::move(r));
    deliver_from(sink, deliveries, i + 1, std::move(done));
  });
}
}  // namespace

void Sink::deliver_batch(const std::vector<Delivery>& deliveries, Done done) {
  deliver_from(*this, deliveries, 0, std::move(done));
}

}  // namespace gather
