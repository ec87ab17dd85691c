#include "sim/bilibili_live.h"

#include <boost/json.hpp>

#include "sim/bilibili_format.h"

namespace gather::sim {

namespace json = boost::json;

SimRoom bilibili_room(int feed, TimePoint start, TimePoint now) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  SimRoom r;
  r.uid = bilibili_mid(feed);
  r.room_id = 300000 + feed;
  r.name = bilibili_up_name(feed);
  r.cover = "https://i0.hdslb.com/bfs/live/new_room_cover/sim" + std::to_string(feed) + ".jpg";
  // Shifted so that every room starts its cycle at a different instant of the run.
  const auto shifted = duration_cast<seconds>(now - start) + duration_cast<seconds>(kLiveShiftPerFeed) * feed;
  const auto cycle = duration_cast<seconds>(kLiveCycle);
  const auto count = shifted.count() < 0 ? 0 : shifted / cycle;
  const auto into = shifted - cycle * count;
  const std::string show = r.name + " 的直播 #" + std::to_string(count + 1);
  if (into < kLiveOffAir || into >= kLiveOffAir + kLiveOnAir) {
    r.title = show;  // the room keeps the next title while off air, as rooms do
    return r;
  }
  r.live = true;
  // In whole seconds from the start, so that every answer during one broadcast gives the same
  // start, whatever fraction of a second it is asked at.
  const auto began = duration_cast<seconds>(now - start) - (into - duration_cast<seconds>(kLiveOffAir));
  r.live_time = (duration_cast<seconds>(start.time_since_epoch()) + began).count();
  r.title = into - kLiveOffAir >= kLiveRetitle ? show + " · 加时" : show;
  return r;
}

std::string render_live_status(const std::map<std::int64_t, SimRoom>& rooms) {
  json::value data = json::array{};  // the site's answer when no uid has a room
  if (!rooms.empty()) {
    json::object by_uid;
    for (const auto& [uid, r] : rooms) {
      by_uid[std::to_string(uid)] = json::object{
          {"title", r.title},         {"room_id", r.room_id},  {"uid", r.uid},
          {"online", r.live ? 1234 : 0}, {"live_time", r.live_time}, {"live_status", r.live ? 1 : 0},
          {"short_id", 0},            {"area", 1},             {"area_name", "单机联机"},
          {"uname", r.name},          {"face", "https://i0.hdslb.com/bfs/face/sim.jpg"},
          {"cover_from_user", r.cover}, {"keyframe", ""},      {"broadcast_type", 0}};
    }
    data = std::move(by_uid);
  }
  return json::serialize(json::object{{"code", 0}, {"msg", "success"}, {"message", "success"}, {"data", std::move(data)}});
}

}  // namespace gather::sim
