#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace furrow::auth {

std::string base64_encode(std::string_view bytes);                       // standard alphabet, padded
std::string base64url_encode(std::string_view bytes);                    // RFC 4648 §5, no padding (JWT)
std::optional<std::string> base64url_decode(std::string_view text);      // nullopt on bad input
std::optional<std::string> base64_decode(std::string_view text);         // standard alphabet, padding optional

} // namespace furrow::auth
