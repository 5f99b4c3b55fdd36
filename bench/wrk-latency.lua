-- Appended to the wrk script of every load benchmark here: the one line each reports for a run.
-- wrk's own --latency table stops at 99 %, and the targets name p99 and p99.9. wrk measures in
-- microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  local failed = ""
  if e.status > 0 then failed = failed .. string.format("; %d answers 4xx or 5xx", e.status) end
  local socket = e.connect + e.read + e.write + e.timeout
  if socket > 0 then
    failed = failed .. string.format("; socket errors: connect %d, read %d, write %d, timeout %d",
      e.connect, e.read, e.write, e.timeout)
  end
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%s\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, failed))
end
