// erl's launcher step for distribution (dist/node.h describes the folder).
#pragma once

#include <string>
#include <vector>

namespace hamlet {

void start_epmd_if_needed(const std::vector<std::string> &words, const std::string &bindir);

} // namespace hamlet
