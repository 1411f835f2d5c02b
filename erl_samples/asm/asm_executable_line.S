%% asm_executable_line: asm_executable_line.erl as `erlc -S` (OTP 25) writes it, with the
%% executable_line instructions OTP 27's +line_coverage adds (before the code of each line,
%% numbered from 1). Assembled by tools/beam_asm26.escript.
{module, asm_executable_line}.  %% version = 0

{exports, [{classify,1},
           {fail_at,1},
           {main,0},
           {module_info,0},
           {module_info,1},
           {total,1}]}.

{attributes, []}.

{labels, 28}.


{function, main, 0, 2}.
  {label,1}.
    {line,[{location,"asm_executable_line.erl",10}]}.
    {func_info,{atom,asm_executable_line},{atom,main},0}.
  {label,2}.
    {allocate,2,0}.
    {init_yregs,{list,[{y,0},{y,1}]}}.
    {move,{literal,[-3,0,7,atom]},{x,0}}.
    {executable_line,[{location,"asm_executable_line.erl",11}],1}.
    {line,[{location,"asm_executable_line.erl",11}]}.
    {call,1,{f,26}}. % '-main/0-lc$^0/1-0-'/1
    {'%',
        {var_info,
            {x,0},
            [{type,
                 {t_cons,
                     {t_union,
                         {t_atom,[negative,other,zero]},
                         none,none,
                         [{{2,{t_atom,[positive]}},
                           {t_tuple,2,true,
                               #{1 => {t_atom,[positive]},
                                 2 => {t_integer,any}}}}],
                         none},
                     nil}}]}}.
    {test_heap,2,1}.
    {put_list,{x,0},nil,{x,1}}.
    {move,{literal,"~p~n"},{x,0}}.
    {call_ext,2,{extfunc,io,format,2}}.
    {move,{integer,100},{x,1}}.
    {move,{integer,1},{x,0}}.
    {executable_line,[{location,"asm_executable_line.erl",12}],2}.
    {line,[{location,"asm_executable_line.erl",12}]}.
    {call_ext,2,{extfunc,lists,seq,2}}.
    {call,1,{f,12}}. % total/1
    {'%',{var_info,{x,0},[{type,number}]}}.
    {test_heap,2,1}.
    {put_list,{x,0},nil,{x,1}}.
    {move,{literal,"~p~n"},{x,0}}.
    {call_ext,2,{extfunc,io,format,2}}.
    {'try',{y,1},{f,3}}.
    {move,{atom,deep},{x,0}}.
    {executable_line,[{location,"asm_executable_line.erl",13}],3}.
    {line,[{location,"asm_executable_line.erl",13}]}.
    {call,1,{f,17}}. % fail_at/1
    {'%',{var_info,{x,0},[{type,{t_atom,[shallow]}}]}}.
    {try_end,{y,1}}.
    {move,{literal,[shallow]},{x,1}}.
    {move,{literal,"returned ~p~n"},{x,0}}.
    {executable_line,[{location,"asm_executable_line.erl",14}],4}.
    {line,[{location,"asm_executable_line.erl",14}]}.
    {call_ext,2,{extfunc,io,format,2}}.
    {jump,{f,4}}.
  {label,3}.
    {try_case,{y,1}}.
    {move,{x,1},{y,0}}.
    {move,{x,2},{x,1}}.
    {test,is_eq_exact,
          {f,5},
          [{tr,{x,0},{t_atom,[error,exit,throw]}},{atom,error}]}.
    {move,{x,1},{x,0}}.
    build_stacktrace.
    {move,{integer,3},{x,1}}.
    {executable_line,[{location,"asm_executable_line.erl",17}],5}.
    {line,[{scope,[0]},{location,"asm_executable_line.erl",17}]}.
    {call_ext,2,{extfunc,lists,sublist,2}}.
    {test_heap,4,1}.
    {put_list,{x,0},nil,{x,0}}.
    {put_list,{y,0},{x,0},{x,1}}.
    {init_yregs,{list,[{y,0}]}}.
    {move,{literal,"~p~n~p~n"},{x,0}}.
    {call_ext,2,{extfunc,io,format,2}}.
  {label,4}.
    {move,{atom,ok},{x,0}}.
    {deallocate,2}.
    return.
  {label,5}.
    {bif,raise,{f,0},[{x,1},{y,0}],{x,0}}.


{function, classify, 1, 7}.
  {label,6}.
    {line,[{location,"asm_executable_line.erl",21}]}.
    {func_info,{atom,asm_executable_line},{atom,classify},1}.
  {label,7}.
    {executable_line,[{location,"asm_executable_line.erl",22}],6}.
    {test,is_integer,{f,8},[{x,0}]}.
    {test,is_lt,{f,8},[{tr,{x,0},{t_integer,any}},{integer,0}]}.
    {move,{atom,negative},{x,0}}.
    return.
  {label,8}.
    {executable_line,[{location,"asm_executable_line.erl",23}],7}.
    {test,is_eq_exact,{f,9},[{x,0},{integer,0}]}.
    {move,{atom,zero},{x,0}}.
    return.
  {label,9}.
    {executable_line,[{location,"asm_executable_line.erl",25}],8}.
    {test,is_integer,{f,10},[{x,0}]}.
    {line,[{location,"asm_executable_line.erl",26}]}.
    {gc_bif,'div',{f,0},1,[{tr,{x,0},{t_integer,any}},{integer,2}],{x,0}}.
    {test_heap,3,1}.
    {put_tuple2,{x,0},{list,[{atom,positive},{x,0}]}}.
    return.
  {label,10}.
    {executable_line,[{location,"asm_executable_line.erl",30}],9}.
    {move,{atom,other},{x,0}}.
    return.


{function, total, 1, 12}.
  {label,11}.
    {line,[{location,"asm_executable_line.erl",31}]}.
    {func_info,{atom,asm_executable_line},{atom,total},1}.
  {label,12}.
    {executable_line,[{location,"asm_executable_line.erl",32}],10}.
    {move,{integer,0},{x,1}}.
    {call_only,2,{f,14}}. % total/2


{function, total, 2, 14}.
  {label,13}.
    {line,[{location,"asm_executable_line.erl",34}]}.
    {func_info,{atom,asm_executable_line},{atom,total},2}.
  {label,14}.
    {executable_line,[{location,"asm_executable_line.erl",37}],11}.
    {'%',{var_info,{x,1},[{type,number}]}}.
    {test,is_nonempty_list,{f,15},[{x,0}]}.
    {get_list,{x,0},{x,2},{x,0}}.
    {line,[{location,"asm_executable_line.erl",37}]}.
    {gc_bif,'+',{f,0},3,[{tr,{x,1},number},{x,2}],{x,1}}.
    {call_only,2,{f,14}}. % total/2
  {label,15}.
    {executable_line,[{location,"asm_executable_line.erl",35}],12}.
    {test,is_nil,{f,13},[{x,0}]}.
    {move,{x,1},{x,0}}.
    return.


{function, fail_at, 1, 17}.
  {label,16}.
    {line,[{location,"asm_executable_line.erl",39}]}.
    {func_info,{atom,asm_executable_line},{atom,fail_at},1}.
  {label,17}.
    {executable_line,[{location,"asm_executable_line.erl",40}],13}.
    {test,is_eq_exact,{f,18},[{x,0},{atom,deep}]}.
    {move,{integer,1},{x,0}}.
    {call_only,1,{f,20}}. % step/1
  {label,18}.
    {executable_line,[{location,"asm_executable_line.erl",43}],14}.
    {move,{atom,shallow},{x,0}}.
    return.


{function, step, 1, 20}.
  {label,19}.
    {line,[{location,"asm_executable_line.erl",45}]}.
    {func_info,{atom,asm_executable_line},{atom,step},1}.
  {label,20}.
    {executable_line,[{location,"asm_executable_line.erl",46}],15}.
    {'%',{var_info,{x,0},[{type,{t_integer,{1,1}}}]}}.
    {move,{literal,{stopped_at,2}},{x,0}}.
    {line,[{location,"asm_executable_line.erl",47}]}.
    {call_ext_only,1,{extfunc,erlang,error,1}}.


{function, module_info, 0, 22}.
  {label,21}.
    {line,[]}.
    {func_info,{atom,asm_executable_line},{atom,module_info},0}.
  {label,22}.
    {move,{atom,asm_executable_line},{x,0}}.
    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.


{function, module_info, 1, 24}.
  {label,23}.
    {line,[]}.
    {func_info,{atom,asm_executable_line},{atom,module_info},1}.
  {label,24}.
    {move,{x,0},{x,1}}.
    {move,{atom,asm_executable_line},{x,0}}.
    {call_ext_only,2,{extfunc,erlang,get_module_info,2}}.


{function, '-main/0-lc$^0/1-0-', 1, 26}.
  {label,25}.
    {line,[{location,"asm_executable_line.erl",11}]}.
    {func_info,{atom,asm_executable_line},{atom,'-main/0-lc$^0/1-0-'},1}.
  {label,26}.
    {'%',
        {var_info,
            {x,0},
            [{type,
                 {t_list,
                     {t_union,
                         {t_atom,[atom]},
                         none,
                         {t_integer,{-3,7}},
                         none,none},
                     nil}}]}}.
    {test,is_nonempty_list,{f,27},[{x,0}]}.
    {allocate,1,1}.
    {get_list,{x,0},{x,0},{y,0}}.
    {call,1,{f,7}}. % classify/1
    {'%',
        {var_info,
            {x,0},
            [{type,
                 {t_union,
                     {t_atom,[negative,other,zero]},
                     none,none,
                     [{{2,{t_atom,[positive]}},
                       {t_tuple,2,true,
                           #{1 => {t_atom,[positive]},2 => {t_integer,any}}}}],
                     none}}]}}.
    {swap,{y,0},{x,0}}.
    {call,1,{f,26}}. % '-main/0-lc$^0/1-0-'/1
    {'%',
        {var_info,
            {x,0},
            [{type,
                 {t_list,
                     {t_union,
                         {t_atom,[negative,other,zero]},
                         none,none,
                         [{{2,{t_atom,[positive]}},
                           {t_tuple,2,true,
                               #{1 => {t_atom,[positive]},
                                 2 => {t_integer,any}}}}],
                         none},
                     nil}}]}}.
    {test_heap,2,1}.
    {put_list,{y,0},{x,0},{x,0}}.
    {deallocate,1}.
    return.
  {label,27}.
    return.
