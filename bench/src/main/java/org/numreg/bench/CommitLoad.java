package org.numreg.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on the local registry (./numreg up must run): many concurrent clients POST
 * /v1/commands at the three registrars' consensus-services, each command allocating a
 * distinct number, and wait for each answer (committed, applied and durable). Prints commits/s
 * and latency percentiles.
 *
 * <p>Run: {@code bench/run-main CommitLoad [seconds] [clients]}
 */
public final class CommitLoad {

    private static final List<Integer> PORTS = List.of(8101, 8201, 8301);
    private static final String REALM = "http://127.0.0.1:18080/realms/numreg";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Properties secrets = new Properties();
        try (var in = Files.newInputStream(Path.of(".numreg/secrets.properties"))) {
            secrets.load(in);
        }
        String[] tokens = new String[3];
        for (int r = 0; r < 3; r++) {
            tokens[r] = token(http, "r" + (r + 1), secrets.getProperty("r" + (r + 1)));
        }
        String run = Long.toString(System.currentTimeMillis() % 100000);
        post(http, 0, tokens[0], "{\"type\":\"open-range\",\"id\":\"load-open-" + run + "\",\"prefix\":\"+1900\",\"digits\":0}");
        post(http, 0, tokens[0], "{\"type\":\"register-ocn\",\"id\":\"load-ocn-" + run + "\",\"ocn\":\"LOAD\",\"name\":\"Load\"}");

        AtomicLong next = new AtomicLong(firstNumber(run));
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long warmup = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long end = warmup + Duration.ofSeconds(seconds).toNanos();
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads[c] = Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long key = next.getAndIncrement();
                    int registrar = (int) (key % 3);
                    String number = "+1900" + key;
                    long started = System.nanoTime();
                    int status = post(http, registrar, tokens[registrar], "{\"type\":\"allocate-number\",\"id\":\"load-"
                            + run + "-" + key + "\",\"ocn\":\"LOAD\",\"number\":\"" + number + "\"}");
                    long now = System.nanoTime();
                    if (now > warmup && now < end) {
                        if (status == 200) {
                            ok.incrementAndGet();
                            latencies.add((now - started) / 1000);
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] micros = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%d clients, %d s: %,d commands committed (%.0f/s), %d failed; latency p50 %.1f ms,"
                        + " p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                clients, seconds, ok.get(), ok.get() / (double) seconds, failed.get(), pct(micros, 50), pct(micros, 99),
                pct(micros, 99.9), micros.length == 0 ? 0 : micros[micros.length - 1] / 1000.0);
    }

    /** Numbers +1900 2000000 … upwards, offset per run so that runs do not collide. */
    private static long firstNumber(String run) {
        return 2_000_000L + Long.parseLong(run) * 20_000L % 7_000_000L;
    }

    private static double pct(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    private static int post(HttpClient http, int registrar, String token, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.get(registrar) + "/v1/commands"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String token(HttpClient http, String registrar, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=numreg-" + registrar + "&client_secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no token for " + registrar + ": " + body);
        }
        return matcher.group(1);
    }
}
