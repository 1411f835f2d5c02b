%% Stand-in for ct_property_test: no property testing tool (PropEr, QuickCheck) is
%% installed, so property suites skip, as under common_test without one.

-module(ct_property_test).

-export([init_per_suite/1,
         init_tool/1,
         quickcheck/2,
         present_result/4,
         present_result/5]).

init_per_suite(_Config) -> {skip, "No property testing tool found"}.

init_tool(_Config) -> {skip, "No property testing tool found"}.

quickcheck(_Property, _Config) -> {skip, "No property testing tool found"}.

present_result(_Module, _Cmds, _Triple, _Config) -> true.

present_result(_Module, _Cmds, _Triple, _Config, _Options) -> true.

