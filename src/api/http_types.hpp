#pragma once
// Requests and responses as the resource handlers see them: plain values, no Beast types, so
// handlers are easy to read and to test. http_server.cpp translates to and from the wire.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace furrow::api {

struct UploadedFile {
    std::string field;    // multipart field name ("file")
    std::string filename; // as the client named it
    std::filesystem::path path; // staged on disk; the handler must consume or delete it
    std::uint64_t size = 0;
};

struct Caller {
    std::string owner_id;
    std::string username;
    std::int64_t token_generation = 0; // of the caller's token; links signed for it carry the same
};

struct Request {
    std::string method;
    std::string path; // percent-decoded, no query
    std::vector<std::pair<std::string, std::string>> query;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
    std::map<std::string, std::string> path_params;
    std::optional<UploadedFile> upload;
    std::map<std::string, std::string> form; // text fields of a multipart body
    Caller caller;
    std::string base_url; // "http://host:port", for absolute links

    std::string header(const std::string& lower_name) const;
    const std::string& path_param(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::filesystem::path file; // when set, the body is this file's content (Range requests honoured)

    static Response json(int status, const nlohmann::json& value);
    static Response no_content();
};

} // namespace furrow::api
