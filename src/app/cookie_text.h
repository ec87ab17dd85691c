// Cookie jars as users hand them to `gather cred add`: a header-style "k=v; k2=v2" string, or a
// file holding either that or a Netscape cookies.txt (what browser extensions and curl export).
// Everything becomes one normalised "k=v; k2=v2" string, the form a Cookie header takes.
//
// Errors never quote a cookie value: a malformed pair is named by position and its first few
// characters only, because the "pair" may well be a pasted session token.
#pragma once

#include <string>
#include <string_view>

namespace gather {

// "a=1; b=2" → "a=1; b=2" (spaces trimmed, empty segments dropped). Throws std::invalid_argument
// naming the bad pair (no '=', empty name) or when there is no pair at all.
std::string normalise_cookie_header(std::string_view text);

// The contents of a cookie file. A file with tab-separated lines is read as Netscape cookies.txt
// (7 columns; '#' comments, except curl's "#HttpOnly_" prefix, which marks a cookie line); every
// cookie is taken, whatever its domain. Otherwise its non-comment lines are one header string.
// Throws std::invalid_argument naming the line or pair.
std::string cookies_from_file_text(std::string_view text);

}  // namespace gather
