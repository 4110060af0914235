-- expire: ARGV prefix, now, token retention, limit. Returns {expired, examined}.
return expire_due(tonumber(ARGV[2]), tonumber(ARGV[4]), tonumber(ARGV[3]))
