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

-- The server's clock in milliseconds. Holds expire in real time as well as in the
-- callers' time: a hold is due once its time to live has passed both by the `now` of
-- the call that meets it and on this clock, so a node deciding at an earlier `now` (a
-- replay, a lagging clock) does not lose its holds to a node ahead of it, and the holds
-- of a node that died expire in real time.
local function server_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function is_due(exp, rexp, now, real)
  return tonumber(exp) <= now and tonumber(rexp) <= real
end

-- Expires holds due at `now`, examining at most `limit` whose real time is up (the
-- `holds` set is scored by real expiry); {expired, examined}.
local function expire_due(now, limit, keep_ms)
  local real = server_ms()
  local cand = redis.call('ZRANGEBYSCORE', P .. 'holds', '-inf', real, 'LIMIT', 0, limit)
  local n = 0
  for _, t in ipairs(cand) do
    local h = redis.call('HMGET', P .. 'h:' .. t, 'exp', 'rexp')
    if not h[1] then
      redis.call('ZREM', P .. 'holds', t)
    elseif is_due(h[1], h[2], now, real) then
      undo(t, 'expired', keep_ms)
      n = n + 1
    end
  end
  return {n, #cand}
end
