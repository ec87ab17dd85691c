#include "sim/feed_formats.h"

#include <boost/json.hpp>
#include <date/date.h>

#include <chrono>

#include "core/time_text.h"
#include "sim/xml_escape.h"

namespace gather::sim {

namespace {

using std::chrono::floor;
using std::chrono::hours;
using std::chrono::seconds;

// Feeds i % 8 == 4 (RSS) and i % 8 == 5 (Atom) write local times at +08:00, as many Chinese
// platforms do, so parsers must honour the offset instead of assuming UTC.
bool uses_offset(int feed) { return feed % 8 == 4 || feed % 8 == 5; }

std::string rfc822(TimePoint t, bool offset) {
  if (!offset) return format_http_date(t);  // "Sat, 21 Nov 2026 02:00:00 GMT" is valid RFC 822
  return date::format("%a, %d %b %Y %T", floor<seconds>(t + hours{8})) + " +0800";
}

std::string rfc3339(TimePoint t, bool offset) {
  if (!offset) return format_rfc3339(t);
  return date::format("%FT%T", floor<seconds>(t + hours{8})) + "+08:00";
}

std::string feed_title(int feed) { return "Simulated feed " + std::to_string(feed); }

std::string rss_link(const SimPost& p, LinkStyle style) {
  std::string tail = "posts/" + std::to_string(p.feed) + "/" + std::to_string(p.index);
  switch (style) {
    case LinkStyle::root_relative: return "/" + tail;
    case LinkStyle::path_relative: return "../" + tail;  // relative to /feeds/{i}.xml
    case LinkStyle::absolute: break;
  }
  return p.url;
}

std::string render_rss2(const FeedDoc& d) {
  bool offset = uses_offset(d.feed);
  // Half the RSS feeds wrap bodies in CDATA instead of escaping, as real feeds do both.
  bool cdata = d.feed % 8 == 4;
  LinkStyle style = link_style_of(d.feed);
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n";
  x += "<title>" + xml_escape(feed_title(d.feed)) + "</title>\n";
  x += "<link>" + xml_escape(d.base_url) + "/</link>\n";
  x += "<description>Posts published by a Poisson process &amp; on demand</description>\n";
  x += "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"" + xml_escape(d.base_url + feed_path(d.feed)) + "\"/>\n";
  x += "<lastBuildDate>" + rfc822(d.updated, offset) + "</lastBuildDate>\n";
  for (const SimPost& p : d.posts) {
    x += "<item>\n<title>" + xml_escape(p.title) + "</title>\n";
    x += "<link>" + xml_escape(rss_link(p, style)) + "</link>\n";
    x += "<guid isPermaLink=\"false\">" + xml_escape(p.id) + "</guid>\n";
    if (cdata) x += "<description><![CDATA[" + p.html + "]]></description>\n";
    else x += "<description>" + xml_escape(p.html) + "</description>\n";
    x += "<pubDate>" + rfc822(p.published, offset) + "</pubDate>\n";
    for (const auto& c : p.categories) x += "<category>" + xml_escape(c) + "</category>\n";
    if (p.image_url) x += "<enclosure url=\"" + xml_escape(*p.image_url) + "\" type=\"image/jpeg\" length=\"4\"/>\n";
    x += "</item>\n";
  }
  x += "</channel>\n</rss>\n";
  return x;
}

std::string render_atom(const FeedDoc& d) {
  bool offset = uses_offset(d.feed);
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  x += "<id>urn:gather-sim:feed:" + std::to_string(d.feed) + "</id>\n";
  x += "<title>" + xml_escape(feed_title(d.feed)) + "</title>\n";
  x += "<updated>" + rfc3339(d.updated, offset) + "</updated>\n";
  x += "<link rel=\"self\" href=\"" + xml_escape(d.base_url + feed_path(d.feed)) + "\"/>\n";
  x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(d.base_url) + "/\"/>\n";
  x += "<author><name>gather simulator</name></author>\n";
  for (const SimPost& p : d.posts) {
    x += "<entry>\n<id>" + xml_escape(p.id) + "</id>\n";
    x += "<title type=\"text\">" + xml_escape(p.title) + "</title>\n";
    x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(p.url) + "\"/>\n";
    x += "<published>" + rfc3339(p.published, offset) + "</published>\n";
    x += "<updated>" + rfc3339(p.published, offset) + "</updated>\n";
    for (const auto& c : p.categories) x += "<category term=\"" + xml_escape(c) + "\"/>\n";
    x += "<content type=\"html\">" + xml_escape(p.html) + "</content>\n";
    if (p.image_url) x += "<link rel=\"enclosure\" type=\"image/jpeg\" length=\"4\" href=\"" + xml_escape(*p.image_url) + "\"/>\n";
    x += "</entry>\n";
  }
  x += "</feed>\n";
  return x;
}

// RSS 1.0 has no guid: items are named by rdf:about, the post URL (fit_to_format made it the id).
std::string render_rdf(const FeedDoc& d) {
  std::string self = d.base_url + feed_path(d.feed);
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\""
                  " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n";
  x += "<channel rdf:about=\"" + xml_escape(self) + "\">\n";
  x += "<title>" + xml_escape(feed_title(d.feed)) + "</title>\n";
  x += "<link>" + xml_escape(d.base_url) + "/</link>\n";
  x += "<description>RSS 1.0 feed of the simulator</description>\n";
  x += "<dc:date>" + format_rfc3339(d.updated) + "</dc:date>\n";
  x += "<items><rdf:Seq>\n";
  for (const SimPost& p : d.posts) x += "<rdf:li rdf:resource=\"" + xml_escape(p.url) + "\"/>\n";
  x += "</rdf:Seq></items>\n</channel>\n";
  for (const SimPost& p : d.posts) {
    x += "<item rdf:about=\"" + xml_escape(p.url) + "\">\n";
    x += "<title>" + xml_escape(p.title) + "</title>\n";
    x += "<link>" + xml_escape(p.url) + "</link>\n";
    x += "<description>" + xml_escape(p.html) + "</description>\n";
    x += "<content:encoded>" + xml_escape(p.html) + "</content:encoded>\n";
    x += "<dc:date>" + format_rfc3339(p.published) + "</dc:date>\n";
    for (const auto& c : p.categories) x += "<dc:subject>" + xml_escape(c) + "</dc:subject>\n";
    x += "</item>\n";
  }
  x += "</rdf:RDF>\n";
  return x;
}

std::string render_json_feed(const FeedDoc& d) {
  namespace json = boost::json;
  json::object f;
  f["version"] = "https://jsonfeed.org/version/1.1";
  f["title"] = feed_title(d.feed);
  f["home_page_url"] = d.base_url + "/";
  f["feed_url"] = d.base_url + feed_path(d.feed);
  json::array items;
  for (const SimPost& p : d.posts) {
    json::object it;
    it["id"] = p.id;
    it["url"] = p.url;
    it["title"] = p.title;
    it["content_html"] = p.html;
    it["date_published"] = format_rfc3339(p.published);
    if (!p.categories.empty()) {
      json::array tags;
      for (const auto& c : p.categories) tags.emplace_back(c);
      it["tags"] = std::move(tags);
    }
    if (p.image_url) {
      it["image"] = *p.image_url;
      it["attachments"] = json::array{json::object{{"url", *p.image_url}, {"mime_type", "image/jpeg"}, {"size_in_bytes", 4}}};
    }
    items.emplace_back(std::move(it));
  }
  f["items"] = std::move(items);
  return json::serialize(f);
}

}  // namespace

FeedFormat feed_format_of(int feed) { return static_cast<FeedFormat>(((feed % 4) + 4) % 4); }

std::string feed_path(int feed) {
  return "/feeds/" + std::to_string(feed) + (feed_format_of(feed) == FeedFormat::json_feed ? ".json" : ".xml");
}

std::string_view feed_content_type(FeedFormat format) {
  switch (format) {
    case FeedFormat::rss2: return "application/rss+xml; charset=utf-8";
    case FeedFormat::atom: return "application/atom+xml; charset=utf-8";
    case FeedFormat::rdf: return "application/rdf+xml; charset=utf-8";
    case FeedFormat::json_feed: return "application/feed+json; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string_view format_name(FeedFormat format) {
  switch (format) {
    case FeedFormat::rss2: return "rss2";
    case FeedFormat::atom: return "atom";
    case FeedFormat::rdf: return "rdf";
    case FeedFormat::json_feed: return "json_feed";
  }
  return "unknown";
}

LinkStyle link_style_of(int feed) {
  if (feed_format_of(feed) != FeedFormat::rss2) return LinkStyle::absolute;
  if (feed % 8 == 0) return LinkStyle::root_relative;
  if (feed % 8 == 4) return LinkStyle::path_relative;
  return LinkStyle::absolute;
}

std::string render_feed(const FeedDoc& doc) {
  switch (feed_format_of(doc.feed)) {
    case FeedFormat::rss2: return render_rss2(doc);
    case FeedFormat::atom: return render_atom(doc);
    case FeedFormat::rdf: return render_rdf(doc);
    case FeedFormat::json_feed: return render_json_feed(doc);
  }
  return {};
}

void fit_to_format(SimPost& post) {
  if (feed_format_of(post.feed) != FeedFormat::rdf) return;
  post.id = post.url;
  post.image_url.reset();
}

std::string malform_feed(FeedFormat format, std::string_view good_body) {
  // Keep the first half, cut it inside a tag (or mid-JSON), then add bytes no parser accepts.
  std::string_view half = good_body.substr(0, good_body.size() / 2);
  if (format != FeedFormat::json_feed) {
    std::size_t open = half.rfind('<');
    if (open != std::string_view::npos) half = good_body.substr(0, std::min(open + 3, good_body.size()));
  }
  std::string out(half);
  out += format == FeedFormat::json_feed ? "\"<<garbage}}" : " <<&&& garbage </rss></unclosed";
  return out;
}

std::string render_post_page(const SimPost& p) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + xml_escape(p.title) +
         "</title></head>\n<body><h1>" + xml_escape(p.title) + "</h1>\n" + p.html +
         "\n<p><time datetime=\"" + format_rfc3339(p.published) + "\">" + format_rfc3339(p.published) +
         "</time></p></body></html>\n";
}

}  // namespace gather::sim
