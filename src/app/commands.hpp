#pragma once
// The subcommands of the furrow binary. Each returns the process exit code.
#include "core/config.hpp"

#include <string>
#include <vector>

namespace furrow::app {

int serve(const Config& config);
int worker(const Config& config);
int admin(const Config& config, const std::vector<std::string>& args);
int convert(const Config& config, const std::vector<std::string>& args);

} // namespace furrow::app
