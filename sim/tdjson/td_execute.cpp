#include "td_execute.h"

#include <boost/json.hpp>

#include <string>

namespace tdsim {

namespace json = boost::json;

namespace {

std::size_t utf16_units(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// The entities Telegram finds in plain text that gather cares about: #hashtags, @mentions and
// http(s) URLs, each a whitespace-delimited word. Offsets in UTF-16 units, as TDLib counts.
json::object text_entities(const std::string& text) {
  json::array out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
    std::size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\t') ++end;
    const std::string_view word(text.data() + i, end - i);
    const char* type = nullptr;
    if (word.size() > 1 && word[0] == '#') type = "textEntityTypeHashtag";
    if (word.size() > 1 && word[0] == '@') type = "textEntityTypeMention";
    if (word.starts_with("http://") || word.starts_with("https://")) type = "textEntityTypeUrl";
    if (type) {
      out.emplace_back(json::object{{"@type", "textEntity"},
                                    {"offset", utf16_units(std::string_view(text).substr(0, i))},
                                    {"length", utf16_units(word)},
                                    {"type", json::object{{"@type", type}}}});
    }
    i = end;
  }
  return {{"@type", "textEntities"}, {"entities", std::move(out)}};
}

}  // namespace

json::object error(int code, const std::string& message) {
  return {{"@type", "error"}, {"code", code}, {"message", message}};
}

json::object execute(const json::object& req) {
  const json::value* t = req.if_contains("@type");
  const std::string type = t && t->is_string() ? std::string(t->as_string()) : "";
  json::object out;
  if (type == "setLogVerbosityLevel" || type == "setLogStream" || type == "addLogMessage") {
    out = {{"@type", "ok"}};
  } else if (type == "getLogVerbosityLevel") {
    out = {{"@type", "logVerbosityLevel"}, {"verbosity_level", 1}};
  } else if (type == "getTextEntities") {
    const json::value* text = req.if_contains("text");
    out = text_entities(text && text->is_string() ? std::string(text->as_string()) : "");
  } else if (type.empty()) {
    out = error(400, "Failed to parse JSON object as TDLib request: Can't find field \"@type\"");
  } else {
    out = error(400, "Failed to parse JSON object as TDLib request: Unknown class \"" + type + "\"");
  }
  if (const json::value* extra = req.if_contains("@extra")) out["@extra"] = *extra;
  return out;
}

}  // namespace tdsim
