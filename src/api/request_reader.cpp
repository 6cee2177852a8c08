#include "api/request_reader.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

namespace furrow::api {

void parse_target(std::string_view target, Request& request) {
    const auto question = target.find('?');
    const auto raw_path = target.substr(0, question);
    auto path = url_decode(raw_path, false);
    if (!path || path->empty() || path->front() != '/')
        throw Error(ErrorCode::invalid_input, "request target: bad path encoding");
    request.path = *path;
    if (question == std::string_view::npos) return;
    for (const auto& pair : split(target.substr(question + 1), '&')) {
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto key = url_decode(std::string_view(pair).substr(0, eq), true);
        auto value = eq == std::string::npos ? std::optional<std::string>("")
                                             : url_decode(std::string_view(pair).substr(eq + 1), true);
        if (!key || !value) throw Error(ErrorCode::invalid_input, "request target: bad query encoding");
        request.query.emplace_back(std::move(*key), std::move(*value));
    }
}

void copy_headers(const boost::beast::http::fields& fields, Request& request) {
    for (const auto& field : fields)
        request.headers[to_lower(std::string_view(field.name_string().data(), field.name_string().size()))] =
            std::string(field.value().data(), field.value().size());
}

} // namespace furrow::api
