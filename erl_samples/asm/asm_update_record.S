%% asm_update_record: what erlc 26 makes of asm_update_record.erl, hand-written from OTP 25's
%% `erlc -S asm_update_record.erl` (main/0 is unchanged OTP 25 output). Assembled by
%% tools/beam_asm26.escript; the sample prints what the .erl prints on erl.
{module, asm_update_record}.  %% version = 0

{exports, [{bump,1},
           {count,2},
           {main,0},
           {module_info,0},
           {module_info,1},
           {reset,1},
           {set_all,5},
           {set_label,2},
           {set_xy,3},
           {swap_xy,1}]}.

{attributes, []}.

{labels, 29}.


{function, main, 0, 2}.
  {label,1}.
    {line,[{location,"asm_update_record.erl",13}]}.
    {func_info,{atom,asm_update_record},{atom,main},0}.
  {label,2}.
    {allocate,3,0}.
    {init_yregs,{list,[{y,0},{y,1},{y,2}]}}.
    {move,{integer,1},{x,1}}.
    {move,{integer,2},{x,2}}.
    {move,{literal,{point,0,0,0,none}},{x,0}}.
    {line,[{location,"asm_update_record.erl",15}]}.
    {call,3,{f,7}}. % set_xy/3
    {'%',{var_info,{x,0},[{type,{t_tuple,5,true,#{1 => {t_atom,[point]}}}}]}}.
    {move,{x,0},{y,2}}.
    {move,{literal,"first"},{x,1}}.
    {line,[{location,"asm_update_record.erl",16}]}.
    {call,2,{f,10}}. % set_label/2
    {'%',{var_info,{x,0},[{type,{t_tuple,5,true,#{1 => {t_atom,[point]}}}}]}}.
    {move,{x,0},{y,1}}.
    {move,{integer,-3},{x,3}}.
    {move,{integer,-2},{x,2}}.
    {move,{atom,last},{x,4}}.
    {move,{integer,-1},{x,1}}.
    {line,[{location,"asm_update_record.erl",17}]}.
    {call,5,{f,13}}. % set_all/5
    {'%',{var_info,{x,0},[{type,{t_tuple,5,true,#{1 => {t_atom,[point]}}}}]}}.
    {test_heap,8,1}.
    {put_list,{x,0},nil,{x,1}}.
    {put_list,{y,1},{x,1},{x,1}}.
    {put_list,{y,2},{x,1},{x,1}}.
    {put_list,{literal,{point,0,0,0,none}},{x,1},{x,1}}.
    {move,{x,0},{y,0}}.
    {move,{literal,"~p~n~p~n~p~n~p~n"},{x,0}}.
    {line,[{location,"asm_update_record.erl",18}]}.
    {call_ext,2,{extfunc,io,format,2}}.
    {test_heap,6,0}.
    {get_tuple_element,{y,1},3,{x,0}}.
    {get_tuple_element,{y,2},4,{x,1}}.
    {put_tuple2,{x,0},{list,[{integer,0},{x,1},{x,0}]}}.
    {put_list,{x,0},nil,{x,1}}.
    {init_yregs,{list,[{y,1},{y,2}]}}.
    {move,{literal,"~p~n"},{x,0}}.
    {line,[{location,"asm_update_record.erl",20}]}.
    {call_ext,2,{extfunc,io,format,2}}.
    {move,{integer,10},{x,1}}.
    {move,{integer,1},{x,0}}.
    {line,[{location,"asm_update_record.erl",21}]}.
    {call_ext,2,{extfunc,lists,seq,2}}.
    {move,{x,0},{x,1}}.
    {move,{literal,{counter,c,0,0,undefined}},{x,0}}.
    {call,2,{f,23}}. % count/2
    {test_heap,2,1}.
    {put_list,{x,0},nil,{x,1}}.
    {move,{literal,"~p~n"},{x,0}}.
    {line,[{location,"asm_update_record.erl",22}]}.
    {call_ext,2,{extfunc,io,format,2}}.
    {move,{literal,{point,a,b,c,none}},{x,0}}.
    {line,[{location,"asm_update_record.erl",23}]}.
    {call,1,{f,16}}. % swap_xy/1
    {'%',{var_info,{x,0},[{type,{t_tuple,5,true,#{1 => {t_atom,[point]}}}}]}}.
    {test_heap,2,1}.
    {put_list,{x,0},nil,{x,1}}.
    {move,{literal,"~p~n"},{x,0}}.
    {call_ext,2,{extfunc,io,format,2}}.
    {move,{literal,{point,10,20,0,none}},{x,0}}.
    {line,[{location,"asm_update_record.erl",24}]}.
    {call,1,{f,18}}. % bump/1
    {'%',{var_info,{x,0},
                   [{type,{t_tuple,5,true,
                                   #{1 => {t_atom,[point]},
                                     2 => number,3 => number,4 => number}}}]}}.
    {test_heap,2,1}.
    {put_list,{x,0},nil,{x,1}}.
    {move,{literal,"~p~n"},{x,0}}.
    {call_ext,2,{extfunc,io,format,2}}.
    {move,{y,0},{x,0}}.
    {init_yregs,{list,[{y,0}]}}.
    {line,[{location,"asm_update_record.erl",25}]}.
    {call,1,{f,20}}. % reset/1
    {'%',{var_info,{x,0},
                   [{type,{t_tuple,5,true,
                                   #{1 => {t_atom,[point]},
                                     4 => {t_integer,{0,0}},
                                     5 => {t_atom,[reset]}}}}]}}.
    {test_heap,2,1}.
    {put_list,{x,0},nil,{x,1}}.
    {move,{literal,"~p~n"},{x,0}}.
    {call_ext,2,{extfunc,io,format,2}}.
    {'try',{y,2},{f,3}}.
    {move,{atom,x},{x,1}}.
    {move,{literal,{point,1,2}},{x,0}}.
    {line,[{location,"asm_update_record.erl",26}]}.
    {call,2,{f,10}}. % set_label/2
    {'%',{var_info,{x,0},[{type,none}]}}.
  {label,3}.
    {try_case,{y,2}}.
    {test,is_eq_exact,
          {f,5},
          [{tr,{x,0},{t_atom,[error,exit,throw]}},{atom,error}]}.
    {test_heap,2,2}.
    {put_list,{x,1},nil,{x,1}}.
    {move,{literal,"raised ~p~n"},{x,0}}.
    {line,[{scope,[2]},{location,"asm_update_record.erl",29}]}.
    {call_ext,2,{extfunc,io,format,2}}.
    {'try',{y,2},{f,4}}.
    {move,{integer,1},{x,1}}.
    {move,{integer,2},{x,2}}.
    {move,{atom,not_a_record},{x,0}}.
    {line,[{scope,[2]},{location,"asm_update_record.erl",31}]}.
    {call,3,{f,7}}. % set_xy/3
    {'%',{var_info,{x,0},[{type,none}]}}.
  {label,4}.
    {try_case,{y,2}}.
    {test,is_eq_exact,
          {f,5},
          [{tr,{x,0},{t_atom,[error,exit,throw]}},{atom,error}]}.
    {test_heap,2,2}.
    {put_list,{x,1},nil,{x,1}}.
    {move,{literal,"raised ~p~n"},{x,0}}.
    {line,[{scope,[0]},{location,"asm_update_record.erl",34}]}.
    {call_ext_last,2,{extfunc,io,format,2},3}.
  {label,5}.
    {bif,raise,{f,0},[{x,2},{x,1}],{x,0}}.


%% ---- From here to module_info: the OTP 26 form, written by hand. A record update that
%% keeps some fields is update_record (the Size, then 1-based field indices with their new
%% values); OTP 25 called setelement/3 and set_tuple_element instead.

{function, set_xy, 3, 7}.
  {label,6}.
    {line,[{location,"asm_update_record.erl",37}]}.
    {func_info,{atom,asm_update_record},{atom,set_xy},3}.
  {label,7}.
    {test,is_tagged_tuple,{f,8},[{x,0},5,{atom,point}]}.
    {test_heap,6,3}.
    {update_record,{atom,copy},5,{x,0},{x,0},{list,[2,{x,1},3,{x,2}]}}.
    return.
  {label,8}.
    {badrecord,{x,0}}.


{function, set_label, 2, 10}.
  {label,9}.
    {line,[{location,"asm_update_record.erl",39}]}.
    {func_info,{atom,asm_update_record},{atom,set_label},2}.
  {label,10}.
    {test,is_tagged_tuple,{f,11},[{x,0},5,{atom,point}]}.
    {test_heap,6,2}.
    {update_record,{atom,copy},5,{x,0},{x,0},{list,[5,{x,1}]}}.
    return.
  {label,11}.
    {badrecord,{x,0}}.


%% Every field changes: a new tuple, as in OTP 25.
{function, set_all, 5, 13}.
  {label,12}.
    {line,[{location,"asm_update_record.erl",41}]}.
    {func_info,{atom,asm_update_record},{atom,set_all},5}.
  {label,13}.
    {test,is_tagged_tuple,{f,14},[{x,0},5,{atom,point}]}.
    {test_heap,6,5}.
    {put_tuple2,{x,0},{list,[{atom,point},{x,1},{x,2},{x,3},{x,4}]}}.
    return.
  {label,14}.
    {badrecord,{x,0}}.


{function, swap_xy, 1, 16}.
  {label,15}.
    {line,[{location,"asm_update_record.erl",43}]}.
    {func_info,{atom,asm_update_record},{atom,swap_xy},1}.
  {label,16}.
    {test,is_tagged_tuple,{f,15},[{x,0},5,{atom,point}]}.
    {get_tuple_element,{x,0},1,{x,1}}.
    {get_tuple_element,{x,0},2,{x,2}}.
    {test_heap,6,3}.
    {update_record,{atom,copy},5,{x,0},{x,0},{list,[2,{x,2},3,{x,1}]}}.
    return.


%% The destination register is also the source of an update (erts reads it into a scratch
%% register first).
{function, bump, 1, 18}.
  {label,17}.
    {line,[{location,"asm_update_record.erl",45}]}.
    {func_info,{atom,asm_update_record},{atom,bump},1}.
  {label,18}.
    {test,is_tagged_tuple,{f,17},[{x,0},5,{atom,point}]}.
    {get_tuple_element,{x,0},1,{x,1}}.
    {gc_bif,'+',{f,0},2,[{x,1},{integer,1}],{x,2}}.
    {get_tuple_element,{x,0},2,{x,3}}.
    {gc_bif,'+',{f,0},4,[{x,3},{integer,1}],{x,4}}.
    {gc_bif,'+',{f,0},5,[{tr,{x,1},number},{tr,{x,3},number}],{x,1}}.
    {test_heap,6,5}.
    {update_record,{atom,copy},5,{x,0},{x,1},{list,[2,{x,2},3,{x,4},4,{x,1}]}}.
    {move,{x,1},{x,0}}.
    return.


%% Literal values.
{function, reset, 1, 20}.
  {label,19}.
    {line,[{location,"asm_update_record.erl",47}]}.
    {func_info,{atom,asm_update_record},{atom,reset},1}.
  {label,20}.
    {test,is_tagged_tuple,{f,21},[{x,0},5,{atom,point}]}.
    {test_heap,6,1}.
    {update_record,{atom,copy},5,{x,0},{x,0},{list,[4,{integer,0},5,{atom,reset}]}}.
    return.
  {label,21}.
    {badrecord,{x,0}}.


%% The accumulator of a loop is updated `inplace`.
{function, count, 2, 23}.
  {label,22}.
    {line,[{location,"asm_update_record.erl",50}]}.
    {func_info,{atom,asm_update_record},{atom,count},2}.
  {label,23}.
    {test,is_nil,{f,24},[{x,1}]}.
    return.
  {label,24}.
    {test,is_tagged_tuple,{f,22},[{x,0},5,{atom,counter}]}.
    {test,is_nonempty_list,{f,22},[{x,1}]}.
    {get_tuple_element,{x,0},2,{x,2}}.
    {get_list,{x,1},{x,3},{x,1}}.
    {line,[{location,"asm_update_record.erl",52}]}.
    {gc_bif,'+',{f,0},4,[{x,2},{integer,1}],{x,2}}.
    {get_tuple_element,{x,0},3,{x,4}}.
    {gc_bif,'+',{f,0},5,[{x,4},{x,3}],{x,4}}.
    {test_heap,6,5}.
    {update_record,{atom,inplace},5,{x,0},{x,0},{list,[3,{x,2},4,{x,4},5,{x,3}]}}.
    {call_only,2,{f,23}}. % count/2


{function, module_info, 0, 26}.
  {label,25}.
    {line,[]}.
    {func_info,{atom,asm_update_record},{atom,module_info},0}.
  {label,26}.
    {move,{atom,asm_update_record},{x,0}}.
    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.


{function, module_info, 1, 28}.
  {label,27}.
    {line,[]}.
    {func_info,{atom,asm_update_record},{atom,module_info},1}.
  {label,28}.
    {move,{x,0},{x,1}}.
    {move,{atom,asm_update_record},{x,0}}.
    {call_ext_only,2,{extfunc,erlang,get_module_info,2}}.
