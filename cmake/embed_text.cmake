# Writes a C++ source defining `std::string_view NAMESPACE::FUNCTION()` that returns the text of INPUT,
# so a document kept in the source tree (docs/openapi.json) is part of the binary and cannot go missing
# at run time. Usage: cmake -D INPUT=... -D OUTPUT=... -D NAMESPACE=... -D FUNCTION=... -P embed_text.cmake
file(READ "${INPUT}" text)
string(FIND "${text}" ")EMBEDDED\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )EMBEDDED\"")
endif()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by cmake/embed_text.cmake; do not edit.\n#include <string_view>\n\nnamespace ${NAMESPACE} {\n\nstd::string_view ${FUNCTION}() {\n    static constexpr std::string_view text = R\"EMBEDDED(${text})EMBEDDED\";\n    return text;\n}\n\n} // namespace ${NAMESPACE}\n")
