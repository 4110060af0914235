-- record: valid sends made elsewhere (a snapshot's Sends, or a host's own). ARGV:
-- prefix, window retention, lead retention, now (-1: each send's own instant), then 8
-- values per send: lead, client, account, item, price, exclusive, at, loaded (1: an
-- item's loaded fill, which SentQty/SentPrice replace; 0: added after loading).
-- A send older than the window retention counts for its lead and item only.
local win = tonumber(ARGV[2])
local lead_keep = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local i = 5
while i + 7 <= #ARGV do
  local lead, client, account, item = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local price, excl, at, loaded = tonumber(ARGV[i + 4]), ARGV[i + 5], tonumber(ARGV[i + 6]), ARGV[i + 7]
  local ref = now
  if ref < 0 then ref = at end
  local id = redis.call('INCR', P .. 'seq')
  if at > ref - win then
    for _, k in ipairs({P .. 'a:' .. account, P .. 'c:' .. client}) do
      redis.call('ZADD', k, at, 's' .. id)
      redis.call('PEXPIRE', k, win)
    end
  end
  for _, f in ipairs({'a:' .. account, 'c:' .. client}) do
    local old = tonumber(redis.call('HGET', P .. 'last', f))
    if not old or old < at then
      redis.call('HSET', P .. 'last', f, at)
    end
  end
  if item ~= '0' then
    local ki = P .. 'i:' .. item
    if loaded == '1' then
      redis.call('HINCRBY', ki, 'lq', 1)
      redis.call('HINCRBY', ki, 'ld', price)
    else
      redis.call('HINCRBY', ki, 'aq', 1)
      redis.call('HINCRBY', ki, 'ad', price)
    end
  end
  local kl = P .. 'l:' .. lead
  redis.call('HSETNX', kl, 'c:' .. client, '0')
  redis.call('HINCRBY', kl, 'n', 1)
  if excl == '1' then
    redis.call('HINCRBY', kl, 'x', 1)
  end
  redis.call('PEXPIRE', kl, lead_keep)
  i = i + 8
end
return 'ok'
