#include "store/list_query.hpp"

namespace furrow::store {

const char* sql_operator(Op op) {
    switch (op) {
    case Op::eq: return "=";
    case Op::ne: return "<>";
    case Op::ge: return ">=";
    case Op::le: return "<=";
    case Op::has_item: return "has_item";
    }
    return "=";
}

} // namespace furrow::store
