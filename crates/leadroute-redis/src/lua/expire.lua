-- expire: ARGV prefix, now, token retention, limit. Returns how many holds were due.
return expire_due(tonumber(ARGV[2]), tonumber(ARGV[4]), tonumber(ARGV[3]))
