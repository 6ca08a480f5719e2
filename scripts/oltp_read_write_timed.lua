-- oltp_read_write with every statement timed by kind (sysbench 1.0, LuaJIT): the same statements, order and
-- random ids as sysbench's own oltp_read_write (oltp_common.lua's prepared statements, so --db-ps-mode
-- applies), each execute timed with CLOCK_MONOTONIC. Each thread prints at its end one line per kind:
-- "TIMED <kind> <count> <total µs> <max µs>"; sum them over the threads for a mean per kind, e.g.
--   sysbench scripts/oltp_read_write_timed.lua --db-driver=mysql --mysql-port=2880 --mysql-user=root \
--     --mysql-db=sbtest --tables=4 --table-size=10000 --threads=16 --time=10 --db-ps-mode=auto run |
--   awk '/^TIMED/ { n[$2] += $3; s[$2] += $4 } END { for (k in n) printf "%-18s %9.0f us\n", k, s[k] / n[k] }'
-- Wall time from the client: the MergeServer's own stages are in `bench.sh profile`.
require("oltp_common")
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } rw_timespec;
int clock_gettime(int clk, rw_timespec *tp);
]]
local ts = ffi.new("rw_timespec")
local function now() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3 end
local acc = {}
local function timed(kind, s)
  local t0 = now(); s:execute(); local d = now() - t0
  local a = acc[kind]; if a == nil then a = {0, 0, 0}; acc[kind] = a end
  a[1] = a[1] + 1; a[2] = a[2] + d; if d > a[3] then a[3] = d end
end
function prepare_statements()
  if not sysbench.opt.skip_trx then prepare_begin(); prepare_commit() end
  prepare_point_selects()
  if sysbench.opt.range_selects then prepare_simple_ranges(); prepare_sum_ranges(); prepare_order_ranges(); prepare_distinct_ranges() end
  prepare_index_updates(); prepare_non_index_updates(); prepare_delete_inserts()
end
local function rid() return sysbench.rand.default(1, sysbench.opt.table_size) end
local function tn() return sysbench.rand.uniform(1, sysbench.opt.tables) end
local function range(key)
  local t = tn()
  for i = 1, sysbench.opt[key] do local id = rid(); param[t][key][1]:set(id); param[t][key][2]:set(id + sysbench.opt.range_size - 1); timed(key, stmt[t][key]) end
end
function event()
  timed("begin", stmt.begin)
  local t = tn()
  for i = 1, sysbench.opt.point_selects do param[t].point_selects[1]:set(rid()); timed("point_select", stmt[t].point_selects) end
  range("simple_ranges"); range("sum_ranges"); range("order_ranges"); range("distinct_ranges")
  t = tn()
  for i = 1, sysbench.opt.index_updates do param[t].index_updates[1]:set(rid()); timed("update_index", stmt[t].index_updates) end
  t = tn()
  for i = 1, sysbench.opt.non_index_updates do param[t].non_index_updates[1]:set(get_c_value()); param[t].non_index_updates[2]:set(rid()); timed("update_non_index", stmt[t].non_index_updates) end
  t = tn()
  for i = 1, sysbench.opt.delete_inserts do
    local id = rid(); local k = rid()
    param[t].deletes[1]:set(id); param[t].inserts[1]:set(id); param[t].inserts[2]:set(k)
    param[t].inserts[3]:set(get_c_value()); param[t].inserts[4]:set(get_pad_value())
    timed("delete", stmt[t].deletes); timed("insert", stmt[t].inserts)
  end
  timed("commit", stmt.commit)
end
function thread_done()
  for k, a in pairs(acc) do print(string.format("TIMED %s %d %.0f %.0f", k, a[1], a[2], a[3])) end
  close_statements(); con:disconnect()
end
