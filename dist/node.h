// dist/: Erlang distribution, erts' side of it. The kernel's own net_kernel, dist_util,
// inet_tcp_dist, erl_epmd, auth, global and rpc run unmodified on the inet driver
// (../inet/); this folder owns what erts does below them:
//   node.h / node.cpp      this node's name and creation (erlang:setnode/2), which local
//                          pids, ports and references take when they are encoded
//   engine.h / engine.cpp  the distribution engine: one entry per connected (or pending)
//                          node, the tcp_inet port that carries it once
//                          erlang:setnode/3 has made the port a distribution controller
//                          (the engine then reads and writes its packets itself, as erts
//                          does), control messages in and out, remote monitors and spawn
//                          requests, node up and down (noconnection, nodedown)
//   launcher.cpp           erl's launcher step: `epmd -daemon` for -sname/-name
// The BIFs on top are in ../bifs/dist.cpp.
#pragma once

#include "vm/term.h"

#include <cstdint>

namespace hamlet {

// nonode@nohost and 0 until the node is alive.
Term this_node();
uint32_t this_creation();
bool node_alive();
void set_this_node(Term name, uint32_t creation);

} // namespace hamlet
