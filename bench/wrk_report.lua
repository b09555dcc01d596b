-- wrk script: optional think time per simulated user, and one report line per run with req/s,
-- p50/p95/p99 latency and every kind of error. Non-2xx/3xx answers count as errors.
-- THINK_MS (environment): pause of each connection between two requests, in milliseconds
-- (0 = closed loop, every connection sends its next request at once: the saturation figure).
local think = tonumber(os.getenv("THINK_MS") or "0")

if think > 0 then
  delay = function()
    -- Uniform between 0.5 and 1.5 times THINK_MS, so that the users drift out of step
    -- instead of all clicking together.
    return math.floor(think * (0.5 + math.random()))
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d req_per_s=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d non_2xx_3xx=%d timeouts=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, summary.errors.status, summary.errors.timeout))
end
