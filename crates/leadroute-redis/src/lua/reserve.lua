-- reserve_many / sell_many. ARGV: prefix, now, ttl, window retention, lead retention,
-- token retention, claim count, sell (1: commit each granted claim at once, no hold),
-- then 31 values per claim (see `reserve_claims` in ledger.rs).
-- KEYS: 4 per claim: lead hash, account sends, client sends, item hash.
-- Every check of every claim runs before that claim writes anything, so a claim either
-- holds all its capacity or changes nothing. Answers per claim: {1, token, fresh} or
-- {0, reason code}.
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local win = tonumber(ARGV[4])
local lead_keep = tonumber(ARGV[5])
local token_keep = tonumber(ARGV[6])
local n = tonumber(ARGV[7])
local sell = ARGV[8] == '1'
expire_due(now, 256, token_keep)

local function full(key, bounds, limits)
  local codes = {'hour_max_reached', 'day_max_reached', 'week_max_reached', 'month_max_reached'}
  for i = 1, 4 do
    if limits[i] > 0 and redis.call('ZCOUNT', key, bounds[i], '+inf') >= limits[i] then
      return codes[i]
    end
  end
  return nil
end

local out = {}
for c = 0, n - 1 do
  local a = 8 + c * 31
  local v = {}
  for i = 1, 31 do
    v[i] = tonumber(ARGV[a + i])
  end
  local kl, ka, kc, ki = KEYS[1 + c * 4], KEYS[2 + c * 4], KEYS[3 + c * 4], KEYS[4 + c * 4]
  local client, item, price, excl = ARGV[a + 2], v[4], v[5], v[6]
  local field = 'c:' .. client
  local existing = redis.call('HGET', kl, field)
  if existing and existing ~= '0' then
    -- A hold past its expiry that `expire_due` has not reached yet is gone already.
    local hs = redis.call('HMGET', P .. 'h:' .. existing, 's', 'exp', 'rexp')
    if hs[1] == 'held' and is_due(hs[2], hs[3], now, server_ms()) then
      undo(existing, 'expired', token_keep)
      existing = nil
    end
  end
  local code = nil
  if existing then
    if existing ~= '0' then
      out[#out + 1] = {1, tonumber(existing), 0}
    else
      out[#out + 1] = {0, 'already_sent_to_client'}
    end
  else
    code = full(ka, {v[9], v[10], v[11], v[12]}, {v[13], v[14], v[15], v[16]})
    if not code then
      code = full(kc, {v[21], v[22], v[23], v[24]}, {v[17], v[18], v[19], v[20]})
    end
    if not code and v[25] > 0 then
      local f = redis.call('HMGET', ki, 'lq', 'ld', 'aq', 'ad')
      local lq, ld = tonumber(f[1]) or 0, tonumber(f[2]) or 0
      local aq, ad = tonumber(f[3]) or 0, tonumber(f[4]) or 0
      if v[25] == 1 then
        local base = lq
        if v[28] >= 0 then base = v[28] end
        if not (v[26] > 0 and (v[27] == 0 or base + aq < v[26])) then
          code = 'order_exhausted'
        end
      else
        local base = ld
        if v[29] == 1 then base = v[30] end
        if base + ad + price > v[31] then
          code = 'order_exhausted'
        end
      end
    end
    if not code then
      local s = redis.call('HMGET', kl, 'n', 'x')
      local sends, xs = tonumber(s[1]) or 0, tonumber(s[2]) or 0
      if v[7] >= 0 and sends >= v[7] then
        code = 'max_sell_reached'
      elseif v[8] == 0 and (xs > 0 or (excl == 1 and sends > 0)) then
        code = 'exclusive_conflict'
      end
    end
    if code then
      out[#out + 1] = {0, code}
    else
      local token = redis.call('INCR', P .. 'seq')
      local m = 't' .. token
      for _, k in ipairs({ka, kc}) do
        redis.call('ZADD', k, now, m)
        redis.call('ZREMRANGEBYSCORE', k, '-inf', '(' .. (now - win))
        redis.call('PEXPIRE', k, win)
      end
      local kis = ''
      if item ~= 0 then
        redis.call('HINCRBY', ki, 'aq', 1)
        redis.call('HINCRBY', ki, 'ad', price)
        kis = ki
      end
      redis.call('HSET', kl, field, token)
      redis.call('HINCRBY', kl, 'n', 1)
      if excl == 1 then
        redis.call('HINCRBY', kl, 'x', 1)
      end
      redis.call('PEXPIRE', kl, lead_keep)
      if sell then
        -- Sold at once: the token is committed, the send dated now.
        for _, f in ipairs({'a:' .. ARGV[a + 3], 'c:' .. client}) do
          local old = tonumber(redis.call('HGET', P .. 'last', f))
          if not old or old < now then
            redis.call('HSET', P .. 'last', f, now)
          end
        end
        redis.call('HSET', P .. 'h:' .. token, 's', 'committed')
      else
        local exp = now + ttl
        local rexp = server_ms() + ttl
        redis.call('HSET', P .. 'h:' .. token, 's', 'held', 'kl', kl, 'ka', ka, 'kc', kc,
          'ki', kis, 'client', client, 'account', ARGV[a + 3], 'price', price,
          'x', excl, 'at', now, 'exp', exp, 'rexp', rexp)
        redis.call('ZADD', P .. 'holds', rexp, token)
      end
      redis.call('PEXPIRE', P .. 'h:' .. token, lead_keep)
      out[#out + 1] = {1, token, 1}
    end
  end
end
return out
