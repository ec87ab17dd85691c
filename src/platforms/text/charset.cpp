#include "platforms/text/charset.h"

#include <iconv.h>

#include <cctype>
#include <cerrno>

namespace gather::text {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// iconv's name for what a feed declared.
std::string iconv_name(std::string_view declared) {
  std::string l = lower(declared);
  while (!l.empty() && std::isspace(static_cast<unsigned char>(l.back()))) l.pop_back();
  while (!l.empty() && std::isspace(static_cast<unsigned char>(l.front()))) l.erase(l.begin());
  if (l.empty() || l == "utf-8" || l == "utf8") return "UTF-8";
  if (l == "gb2312" || l == "gbk" || l == "cp936" || l == "x-gbk" || l == "gb_2312-80" || l == "gb18030" ||
      l == "euc-cn") {
    return "GB18030";
  }
  if (l == "iso-8859-1" || l == "latin1" || l == "latin-1" || l == "iso8859-1" || l == "us-ascii" ||
      l == "ascii" || l == "windows-1252" || l == "cp1252" || l == "x-cp1252") {
    return "WINDOWS-1252";
  }
  if (l == "big5" || l == "big-5" || l == "cn-big5" || l == "x-x-big5") return "BIG5";
  return std::string(declared);
}

struct IconvHandle {
  iconv_t cd;
  explicit IconvHandle(const char* from) : cd(iconv_open("UTF-8", from)) {}
  ~IconvHandle() {
    if (ok()) iconv_close(cd);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  bool ok() const { return cd != reinterpret_cast<iconv_t>(-1); }
};

std::string convert(std::string_view bytes, const IconvHandle& h) {
  std::string out;
  out.resize(bytes.size() + bytes.size() / 2 + 16);
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write through it
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  while (in_left > 0) {
    char* dst = out.data() + used;
    std::size_t dst_left = out.size() - used;
    const std::size_t r = iconv(h.cd, &in, &in_left, &dst, &dst_left);
    used = out.size() - dst_left;
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2 + 16);
    } else if (errno == EILSEQ) {
      if (out.size() - used < kReplacement.size()) out.resize(out.size() * 2 + 16);
      out.replace(used, kReplacement.size(), kReplacement);
      used += kReplacement.size();
      ++in;
      --in_left;
      iconv(h.cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
    } else {  // EINVAL: the input ends inside a sequence
      if (out.size() - used < kReplacement.size()) out.resize(out.size() + kReplacement.size());
      out.replace(used, kReplacement.size(), kReplacement);
      used += kReplacement.size();
      break;
    }
  }
  out.resize(used);
  return out;
}

bool all_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string to_utf8(std::string_view bytes, std::string_view declared_encoding) {
  std::string name = iconv_name(declared_encoding);
  // Pure ASCII is the same in everything we map to; skip iconv (the common case for feeds).
  const std::string lname = lower(name);
  const bool wide = lname.starts_with("utf-16") || lname.starts_with("utf-32") ||
                    lname.starts_with("ucs") || lname.starts_with("utf16") || lname.starts_with("utf32");
  if (!wide && all_ascii(bytes)) {
    return std::string(bytes);
  }
  IconvHandle h(name.c_str());
  if (!h.ok()) {
    IconvHandle utf8("UTF-8");
    return utf8.ok() ? convert(bytes, utf8) : std::string(bytes);
  }
  return convert(bytes, h);
}

Bom detect_bom(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xEF\xBB\xBF") return {"UTF-8", 3};
  if (b.size() >= 2 && b.substr(0, 2) == "\xFF\xFE") return {"UTF-16LE", 2};
  if (b.size() >= 2 && b.substr(0, 2) == "\xFE\xFF") return {"UTF-16BE", 2};
  return {};
}

std::string xml_declared_encoding(std::string_view doc) {
  doc.remove_prefix(detect_bom(doc).length);
  while (!doc.empty() && std::isspace(static_cast<unsigned char>(doc.front()))) doc.remove_prefix(1);
  if (!doc.starts_with("<?xml")) return {};
  const auto end = doc.find("?>");
  const std::string_view prolog = doc.substr(0, end == std::string_view::npos ? std::min<std::size_t>(doc.size(), 200) : end);
  const auto key = prolog.find("encoding");
  if (key == std::string_view::npos) return {};
  std::size_t i = key + 8;
  while (i < prolog.size() && (prolog[i] == ' ' || prolog[i] == '=' || prolog[i] == '\t')) ++i;
  if (i >= prolog.size() || (prolog[i] != '"' && prolog[i] != '\'')) return {};
  const char quote = prolog[i];
  const auto close = prolog.find(quote, i + 1);
  if (close == std::string_view::npos) return {};
  return std::string(prolog.substr(i + 1, close - i - 1));
}

std::string xml_to_utf8(std::string_view bytes) {
  const Bom bom = detect_bom(bytes);
  if (bom.length > 0) return to_utf8(bytes.substr(bom.length), bom.encoding);
  return to_utf8(bytes, xml_declared_encoding(bytes));
}

}  // namespace gather::text
