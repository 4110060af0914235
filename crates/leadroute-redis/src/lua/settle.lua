-- commit_many / release_many. ARGV: prefix, now, token retention, lead retention,
-- op ('commit' or 'release'), then the tokens. Answers per token: 'ok', 'unknown',
-- 'expired' or 'committed'.
local now = tonumber(ARGV[2])
local token_keep = tonumber(ARGV[3])
local lead_keep = tonumber(ARGV[4])
local op = ARGV[5]
local out = {}
for i = 6, #ARGV do
  local t = ARGV[i]
  local hk = P .. 'h:' .. t
  local h = redis.call('HMGET', hk, 's', 'exp', 'account', 'client', 'at', 'rexp')
  local s = h[1]
  if not s then
    if op == 'commit' then out[#out + 1] = 'unknown' else out[#out + 1] = 'ok' end
  elseif s == 'committed' then
    if op == 'commit' then out[#out + 1] = 'ok' else out[#out + 1] = 'committed' end
  elseif s == 'expired' then
    if op == 'commit' then out[#out + 1] = 'expired' else out[#out + 1] = 'ok' end
  elseif is_due(h[2], h[6], now, server_ms()) then
    undo(t, 'expired', token_keep)
    if op == 'commit' then out[#out + 1] = 'expired' else out[#out + 1] = 'ok' end
  elseif op == 'release' then
    undo(t, nil, 0)
    out[#out + 1] = 'ok'
  else
    local at = tonumber(h[5])
    for _, f in ipairs({'a:' .. h[3], 'c:' .. h[4]}) do
      local old = tonumber(redis.call('HGET', P .. 'last', f))
      if not old or old < at then
        redis.call('HSET', P .. 'last', f, at)
      end
    end
    redis.call('ZREM', P .. 'holds', t)
    redis.call('DEL', hk)
    redis.call('HSET', hk, 's', 'committed')
    redis.call('PEXPIRE', hk, lead_keep)
    out[#out + 1] = 'ok'
  end
end
return out
