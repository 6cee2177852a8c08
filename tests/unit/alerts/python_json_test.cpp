#include "alerts/python_json.hpp"

#include <gtest/gtest.h>

namespace furrow::alerts {

// Expected texts were printed by /usr/bin/python3 (3.11) json.dumps with its defaults.
TEST(PythonJson, matches_json_dumps_separators_escapes_and_floats) {
    nlohmann::ordered_json v = nlohmann::ordered_json::object();
    // é, U+2028, U+1F600 (a surrogate pair), DEL, newline, tab, quote, backslash, U+0001, '/', '<'
    v["a"] = "\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\x7f\n\t\"\\\x01/<";
    v["b"] = {1, 2.5, 1e16, 1e15, 1e-05, 0.0001, 0.1, -0.0, 100.0, 123456789012345678.0, 1.5e-7, -2.5e+300,
              3.141592653589793};
    v["c"] = nlohmann::ordered_json::object();
    v["d"] = nlohmann::ordered_json::array();
    v["e"] = nullptr;
    v["f"] = true;
    v["g"] = false;
    v["h"] = -42;
    EXPECT_EQ(python_json_dumps(v),
              R"({"a": "\u00e9\u2028\ud83d\ude00\u007f\n\t\"\\\u0001/<", "b": [1, 2.5, 1e+16, 1000000000000000.0, )"
              R"(1e-05, 0.0001, 0.1, -0.0, 100.0, 1.2345678901234568e+17, 1.5e-07, -2.5e+300, 3.141592653589793], )"
              R"("c": {}, "d": [], "e": null, "f": true, "g": false, "h": -42})");
}

TEST(PythonJson, keeps_member_order_like_a_python_dict) {
    nlohmann::ordered_json v = nlohmann::ordered_json::object();
    v["leafUserId"] = "u";
    v["fileId"] = "f";
    v["type"] = "automergedFileProcessingFinished";
    EXPECT_EQ(python_json_dumps(v), R"({"leafUserId": "u", "fileId": "f", "type": "automergedFileProcessingFinished"})");
}

TEST(PythonJson, replaces_malformed_utf8_with_the_replacement_character) {
    // A lone continuation byte, a truncated sequence, an overlong '/' and a UTF-16 surrogate.
    EXPECT_EQ(python_json_dumps(std::string("a\x80" "b\xe2\x82")), R"("a\ufffdb\ufffd\ufffd")");
    EXPECT_EQ(python_json_dumps(std::string("\xc0\xaf")), R"("\ufffd\ufffd")");
    EXPECT_EQ(python_json_dumps(std::string("\xed\xa0\x80")), R"("\ufffd\ufffd\ufffd")");
}

TEST(PythonJson, writes_non_finite_floats_as_python_does) {
    EXPECT_EQ(python_float_repr(std::numeric_limits<double>::quiet_NaN()), "NaN");
    EXPECT_EQ(python_float_repr(std::numeric_limits<double>::infinity()), "Infinity");
    EXPECT_EQ(python_float_repr(-std::numeric_limits<double>::infinity()), "-Infinity");
    EXPECT_EQ(python_float_repr(0.0), "0.0");
    EXPECT_EQ(python_float_repr(5e-324), "5e-324");
    EXPECT_EQ(python_float_repr(1.7976931348623157e308), "1.7976931348623157e+308");
}

} // namespace furrow::alerts
