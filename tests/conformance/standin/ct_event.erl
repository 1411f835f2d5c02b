%% Stand-in for ct_event: there is no event manager; notifications are dropped.

-module(ct_event).

-export([notify/1, notify/2, sync_notify/1, sync_notify/2]).

notify(_Event) -> ok.

notify(_Name, _Data) -> ok.

sync_notify(_Event) -> ok.

sync_notify(_Name, _Data) -> ok.

