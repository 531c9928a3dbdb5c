/**
 * The circuit breaker's state machine in Lua, step for step the functions of domain/breaker.ts (newBreaker, move,
 * live, admit, recordCall, applyAction), so that a step runs inside Redis as one atomic script. The record is the
 * domain's BreakerRecord as JSON. Change one side, change the other: the breaker-store contract suite runs random
 * sequences through both and requires the same records and transitions.
 *
 * Lua numbers are doubles like JavaScript's, and `tostring` prints integers and short decimals as JavaScript's
 * template strings do (the causes quote counts and seconds). cjson writes numbers with 14 significant digits:
 * enough for epoch milliseconds and whole-millisecond latencies.
 */
const STATE_MACHINE = `
local NULL = cjson.null
local BUCKETS = 10
local LATENCIES = 50

local function present(v) return v ~= nil and v ~= NULL end

local function load(key)
  local text = redis.call('GET', key)
  if not text then
    return { phase = 'CLOSED', buckets = {}, openedAt = NULL, probesInFlight = 0, probeSuccesses = 0,
             forced = NULL, lastTransition = NULL, latencies = {} }
  end
  return cjson.decode(text)
end

-- cjson writes an empty table as {}: the record's two lists must stay lists.
local function encode(rec)
  local text = cjson.encode(rec)
  text = string.gsub(text, '"buckets":{}', '"buckets":[]')
  text = string.gsub(text, '"latencies":{}', '"latencies":[]')
  return text
end

local function move(rec, to, now, cause)
  local transition = { at = now, from = rec.phase, to = to, cause = cause }
  rec.phase = to
  rec.lastTransition = transition
  if to == 'OPEN' then rec.openedAt = now end
  rec.probesInFlight = 0
  rec.probeSuccesses = 0
  -- A fresh start: failures from before the breaker opened must not reopen it the moment it closes.
  if to == 'CLOSED' then rec.buckets = {} end
  return transition
end

local function live(buckets, cfg, now)
  local kept = {}
  for _, b in ipairs(buckets) do
    if b.start > now - cfg.windowMs then kept[#kept + 1] = b end
  end
  return kept
end

-- Returns allowed, probe, the transition (or nil) and whether the record changed.
local function admit(rec, cfg, now)
  if rec.forced == 'open' then return false, false, nil, false end
  if rec.forced == 'closed' or rec.phase == 'CLOSED' then return true, false, nil, false end
  local transition = nil
  if rec.phase == 'OPEN' then
    local openedAt = present(rec.openedAt) and rec.openedAt or now
    if now < openedAt + cfg.openCooldownMs then return false, false, nil, false end
    transition = move(rec, 'HALF_OPEN', now, 'cooldown of ' .. tostring(cfg.openCooldownMs / 1000) .. ' s elapsed')
  end
  if rec.probesInFlight + rec.probeSuccesses >= cfg.halfOpenProbeCount then
    return false, false, transition, transition ~= nil
  end
  rec.probesInFlight = rec.probesInFlight + 1
  return true, true, transition, true
end

-- Returns the transition, or nil. The record always changes (the call is counted).
local function record_call(rec, cfg, now, call)
  local width = math.max(1, math.floor(cfg.windowMs / BUCKETS))
  local bucketStart = now - math.fmod(now, width)
  local buckets = live(rec.buckets, cfg, now)
  local bucket = buckets[#buckets]
  if bucket == nil or bucket.start ~= bucketStart then
    bucket = { start = bucketStart, successes = 0, failures = 0 }
    buckets[#buckets + 1] = bucket
  end
  if call.ok then bucket.successes = bucket.successes + 1 else bucket.failures = bucket.failures + 1 end
  rec.buckets = buckets
  local latencies = rec.latencies
  latencies[#latencies + 1] = call.latencyMs
  while #latencies > LATENCIES do table.remove(latencies, 1) end
  if present(rec.forced) then return nil end

  local err = present(call.error) and call.error or 'error'
  if rec.phase == 'HALF_OPEN' and call.probe then
    if not call.ok then return move(rec, 'OPEN', now, 'probe failed: ' .. err) end
    rec.probesInFlight = math.max(0, rec.probesInFlight - 1)
    rec.probeSuccesses = rec.probeSuccesses + 1
    if rec.probeSuccesses >= cfg.halfOpenProbeCount then
      return move(rec, 'CLOSED', now, tostring(cfg.halfOpenProbeCount) .. ' probe(s) succeeded')
    end
    return nil
  end
  if rec.phase == 'CLOSED' and not call.ok then
    local successes, failures = 0, 0
    for _, b in ipairs(live(rec.buckets, cfg, now)) do
      successes = successes + b.successes
      failures = failures + b.failures
    end
    local calls = failures + successes
    if failures >= cfg.failureThreshold then
      return move(rec, 'OPEN', now, tostring(failures) .. ' failures in ' .. tostring(cfg.windowMs / 1000) ..
        ' s (threshold ' .. tostring(cfg.failureThreshold) .. '): ' .. err)
    end
    if present(cfg.failureRate) and calls >= cfg.minCalls and failures / calls >= cfg.failureRate then
      -- Math.round of a positive number.
      return move(rec, 'OPEN', now, 'failure rate ' .. tostring(math.floor((100 * failures) / calls + 0.5)) ..
        ' % over ' .. tostring(calls) .. ' calls: ' .. err)
    end
  end
  return nil
end

local function apply_action(rec, action, now, reason, actor)
  if action == 'reset' then
    rec.forced = NULL
    rec.forcedBy = NULL
    local transition = move(rec, 'CLOSED', now, 'reset: ' .. reason)
    rec.buckets = {}
    rec.latencies = {}
    return transition
  end
  local to = 'CLOSED'
  if action == 'force-open' then to = 'OPEN' end
  local transition = move(rec, to, now, action .. ': ' .. reason)
  if action == 'force-open' then rec.forced = 'open' else rec.forced = 'closed' end
  rec.forcedBy = actor
  return transition
end

local function encode_transition(transition)
  if transition == nil then return '' end
  return cjson.encode(transition)
end
`;

/** KEYS[1] the record; ARGV config (JSON), now. Replies record (JSON), transition (JSON or ''), allowed, probe. */
export const ADMIT_SCRIPT = `${STATE_MACHINE}
local rec = load(KEYS[1])
local allowed, probe, transition, changed = admit(rec, cjson.decode(ARGV[1]), tonumber(ARGV[2]))
local text = encode(rec)
if changed then redis.call('SET', KEYS[1], text) end
return { text, encode_transition(transition), allowed and 1 or 0, probe and 1 or 0 }
`;

/** KEYS[1] the record; ARGV config (JSON), now, call (JSON). Replies record (JSON), transition (JSON or ''). */
export const RECORD_SCRIPT = `${STATE_MACHINE}
local rec = load(KEYS[1])
local transition = record_call(rec, cjson.decode(ARGV[1]), tonumber(ARGV[2]), cjson.decode(ARGV[3]))
local text = encode(rec)
redis.call('SET', KEYS[1], text)
return { text, encode_transition(transition) }
`;

/** KEYS[1] the record; ARGV now, action, reason, actor. Replies record (JSON), transition (JSON or ''). */
export const APPLY_SCRIPT = `${STATE_MACHINE}
local rec = load(KEYS[1])
local transition = apply_action(rec, ARGV[2], tonumber(ARGV[1]), ARGV[3], ARGV[4])
local text = encode(rec)
redis.call('SET', KEYS[1], text)
return { text, encode_transition(transition) }
`;
