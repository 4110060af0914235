-- Shared by every script: ARGV[1] is the key prefix (it carries the hash tag, so every
-- key of one ledger lives in one cluster slot).
local P = ARGV[1]

-- Takes back everything a live hold added and marks its token `state`
-- ('expired' keeps a small marker so a late commit answers "expired"; nil deletes it).
local function undo(token, state, keep_ms)
  local hk = P .. 'h:' .. token
  local h = redis.call('HMGET', hk, 's', 'kl', 'ka', 'kc', 'ki', 'client', 'price', 'x')
  redis.call('ZREM', P .. 'holds', token)
  if h[1] ~= 'held' then
    return false
  end
  local m = 't' .. token
  redis.call('ZREM', h[3], m)
  redis.call('ZREM', h[4], m)
  if h[5] ~= '' then
    redis.call('HINCRBY', h[5], 'aq', -1)
    redis.call('HINCRBY', h[5], 'ad', -tonumber(h[7]))
  end
  redis.call('HDEL', h[2], 'c:' .. h[6])
  redis.call('HINCRBY', h[2], 'n', -1)
  if h[8] == '1' then
    redis.call('HINCRBY', h[2], 'x', -1)
  end
  redis.call('DEL', hk)
  if state then
    redis.call('HSET', hk, 's', state)
    redis.call('PEXPIRE', hk, keep_ms)
  end
  return true
end

-- Expires at most `limit` holds due at `now`; how many were due.
local function expire_due(now, limit, keep_ms)
  local due = redis.call('ZRANGEBYSCORE', P .. 'holds', '-inf', now, 'LIMIT', 0, limit)
  for _, t in ipairs(due) do
    undo(t, 'expired', keep_ms)
  end
  return #due
end
