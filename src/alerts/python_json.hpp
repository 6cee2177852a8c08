#pragma once
// JSON text exactly as Python's json.dumps(value) writes it with its defaults: separators ", " and
// ": ", ensure_ascii=True (every character outside ' '..'~' as a lower-case \uXXXX escape, a
// surrogate pair above U+FFFF), floats as repr(). Leaf signs the body its Python senders write
// (contract-facts.md §11 "Signature"), and receivers written against Leaf may verify the signature
// over a body they re-serialize themselves, so furrow sends the same bytes Leaf would.
#include <nlohmann/json.hpp>

#include <string>

namespace furrow::alerts {

// Members in the order they are held (ordered_json keeps insertion order, like a Python dict).
std::string python_json_dumps(const nlohmann::ordered_json& value);

// Python's repr(float): shortest round-trip digits; exponent form when the decimal exponent is
// below -4 or at least 16 ("1e-05", "1e+16"), otherwise fixed with at least one decimal ("2.0").
std::string python_float_repr(double value);

} // namespace furrow::alerts
