#pragma once
// The webhook signature Leaf documents (contract-facts.md §11 "Signature"): header
// X-Leaf-Signature = base64(HMAC-SHA256(key = the webhook's secret as UTF-8, message = the raw body)).
#include <string>
#include <string_view>

namespace furrow::alerts {

inline constexpr const char* signature_header = "X-Leaf-Signature";
inline constexpr const char* event_id_header = "X-Furrow-Event-Id";

std::string hmac_sha256(std::string_view key, std::string_view message); // 32 raw bytes
std::string webhook_signature(std::string_view secret, std::string_view body);

} // namespace furrow::alerts
