#include "core/error.hpp"

namespace furrow {

std::string_view to_string(ErrorCode code) {
    switch (code) {
    case ErrorCode::invalid_input: return "invalid_input";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::unsupported_format: return "unsupported_format";
    case ErrorCode::corrupt_file: return "corrupt_file";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::internal: return "internal";
    }
    return "internal";
}

} // namespace furrow
