%% The Erlang side of rust_nif.rs.
-module(rust_nif).
-export([mul/2, upcase/1]).
-nifs([mul/2, upcase/1]).
-on_load(init/0).

init() -> erlang:load_nif("./rust_nif", 0).

mul(_, _) -> erlang:nif_error(not_loaded).
upcase(_) -> erlang:nif_error(not_loaded).
