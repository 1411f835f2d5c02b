%% asm_bs_match: what erlc 26/27 makes of asm_bs_match.erl, hand-written from OTP 25's
%% `erlc -S asm_bs_match.erl` (main/0, show/3 and the funs are unchanged OTP 25 output).
%% Assembled by tools/beam_asm26.escript; the sample prints what the .erl prints on erl.
{module, asm_bs_match}.  %% version = 0

{exports, [{main,0},{module_info,0},{module_info,1}]}.

{attributes, []}.

{labels, 68}.


{function, main, 0, 2}.
  {label,1}.
    {line,[{location,"asm_bs_match.erl",7}]}.
    {func_info,{atom,asm_bs_match},{atom,main},0}.
  {label,2}.
    {allocate_heap,2,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {init_yregs,{list,[{y,0},{y,1}]}}.
    {make_fun3,{f,8},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,3,true,
                         #{1 => {t_integer,{0,255}},
                           2 => {t_integer,{0,65535}},
                           3 => {t_integer,{0,4294967295}}}},
                     none}}]}}.
    {move,{literal,[<<1,2,3,4,5,6,7>>,
                    <<"ÿÿÿÿÿÿÿ">>,
                    <<1,2,3,4,5,6>>,
                    <<1,2,3,4,5,6,7,8>>,
                    <<1,2,3,4,5,6,7,8:4>>,
                    atom]},
          {x,2}}.
    {move,{atom,three_ints},{x,0}}.
    {line,[{location,"asm_bs_match.erl",8}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,11},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,4,true,
                         #{1 => {t_integer,{-65536,65535}},
                           2 => {t_integer,{0,4294967295}},
                           3 => {t_integer,{-256,255}},
                           4 => {t_integer,{-16777216,16777215}}}},
                     none}}]}}.
    {move,{literal,[<<1,2,3,4,5,6,7,8,9,10>>,
                    <<255,255,255,255,255,128,128,0,0,1>>,
                    <<0,128,0,0,0,128,127,255,255,255>>]},
          {x,2}}.
    {move,{atom,little_signed},{x,0}}.
    {line,[{location,"asm_bs_match.erl",11}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,14},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,3,true,
                         #{1 => {t_integer,any},
                           2 => {t_integer,any},
                           3 => {t_integer,any}}},
                     none}}]}}.
    {move,{literal,[<<1,35,69,103,137,171,205,239,255,255,255,255,255,255,255,
                      255,251,135,169,203,237,15,33,67,101,135,169,203,237,15:4>>,
                    <<255,255,255,255,255,255,255,255,128,0,0,0,0,0,0,0,0,1,0,
                      0,0,0,0,0,0,0,0,0,0,0:4>>,
                    <<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                      0,0,0:3>>]},
          {x,2}}.
    {move,{atom,big_ints},{x,0}}.
    {line,[{location,"asm_bs_match.erl",14}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,17},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,5,true,
                         #{1 => {t_integer,{0,7}},
                           2 => {t_integer,{0,31}},
                           3 => {t_integer,{0,1}},
                           4 => {t_integer,{0,127}},
                           5 => {t_bitstring,1}}},
                     none}}]}}.
    {move,{literal,[<<"³ÿ">>,<<85,1,5:3>>,<<1,2,3,4>>,<<0,1:7>>]},{x,2}}.
    {move,{atom,odd_sizes},{x,0}}.
    {line,[{location,"asm_bs_match.erl",18}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,20},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,3,true,
                         #{1 => {t_integer,{0,255}},
                           2 => {t_bitstring,8},
                           3 => {t_bitstring,8}}},
                     none}}]}}.
    {move,{literal,[<<7,0,3,97,98,99,100,101,102>>,
                    <<7,0,0>>,
                    <<7,0,9,115,104,111,114,116>>,
                    <<7,0,0,1:4>>]},
          {x,2}}.
    {move,{atom,header},{x,0}}.
    {line,[{location,"asm_bs_match.erl",21}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,23},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,3,true,
                         #{1 => {t_bitstring,8},
                           2 => {t_bitstring,1},
                           3 => {t_bitstring,8}}},
                     none}}]}}.
    {move,{literal,[<<"abcdefg">>,
                    <<97,98,99,247,135,151,10:4>>,
                    <<97,98,99,1:4>>,
                    <<"ab">>]},
          {x,2}}.
    {move,{atom,fixed_bin},{x,0}}.
    {line,[{location,"asm_bs_match.erl",23}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,26},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,2,true,
                         #{1 => {t_integer,{0,255}},2 => {t_integer,{0,15}}}},
                     none}}]}}.
    {move,{literal,[<<1,2,63>>,<<0,255,165>>,<<1,2>>,<<1,2,3,4>>]},{x,2}}.
    {move,{atom,skipping},{x,0}}.
    {line,[{location,"asm_bs_match.erl",25}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,29},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     [{{2,{t_atom,[png]}},
                       {t_tuple,2,true,
                           #{1 => {t_atom,[png]},2 => {t_integer,{0,255}}}}}],
                     none}}]}}.
    {move,{literal,[<<80,78,71,2,114,101,115,116>>,
                    <<"PNG\t">>,
                    <<80,78,88,2>>,
                    <<71,73,70,1>>,
                    <<"PN">>]},
          {x,2}}.
    {move,{atom,magic},{x,0}}.
    {line,[{location,"asm_bs_match.erl",27}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,32},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     [{{2,{t_atom,[hamlet]}},
                       {t_tuple,2,true,
                           #{1 => {t_atom,[hamlet]},2 => {t_bitstring,8}}}}],
                     none}}]}}.
    {move,{literal,[<<72,65,77,76,69,84,1,2>>,
                    <<"HAMLET">>,
                    <<72,65,77,76,69,88,1>>,
                    <<104,65,77,76,69,84,1>>,
                    <<72,65,77,76,69,84,1:1>>]},
          {x,2}}.
    {move,{atom,hamlet},{x,0}}.
    {line,[{location,"asm_bs_match.erl",29}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,35},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,2,true,
                         #{1 => {t_integer,{0,255}},2 => {t_integer,{0,255}}}},
                     none}}]}}.
    {move,{literal,[<<1,171,205,2>>,<<1,171,206,2>>,<<1,171,205>>]},{x,2}}.
    {move,{atom,middle_literal},{x,0}}.
    {line,[{location,"asm_bs_match.erl",31}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,38},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,3,true,
                         #{1 => {t_integer,{0,65535}},
                           2 => {t_integer,{0,4095}},
                           3 => {t_bitstring,8}}},
                     none}}]}}.
    {move,{literal,[<<1,2,3,4:4>>,
                    <<1,2,3,71,38,87,55,4:4>>,
                    <<1,2,3,5:5>>,
                    <<1,2,3>>]},
          {x,2}}.
    {move,{atom,units},{x,0}}.
    {line,[{location,"asm_bs_match.erl",33}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,41},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[none]},
                     none,none,
                     [{{2,{t_atom,[one]}},
                       {t_tuple,2,true,
                           #{1 => {t_atom,[one]},2 => {t_integer,{0,255}}}}},
                      {{2,{t_atom,[other]}},
                       {t_tuple,2,true,
                           #{1 => {t_atom,[other]},2 => {t_integer,{0,255}}}}},
                      {{2,{t_atom,[two]}},
                       {t_tuple,2,true,
                           #{1 => {t_atom,[two]},
                             2 => {t_integer,{0,65535}}}}}],
                     none}}]}}.
    {move,{literal,[<<1,42>>,
                    <<2,1,2>>,
                    <<3,4,5>>,
                    <<1,2,3>>,
                    <<2,1>>,
                    <<1>>,
                    <<>>,
                    <<9:4>>]},
          {x,2}}.
    {move,{atom,multi},{x,0}}.
    {line,[{location,"asm_bs_match.erl",35}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,67},0,0,{y,1},{list,[]}}.
    {'%',
        {var_info,
            {y,1},
            [{fun_type,
                 {t_union,none,none,
                     {t_integer,any},
                     [{{2,{t_atom,[bad_tail]}},
                       {t_tuple,2,true,
                           #{1 => {t_atom,[bad_tail]},2 => {t_integer,any}}}}],
                     none}}]}}.
    {move,{integer,200},{x,1}}.
    {move,{integer,1},{x,0}}.
    {line,[{location,"asm_bs_match.erl",38}]}.
    {call_ext,2,{extfunc,lists,seq,2}}.
    {call_ext,1,{extfunc,erlang,list_to_binary,1}}.
    {test_heap,6,1}.
    {put_list,{x,0},{literal,[<<1,2:4>>]},{x,0}}.
    {put_list,{literal,<<>>},{x,0},{x,0}}.
    {put_list,{literal,<<1,2,3,4,5>>},{x,0},{x,2}}.
    {move,{y,1},{x,1}}.
    {init_yregs,{list,[{y,1}]}}.
    {move,{atom,sum},{x,0}}.
    {line,[{location,"asm_bs_match.erl",37}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,51},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,3,true,
                         #{1 => {t_float,any},
                           2 => {t_integer,{0,255}},
                           3 => {t_integer,{0,255}}}},
                     none}}]}}.
    {move,{literal,[<<63,248,0,0,0,0,0,0,7,9>>,<<63,192,0,0,7>>]},{x,2}}.
    {move,{atom,float_then_ints},{x,0}}.
    {line,[{location,"asm_bs_match.erl",39}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,54},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_tuple,2,true,
                     #{1 => {t_integer,{-16,15}},
                       2 => {t_integer,{-16,15}}}}}]}}.
    {move,{literal,[<<"·">>,<<"\b">>]},{x,2}}.
    {move,{atom,signed_bits},{x,0}}.
    {line,[{location,"asm_bs_match.erl",41}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {test_heap,{alloc,[{words,0},{floats,0},{funs,1}]},0}.
    {make_fun3,{f,57},0,0,{x,1},{list,[]}}.
    {'%',
        {var_info,
            {x,1},
            [{fun_type,
                 {t_union,
                     {t_atom,[nomatch]},
                     none,none,
                     {t_tuple,2,true,
                         #{1 => {t_integer,{0,255}},2 => {t_bitstring,1}}},
                     none}}]}}.
    {move,{literal,[<<7,8,9>>,<<7>>,<<>>,<<7:7>>]},{x,2}}.
    {move,{atom,lax},{x,0}}.
    {line,[{location,"asm_bs_match.erl",43}]}.
    {call,3,{f,6}}. % show/3
    {'%',{var_info,{x,0},[{type,{t_atom,[ok]}}]}}.
    {'try',{y,1},{f,3}}.
    {move,{literal,<<1,2>>},{x,0}}.
    {line,[{location,"asm_bs_match.erl",45}]}.
    {call,1,{f,54}}. % signed_bits/1
    {'%',{var_info,{x,0},
                   [{type,{t_tuple,2,true,
                                   #{1 => {t_integer,{-16,15}},
                                     2 => {t_integer,{-16,15}}}}}]}}.
    {try_end,{y,1}}.
    {test_heap,2,1}.
    {put_list,{x,0},nil,{x,1}}.
    {move,{literal,"signed_bits(<<1,2>>) returned ~p~n"},{x,0}}.
    {line,[{location,"asm_bs_match.erl",46}]}.
    {call_ext_last,2,{extfunc,io,format,2},2}.
  {label,3}.
    {try_case,{y,1}}.
    {move,{x,1},{y,0}}.
    {move,{x,2},{x,1}}.
    {test,is_eq_exact,
          {f,4},
          [{tr,{x,0},{t_atom,[error,exit,throw]}},{atom,error}]}.
    {move,{x,1},{x,0}}.
    build_stacktrace.
    {line,[{location,"asm_bs_match.erl",48}]}.
    {bif,hd,{f,0},[{x,0}],{x,0}}.
    {test_heap,4,1}.
    {put_list,{x,0},nil,{x,0}}.
    {put_list,{y,0},{x,0},{x,1}}.
    {move,{literal,"signed_bits(<<1,2>>) raised ~p at ~p~n"},{x,0}}.
    {line,[{scope,[0]},{location,"asm_bs_match.erl",48}]}.
    {call_ext_last,2,{extfunc,io,format,2},2}.
  {label,4}.
    {bif,raise,{f,0},[{x,1},{y,0}],{x,0}}.


{function, show, 3, 6}.
  {label,5}.
    {line,[{location,"asm_bs_match.erl",51}]}.
    {func_info,{atom,asm_bs_match},{atom,show},3}.
  {label,6}.
    {'%',{var_info,{x,0},[{type,{t_atom,any}}]}}.
    {'%',
        {var_info,
            {x,1},
            [{type,
                 {t_fun,1,any,
                     {t_union,
                         {t_atom,[nomatch,none]},
                         none,
                         {t_integer,any},
                         {t_tuple,2,false,
                             #{1 =>
                                   {t_union,
                                       {t_atom,any},
                                       none,number,none,
                                       {t_bitstring,8}},
                               2 =>
                                   {t_union,none,none,
                                       {t_integer,any},
                                       none,
                                       {t_bitstring,1}}}},
                         none}}}]}}.
    {'%',
        {var_info,
            {x,2},
            [{type,
                 {t_cons,
                     {t_union,{t_atom,[atom]},none,none,none,{t_bitstring,1}},
                     nil}}]}}.
    {allocate,0,3}.
    {swap,{x,1},{x,2}}.
    {swap,{x,0},{x,1}}.
    {line,[{location,"asm_bs_match.erl",52}]}.
    {call,3,{f,64}}. % '-show/3-lc$^0/1-0-'/3
    {'%',{var_info,{x,0},[{type,nil}]}}.
    {move,{atom,ok},{x,0}}.
    {deallocate,0}.
    return.


%% ---- From here to module_info: the OTP 26 form, written by hand. Each bs_get_*/
%% bs_skip_bits2/bs_match_string/bs_test_tail2 run that OTP 26 fuses is one bs_match;
%% field flags are kept only when they matter (little, signed), as OTP 26 does.

{function, three_ints, 1, 8}.
  {label,7}.
    {line,[{location,"asm_bs_match.erl",55}]}.
    {func_info,{atom,asm_bs_match},{atom,three_ints},1}.
  {label,8}.
    {test,bs_start_match3,{f,9},1,[{x,0}],{x,0}}.
    {bs_match,{f,9},
              {x,0},
              {commands,[{ensure_exactly,56},
                         {integer,1,{literal,[]},8,1,{x,1}},
                         {integer,2,{literal,[]},16,1,{x,2}},
                         {integer,3,{literal,[]},32,1,{x,3}}]}}.
    {test_heap,4,4}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2},{x,3}]}}.
    return.
  {label,9}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, little_signed, 1, 11}.
  {label,10}.
    {line,[{location,"asm_bs_match.erl",58}]}.
    {func_info,{atom,asm_bs_match},{atom,little_signed},1}.
  {label,11}.
    {test,bs_start_match3,{f,12},1,[{x,0}],{x,0}}.
    {bs_match,{f,12},
              {x,0},
              {commands,[{ensure_exactly,80},
                         {integer,1,{literal,[signed,little]},16,1,{x,1}},
                         {integer,2,{literal,[native]},32,1,{x,2}},
                         {integer,3,{literal,[signed]},8,1,{x,3}},
                         {integer,4,{literal,[signed]},24,1,{x,4}}]}}.
    {test_heap,5,5}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2},{x,3},{x,4}]}}.
    return.
  {label,12}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, big_ints, 1, 14}.
  {label,13}.
    {line,[{location,"asm_bs_match.erl",61}]}.
    {func_info,{atom,asm_bs_match},{atom,big_ints},1}.
  {label,14}.
    {test,bs_start_match3,{f,15},1,[{x,0}],{x,0}}.
    {bs_match,{f,15},
              {x,0},
              {commands,[{ensure_exactly,236},
                         {integer,1,{literal,[]},64,1,{x,1}},
                         {integer,2,{literal,[signed]},72,1,{x,2}},
                         {integer,3,{literal,[little]},100,1,{x,3}}]}}.
    {test_heap,4,4}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2},{x,3}]}}.
    return.
  {label,15}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, odd_sizes, 1, 17}.
  {label,16}.
    {line,[{location,"asm_bs_match.erl",64}]}.
    {func_info,{atom,asm_bs_match},{atom,odd_sizes},1}.
  {label,17}.
    {test,bs_start_match3,{f,18},1,[{x,0}],{x,0}}.
    {bs_match,{f,18},
              {x,0},
              {commands,[{ensure_at_least,16,1},
                         {integer,1,{literal,[]},3,1,{x,1}},
                         {integer,2,{literal,[]},5,1,{x,2}},
                         {integer,3,{literal,[]},1,1,{x,3}},
                         {integer,4,{literal,[little]},7,1,{x,4}},
                         {get_tail,5,1,{x,0}}]}}.
    {test_heap,6,5}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2},{x,3},{x,4},{x,0}]}}.
    return.
  {label,18}.
    {move,{atom,nomatch},{x,0}}.
    return.


%% A variable-size segment is not fused: the old bs_get_binary2 instructions follow.
{function, header, 1, 20}.
  {label,19}.
    {line,[{location,"asm_bs_match.erl",67}]}.
    {func_info,{atom,asm_bs_match},{atom,header},1}.
  {label,20}.
    {test,bs_start_match3,{f,21},1,[{x,0}],{x,0}}.
    {bs_match,{f,21},
              {x,0},
              {commands,[{ensure_at_least,24,1},
                         {integer,1,{literal,[]},8,1,{x,1}},
                         {integer,2,{literal,[]},16,1,{x,2}}]}}.
    {test,bs_get_binary2,{f,21},3,[{x,0},{x,2},8,{field_flags,[unsigned,big]}],{x,2}}.
    {test,bs_get_binary2,{f,21},3,[{x,0},{atom,all},8,{field_flags,[unsigned,big]}],{x,0}}.
    {test_heap,4,3}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2},{x,0}]}}.
    return.
  {label,21}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, fixed_bin, 1, 23}.
  {label,22}.
    {line,[{location,"asm_bs_match.erl",70}]}.
    {func_info,{atom,asm_bs_match},{atom,fixed_bin},1}.
  {label,23}.
    {test,bs_start_match3,{f,24},1,[{x,0}],{x,0}}.
    {bs_match,{f,24},
              {x,0},
              {commands,[{ensure_at_least,28,8},
                         {binary,1,{literal,[]},3,8,{x,1}},
                         {binary,2,{literal,[]},4,1,{x,2}},
                         {get_tail,3,8,{x,0}}]}}.
    {test_heap,4,3}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2},{x,0}]}}.
    return.
  {label,24}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, skipping, 1, 26}.
  {label,25}.
    {line,[{location,"asm_bs_match.erl",73}]}.
    {func_info,{atom,asm_bs_match},{atom,skipping},1}.
  {label,26}.
    {test,bs_start_match3,{f,27},1,[{x,0}],{x,0}}.
    {bs_match,{f,27},
              {x,0},
              {commands,[{ensure_exactly,24},
                         {skip,8},
                         {integer,1,{literal,[]},8,1,{x,1}},
                         {skip,4},
                         {integer,2,{literal,[]},4,1,{x,2}}]}}.
    {test_heap,3,3}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2}]}}.
    return.
  {label,27}.
    {move,{atom,nomatch},{x,0}}.
    return.


%% <<"PNG">> is 16#504E47.
{function, magic, 1, 29}.
  {label,28}.
    {line,[{location,"asm_bs_match.erl",76}]}.
    {func_info,{atom,asm_bs_match},{atom,magic},1}.
  {label,29}.
    {test,bs_start_match3,{f,30},1,[{x,0}],{x,0}}.
    {bs_match,{f,30},
              {x,0},
              {commands,[{ensure_at_least,32,8},
                         {'=:=',nil,24,5262919},
                         {integer,1,{literal,[]},8,1,{x,1}}]}}.
    {test_heap,3,2}.
    {put_tuple2,{x,0},{list,[{atom,png},{x,1}]}}.
    return.
  {label,30}.
    {move,{atom,nomatch},{x,0}}.
    return.


%% <<"HAMLET">> (48 bits) is compared as 31 + 17 bits, as OTP 26 splits it.
{function, hamlet, 1, 32}.
  {label,31}.
    {line,[{location,"asm_bs_match.erl",79}]}.
    {func_info,{atom,asm_bs_match},{atom,hamlet},1}.
  {label,32}.
    {test,bs_start_match3,{f,33},1,[{x,0}],{x,0}}.
    {bs_match,{f,33},
              {x,0},
              {commands,[{ensure_at_least,48,8},
                         {'=:=',nil,31,606119590},
                         {'=:=',nil,17,17748},
                         {get_tail,1,8,{x,0}}]}}.
    {test_heap,3,1}.
    {put_tuple2,{x,0},{list,[{atom,hamlet},{x,0}]}}.
    return.
  {label,33}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, middle_literal, 1, 35}.
  {label,34}.
    {line,[{location,"asm_bs_match.erl",82}]}.
    {func_info,{atom,asm_bs_match},{atom,middle_literal},1}.
  {label,35}.
    {test,bs_start_match3,{f,36},1,[{x,0}],{x,0}}.
    {bs_match,{f,36},
              {x,0},
              {commands,[{ensure_exactly,32},
                         {integer,1,{literal,[]},8,1,{x,1}},
                         {'=:=',nil,16,43981},
                         {integer,2,{literal,[]},8,1,{x,2}}]}}.
    {test_heap,3,3}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2}]}}.
    return.
  {label,36}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, units, 1, 38}.
  {label,37}.
    {line,[{location,"asm_bs_match.erl",85}]}.
    {func_info,{atom,asm_bs_match},{atom,units},1}.
  {label,38}.
    {test,bs_start_match3,{f,39},1,[{x,0}],{x,0}}.
    {bs_match,{f,39},
              {x,0},
              {commands,[{ensure_at_least,28,8},
                         {integer,1,{literal,[]},2,8,{x,1}},
                         {integer,2,{literal,[]},3,4,{x,2}},
                         {get_tail,3,8,{x,0}}]}}.
    {test_heap,4,3}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2},{x,0}]}}.
    return.
  {label,39}.
    {move,{atom,nomatch},{x,0}}.
    return.


%% Several clauses: the position is saved and restored around the bs_match instructions,
%% and the last clause's unit test is an ensure of 0 bits with unit 8.
{function, multi, 1, 41}.
  {label,40}.
    {line,[{location,"asm_bs_match.erl",88}]}.
    {func_info,{atom,asm_bs_match},{atom,multi},1}.
  {label,41}.
    {test,bs_start_match3,{f,45},1,[{x,0}],{x,0}}.
    {bs_match,{f,45},
              {x,0},
              {commands,[{ensure_at_least,8,1},
                         {integer,1,{literal,[]},8,1,{x,1}}]}}.
    {bs_get_position,{x,0},{x,2},2}.
    {select_val,{x,1},{f,44},{list,[{integer,1},{f,43},{integer,2},{f,42}]}}.
  {label,42}.
    {bs_match,{f,44},
              {x,0},
              {commands,[{ensure_exactly,16},
                         {integer,3,{literal,[little]},16,1,{x,3}}]}}.
    {test_heap,3,4}.
    {put_tuple2,{x,0},{list,[{atom,two},{x,3}]}}.
    return.
  {label,43}.
    {bs_match,{f,44},
              {x,0},
              {commands,[{ensure_exactly,8},
                         {integer,3,{literal,[]},8,1,{x,3}}]}}.
    {test_heap,3,4}.
    {put_tuple2,{x,0},{list,[{atom,one},{x,3}]}}.
    return.
  {label,44}.
    {bs_set_position,{x,0},{x,2}}.
    {bs_match,{f,45},{x,0},{commands,[{ensure_at_least,0,8}]}}.
    {test_heap,3,2}.
    {put_tuple2,{x,0},{list,[{atom,other},{x,1}]}}.
    return.
  {label,45}.
    {move,{atom,none},{x,0}}.
    return.


%% The match context goes round the loop (bs_start_match3 reuses it).
{function, sum, 2, 47}.
  {label,46}.
    {line,[{location,"asm_bs_match.erl",93}]}.
    {func_info,{atom,asm_bs_match},{atom,sum},2}.
  {label,47}.
    {test,bs_start_match3,{f,49},2,[{x,0}],{x,0}}.
    {bs_get_position,{x,0},{x,2},2}.
    {bs_match,{f,48},
              {x,0},
              {commands,[{ensure_at_least,8,8},
                         {integer,3,{literal,[]},8,1,{x,3}}]}}.
    {gc_bif,'+',
            {f,0},
            4,
            [{tr,{x,1},{t_integer,any}},{tr,{x,3},{t_integer,{0,255}}}],
            {x,1}}.
    {call_only,2,{f,47}}. % sum/2
  {label,48}.
    {bs_set_position,{x,0},{x,2}}.
    {bs_match,{f,49},{x,0},{commands,[{ensure_exactly,0}]}}.
    {move,{x,1},{x,0}}.
    return.
  {label,49}.
    {test_heap,3,2}.
    {put_tuple2,{x,0},{list,[{atom,bad_tail},{x,1}]}}.
    return.


%% A float segment is not a bs_match command: one ensure covers the whole binary, the
%% float is read by bs_get_float2, and the bs_match that follows has no ensure of its own
%% (and no fail label: its reads cannot fail).
{function, float_then_ints, 1, 51}.
  {label,50}.
    {line,[{location,"asm_bs_match.erl",97}]}.
    {func_info,{atom,asm_bs_match},{atom,float_then_ints},1}.
  {label,51}.
    {test,bs_start_match3,{f,52},1,[{x,0}],{x,0}}.
    {bs_match,{f,52},{x,0},{commands,[{ensure_exactly,80}]}}.
    {test,bs_get_float2,{f,52},1,[{x,0},{integer,64},1,{field_flags,[unsigned,big]}],{x,1}}.
    {bs_match,{f,0},
              {x,0},
              {commands,[{integer,2,{literal,[]},8,1,{x,2}},
                         {integer,3,{literal,[]},8,1,{x,3}}]}}.
    {test_heap,4,4}.
    {put_tuple2,{x,0},{list,[{x,1},{x,2},{x,3}]}}.
    return.
  {label,52}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, signed_bits, 1, 54}.
  {label,53}.
    {line,[{location,"asm_bs_match.erl",100}]}.
    {func_info,{atom,asm_bs_match},{atom,signed_bits},1}.
  {label,54}.
    {test,bs_start_match3,{f,53},1,[{x,0}],{x,1}}.
    {bs_get_position,{x,1},{x,0},2}.
    {bs_match,{f,55},
              {x,1},
              {commands,[{ensure_exactly,8},
                         {integer,2,{literal,[signed]},4,1,{x,2}},
                         {integer,3,{literal,[signed]},4,1,{x,3}}]}}.
    {test_heap,3,4}.
    {put_tuple2,{x,0},{list,[{x,2},{x,3}]}}.
    return.
  {label,55}.
    {bs_set_position,{x,1},{x,0}}.
    {bs_get_tail,{x,1},{x,0},2}.
    {jump,{f,53}}.


%% No ensure in this bs_match (no compiler emits that): the loader adds one, and on short
%% input it fails to the fail label like a failed match.
{function, lax, 1, 57}.
  {label,56}.
    {line,[{location,"asm_bs_match.erl",104}]}.
    {func_info,{atom,asm_bs_match},{atom,lax},1}.
  {label,57}.
    {test,bs_start_match3,{f,58},1,[{x,0}],{x,0}}.
    {bs_match,{f,58},
              {x,0},
              {commands,[{integer,1,{literal,[]},8,1,{x,1}},
                         {get_tail,2,1,{x,0}}]}}.
    {test_heap,3,2}.
    {put_tuple2,{x,0},{list,[{x,1},{x,0}]}}.
    return.
  {label,58}.
    {move,{atom,nomatch},{x,0}}.
    return.


{function, module_info, 0, 60}.
  {label,59}.
    {line,[]}.
    {func_info,{atom,asm_bs_match},{atom,module_info},0}.
  {label,60}.
    {move,{atom,asm_bs_match},{x,0}}.
    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.


{function, module_info, 1, 62}.
  {label,61}.
    {line,[]}.
    {func_info,{atom,asm_bs_match},{atom,module_info},1}.
  {label,62}.
    {move,{x,0},{x,1}}.
    {move,{atom,asm_bs_match},{x,0}}.
    {call_ext_only,2,{extfunc,erlang,get_module_info,2}}.


{function, '-show/3-lc$^0/1-0-', 3, 64}.
  {label,63}.
    {line,[{location,"asm_bs_match.erl",52}]}.
    {func_info,{atom,asm_bs_match},{atom,'-show/3-lc$^0/1-0-'},3}.
  {label,64}.
    {'%',
        {var_info,
            {x,0},
            [{type,
                 {t_list,
                     {t_union,{t_atom,[atom]},none,none,none,{t_bitstring,1}},
                     nil}}]}}.
    {'%',{var_info,{x,1},[{type,{t_atom,any}}]}}.
    {'%',
        {var_info,
            {x,2},
            [{type,
                 {t_fun,1,any,
                     {t_union,
                         {t_atom,[nomatch,none]},
                         none,
                         {t_integer,any},
                         {t_tuple,2,false,
                             #{1 =>
                                   {t_union,
                                       {t_atom,any},
                                       none,number,none,
                                       {t_bitstring,8}},
                               2 =>
                                   {t_union,none,none,
                                       {t_integer,any},
                                       none,
                                       {t_bitstring,1}}}},
                         none}}}]}}.
    {test,is_nonempty_list,{f,65},[{x,0}]}.
    {allocate,4,3}.
    {move,{x,2},{y,2}}.
    {move,{x,1},{y,3}}.
    {get_list,{x,0},{y,1},{y,0}}.
    {move,{x,2},{x,1}}.
    {move,{y,1},{x,0}}.
    {call_fun2,
        {atom,safe},
        1,
        {tr,{x,1},
            {t_fun,1,any,
                {t_union,
                    {t_atom,[nomatch,none]},
                    none,
                    {t_integer,any},
                    {t_tuple,2,false,
                        #{1 =>
                              {t_union,
                                  {t_atom,any},
                                  none,number,none,
                                  {t_bitstring,8}},
                          2 =>
                              {t_union,none,none,
                                  {t_integer,any},
                                  none,
                                  {t_bitstring,1}}}},
                    none}}}}.
    {'%',
        {var_info,
            {x,0},
            [{type,
                 {t_union,
                     {t_atom,[nomatch,none]},
                     none,
                     {t_integer,any},
                     {t_tuple,2,false,
                         #{1 =>
                               {t_union,
                                   {t_atom,any},
                                   none,number,none,
                                   {t_bitstring,8}},
                           2 =>
                               {t_union,none,none,
                                   {t_integer,any},
                                   none,
                                   {t_bitstring,1}}}},
                     none}}]}}.
    {test_heap,6,1}.
    {put_list,{x,0},nil,{x,0}}.
    {put_list,{y,1},{x,0},{x,0}}.
    {put_list,{y,3},{x,0},{x,1}}.
    {move,{y,0},{y,1}}.
    {trim,1,3}.
    {move,{literal,"~p(~p) -> ~p~n"},{x,0}}.
    {call_ext,2,{extfunc,io,format,2}}.
    {move,{y,1},{x,2}}.
    {move,{y,2},{x,1}}.
    {move,{y,0},{x,0}}.
    {call_last,3,{f,64},3}. % '-show/3-lc$^0/1-0-'/3
  {label,65}.
    return.


{function, '-main/0-fun-12-', 1, 67}.
  {label,66}.
    {line,[{location,"asm_bs_match.erl",37}]}.
    {func_info,{atom,asm_bs_match},{atom,'-main/0-fun-12-'},1}.
  {label,67}.
    {'%',{var_info,{x,0},[accepts_match_context]}}.
    {move,{integer,0},{x,1}}.
    {call_only,2,{f,47}}. % sum/2
