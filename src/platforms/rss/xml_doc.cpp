#include "platforms/rss/xml_doc.h"

#include <map>

#include "platforms/text/charset.h"
#include "platforms/text/html_text.h"

namespace gather::rss {
namespace {

constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_xml_entity(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

// Decoded text is put back as character references where it would otherwise be markup.
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&#38;"; break;
      case '<': out += "&#60;"; break;
      case '>': out += "&#62;"; break;
      default: out += c;
    }
  }
}

}  // namespace

bool replace_html_entities(std::string_view xml, std::string& out) {
  std::map<std::string, std::optional<std::string>, std::less<>> cache;
  std::string result;
  bool changed = false;
  std::size_t copied = 0;  // xml[0, copied) is already in result
  std::size_t i = 0;
  while (i < xml.size()) {
    const std::size_t next = xml.find_first_of("&<", i);
    if (next == std::string_view::npos) break;
    i = next;
    if (xml[i] == '<') {
      std::string_view close;
      if (xml.substr(i, 9) == "<![CDATA[") close = "]]>";
      else if (xml.substr(i, 4) == "<!--") close = "-->";
      if (close.empty()) {
        ++i;
        continue;
      }
      const std::size_t end = xml.find(close, i);
      i = end == std::string_view::npos ? xml.size() : end + close.size();
      continue;
    }
    std::size_t j = i + 1;
    while (j < xml.size() && j - i <= 40 && is_name_char(xml[j])) ++j;
    if (j == i + 1 || j >= xml.size() || xml[j] != ';') {
      ++i;
      continue;
    }
    const std::string_view name = xml.substr(i + 1, j - i - 1);
    if (is_xml_entity(name)) {
      i = j + 1;
      continue;
    }
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(std::string(name), text::html_entity(name)).first;
    if (!changed) result.reserve(xml.size() + 64);
    changed = true;
    result.append(xml.substr(copied, i - copied));
    if (it->second) {
      append_escaped(result, *it->second);
    } else {
      result += "&#38;";  // keep "&name;" as the text it was
      result.append(name);
      result += ';';
    }
    i = j + 1;
    copied = i;
  }
  if (!changed) return false;
  result.append(xml.substr(copied));
  out = std::move(result);
  return true;
}

XmlDoc::XmlDoc(std::string_view bytes) : text_(text::xml_to_utf8(bytes)) {
  std::string fixed;
  if (replace_html_entities(text_, fixed)) text_ = std::move(fixed);
  // The text is UTF-8 now whatever the prolog says; telling pugixml so stops it re-decoding.
  result_ = doc_.load_buffer(text_.data(), text_.size(), kParseOptions, pugi::encoding_utf8);
}

std::string XmlDoc::error() const {
  if (ok()) return {};
  return "XML error at offset " + std::to_string(result_.offset) + ": " + result_.description();
}

bool XmlDoc::complete(pugi::xml_node element) const {
  if (ok()) return true;
  const std::ptrdiff_t start = element.offset_debug();
  if (start < 0 || result_.offset < start) return false;
  // Earlier siblings closed before later ones opened, so only the element being read when the
  // error came lacks its end tag before the error offset.
  const std::string close = std::string("</") + element.name();
  const std::string_view seen = std::string_view(text_).substr(0, static_cast<std::size_t>(result_.offset));
  const std::size_t at = seen.find(close, static_cast<std::size_t>(start));
  if (at == std::string_view::npos) return false;
  const std::size_t after = at + close.size();
  return after < seen.size() && (seen[after] == '>' || seen[after] == ' ' || seen[after] == '\t' ||
                                 seen[after] == '\n' || seen[after] == '\r');
}

}  // namespace gather::rss
