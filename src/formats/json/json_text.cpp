#include "formats/json/json_text.h"

#include <cstdint>

namespace sluice {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  auto continuation = [&](size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  uint8_t lead = byte(i);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(i + 1) || !continuation(i + 2)) return 0;
    uint8_t second = byte(i + 1);
    if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
    if (lead == 0xED && second > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) return 0;
    uint8_t second = byte(i + 1);
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second > 0x8F) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

bool ReadHex4(std::string_view s, size_t i, uint32_t* out) {
  if (i + 4 > s.size()) return false;
  uint32_t value = 0;
  for (size_t k = i; k < i + 4; k++) {
    char c = s[k];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
    value = value * 16 + digit;
  }
  *out = value;
  return true;
}

}  // namespace

void AppendJsonString(std::string_view value, std::string& out) {
  out += '"';
  size_t i = 0;
  while (i < value.size()) {
    // Copy the longest run that needs no escaping in one go.
    size_t run = i;
    while (run < value.size()) {
      auto c = static_cast<uint8_t>(value[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      run++;
    }
    out.append(value.data() + i, run - i);
    i = run;
    if (i >= value.size()) break;
    auto c = static_cast<uint8_t>(value[i]);
    if (c >= 0x80) {
      size_t length = Utf8SequenceLength(value, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not valid UTF-8
        i++;
      } else {
        out.append(value.data() + i, length);
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHexDigits[c >> 4];
        out += kHexDigits[c & 15];
    }
    i++;
  }
  out += '"';
}

bool DecodeJsonString(std::string_view body, std::string* out) {
  out->clear();
  for (size_t i = 0; i < body.size(); i++) {
    char c = body[i];
    if (c != '\\') {
      *out += c;
      continue;
    }
    if (++i >= body.size()) return false;
    switch (body[i]) {
      case '"': *out += '"'; break;
      case '\\': *out += '\\'; break;
      case '/': *out += '/'; break;
      case 'b': *out += '\b'; break;
      case 'f': *out += '\f'; break;
      case 'n': *out += '\n'; break;
      case 'r': *out += '\r'; break;
      case 't': *out += '\t'; break;
      case 'u': {
        uint32_t code;
        if (!ReadHex4(body, i + 1, &code)) return false;
        i += 4;
        if (code >= 0xD800 && code <= 0xDBFF) {
          uint32_t low;
          if (i + 2 >= body.size() || body[i + 1] != '\\' || body[i + 2] != 'u' ||
              !ReadHex4(body, i + 3, &low) || low < 0xDC00 || low > 0xDFFF) {
            return false;
          }
          i += 6;
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
          return false;
        }
        AppendUtf8(code, *out);
        break;
      }
      default: return false;
    }
  }
  return true;
}

}  // namespace sluice
