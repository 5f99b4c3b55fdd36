-- Appended to the wrk script of every load benchmark here: wrk's own --latency table stops at
-- 99 %, and the targets name p99 and p99.9. wrk measures in microseconds.
done = function(summary, latency, requests)
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000))
end
