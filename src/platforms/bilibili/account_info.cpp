#include "platforms/bilibili/account_info.h"

#include "platforms/bilibili/api_envelope.h"
#include "platforms/bilibili/json_fields.h"
#include "platforms/platform.h"

namespace gather::bilibili {

HttpRequest account_info_request(std::string_view mid, const std::optional<WbiKeys>& keys, std::int64_t wts) {
  HttpRequest req;
  QueryParams params{{"mid", std::string(mid)}};
  req.url = platform_base_url("bilibili", "https://api.bilibili.com") + "/x/space/wbi/acc/info?" +
            (keys ? wbi_sign(std::move(params), keys->img, keys->sub, wts) : wbi_canonical_query(std::move(params)));
  req.headers.emplace_back("Accept", "application/json");
  req.headers.emplace_back("Referer", "https://space.bilibili.com/" + std::string(mid));
  return req;
}

Feed parse_account_info(std::string_view body) {
  const json::object root = parse_object(body, "bilibili account info");
  const json::object& data = require_data(root, "bilibili account info");
  Feed feed;
  feed.title = str(&data, "name");
  if (feed.title.empty()) throw ParseError("bilibili account info: no data.name");
  feed.description = str(&data, "sign");
  feed.image = absolute(str(&data, "face"));
  if (const std::string mid = str(&data, "mid"); !mid.empty()) feed.link = "https://space.bilibili.com/" + mid;
  return feed;
}

}  // namespace gather::bilibili
