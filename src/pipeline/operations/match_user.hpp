#pragma once
#include "pipeline/context.hpp"

#include <string>

namespace furrow::pipeline::operations {

// Job "match_user": matches every processed file of one leaf user to the user's active field
// boundaries (recomputing only matches made against other boundaries), then plans the user's
// operations and reconciles them with the stored ones in one transaction. Queued when a file
// finishes and when a field or boundary changes; safe to run any number of times.
void match_user(Context& ctx, const std::string& leaf_user_id);
void give_up_match_user(Context& ctx, const std::string& leaf_user_id, const std::string& error);

} // namespace furrow::pipeline::operations
