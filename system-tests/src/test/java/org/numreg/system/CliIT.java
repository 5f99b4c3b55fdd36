package org.numreg.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.numreg.cli.NumregCli;
import org.numreg.devinfra.PostgresServer;
import org.numreg.devinfra.TestInfra;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * numreg-cli as carriers and operators use it, against three registrars' packaged services and
 * the realm's real tokens: one profile a user (sysadmin, alice, bob), each naming the registrars'
 * service URLs as a deployed registry's profile would.
 */
class CliIT {

    static final String NUMBER = "+13125550100";
    static final ObjectMapper JSON = new ObjectMapper();
    static ConsensusCluster cluster;

    @TempDir
    static Path config;

    /** One run of numreg-cli: its exit status and what it printed. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }

        List<JsonNode> lines() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        }
    }

    @BeforeAll
    static void startThreeRegistrarsAndLogIn() throws Exception {
        cluster = new ConsensusCluster(List.of("r1", "r2", "r3"));
        cluster.startServices(List.of("allocation-service", "porting-service", "whois-service", "sync-service"));
        StringBuilder profile = new StringBuilder("issuer=" + TestInfra.shared().keycloak().realmUrl() + "\n"
                + "registrars=r1,r2,r3\n");
        for (ConsensusCluster.Registrar registrar : cluster.all()) {
            profile.append(registrar.id).append(".consensus=http://127.0.0.1:").append(registrar.httpPort).append('\n');
            for (String module : registrar.servicePorts.keySet()) {
                profile.append(registrar.id).append('.').append(module.replace("-service", "")).append('=')
                        .append(registrar.url(module)).append('\n');
            }
        }
        Files.createDirectories(config.resolve("profiles"));
        Files.writeString(config.resolve("profiles/device.properties"), profile);
        for (String user : List.of("sysadmin", "alice", "bob")) {
            Files.writeString(config.resolve("profiles/" + user + ".properties"), profile);
            Run login = cliWithInput(TestInfra.shared().secrets().password(user), "--profile", user, "login", user,
                    "--password-stdin");
            assertThat(login.exit()).as(login.err()).isZero();
            assertThat(login.out()).contains("user ", user);
        }
        assertThat(as("sysadmin", "ocn", "register", "1510", "--name", "Lakeside Telephone").exit()).isZero();
        assertThat(as("sysadmin", "ocn", "register", "0042", "--name", "Harbor Mobile", "-r", "r2").exit()).isZero();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Run cli(String... args) {
        return cliWithInput("", args);
    }

    /** numreg-cli with this on its standard input; runs may go on at once (a follower and writers). */
    static Run cliWithInput(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "--config-dir=" + config;
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = NumregCli.run(new ByteArrayInputStream((input + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err), Map.of(), all);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run as(String user, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--profile=" + user;
        all[1] = "--output=json";
        System.arraycopy(args, 0, all, 2, args.length);
        return cli(all);
    }

    @Test
    void aNumbersLifeFromTheCommandLine() throws Exception {
        assertThat(Files.getPosixFilePermissions(config.resolve("tokens/alice.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(as("sysadmin", "range", "open", "+1312555").exit()).isZero();

        // alice allocates at r1; the number shows at r3 once r3 applied that position.
        Run allocated = as("alice", "allocate", NUMBER, "--ocn", "1510", "-p", "cnam=LAKESIDE", "-p", "type=MOBILE",
                "--idempotency-key", "order-1");
        assertThat(allocated.exit()).as(allocated.err()).isZero();
        long position = allocated.json().path("committedAt").asLong();
        assertThat(position).isPositive();
        Run again = as("alice", "allocate", NUMBER, "--ocn", "1510", "--idempotency-key", "order-1");
        assertThat(again.exit()).as("the same key is the same write").isZero();
        Run whois = as("bob", "whois", NUMBER, "--public", "-r", "r3", "--min-position", Long.toString(position));
        assertThat(whois.exit()).as(whois.err()).isZero();
        assertThat(whois.json().path("ocn").asText()).isEqualTo("1510");
        assertThat(whois.json().path("full").asBoolean()).as("the public fields only").isFalse();
        Run full = as("alice", "whois", NUMBER, "-r", "r3", "--min-position", Long.toString(position));
        assertThat(full.json().path("full").asBoolean()).isTrue();
        assertThat(full.json().at("/properties/cnam").asText()).isEqualTo("LAKESIDE");

        // Refusals: one line, the problem's words, an exit status a script can act on.
        Run taken = as("bob", "allocate", NUMBER, "--ocn", "0042");
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).contains("409").contains("NUMBER_TAKEN").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(as("alice", "allocate", "--prefix", "+1312555", "--ocn", "0042").exit()).as("not alice's OCN").isEqualTo(3);
        assertThat(as("alice", "allocate", "+1312555", "--ocn", "1510").exit()).as("not a number").isEqualTo(2);
        assertThat(cli("--profile=bob", "whois", "+13125559999", "-r", "r2").exit()).as("not allocated").isEqualTo(4);

        // alice sets the consumer's PIN; bob ports the number at r3 with it, after a wrong guess.
        assertThat(cliWithInput("482913", "--profile=alice", "pin", "set", NUMBER, "--pin-stdin").exit()).isZero();
        Run wrong = cliWithInput("111111", "--profile=bob", "-r", "r3", "port", NUMBER, "--to", "0042", "--pin-stdin");
        assertThat(wrong.exit()).as(wrong.err()).isEqualTo(3);
        assertThat(wrong.err()).contains("403 Wrong PIN");
        Run ported = cliWithInput("482913", "--profile=bob", "-r", "r3", "-o", "json", "port", NUMBER, "--to", "0042",
                "--pin-stdin");
        assertThat(ported.exit()).as(ported.err()).isZero();
        long portedAt = ported.json().path("committedAt").asLong();
        Run afterPort = as("bob", "whois", NUMBER, "-r", "r2", "--min-position", Long.toString(portedAt));
        assertThat(afterPort.json().path("ocn").asText()).isEqualTo("0042");

        Run history = as("bob", "history", NUMBER, "-r", "r2");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.json().findValuesAsText("type")).contains("org.numreg.number-allocated.v1",
                "org.numreg.port-completed.v1");

        // bob, the number's carrier now, finds it, changes it, and gives it back.
        assertThat(as("bob", "ports", "--ocn", "0042").json().findValuesAsText("number")).contains(NUMBER);
        assertThat(as("bob", "search", "--ocn", "0042", "--prefix", "+1312555").json().findValuesAsText("number"))
                .containsExactly(NUMBER);
        Run updated = as("bob", "update", NUMBER, "-p", "cnam=HARBOR", "-p", "type=MOBILE");
        assertThat(updated.exit()).as(updated.err()).isZero();
        Run seen = as("bob", "whois", NUMBER, "--min-position", updated.json().path("committedAt").asText());
        assertThat(seen.json().at("/properties/cnam").asText()).isEqualTo("HARBOR");
        Run released = as("bob", "release", NUMBER, "-r", "r2");
        assertThat(released.exit()).as(released.err()).isZero();
        assertThat(as("bob", "whois", NUMBER, "--min-position", released.json().path("committedAt").asText()).exit())
                .as("released: not found").isEqualTo(4);
    }

    @Test
    void changesFollowedStoppedAndResumedHaveNoGapAndNoRepeat() throws Exception {
        assertThat(as("sysadmin", "range", "open", "+1415555").exit()).isZero();
        assertThat(as("sysadmin", "ocn", "register", "7777", "--name", "Follow Telecom").exit()).isZero();
        Run all = as("sysadmin", "changes", "--after", "0");
        List<String> before = ids(all);
        assertThat(before).isNotEmpty();

        // A follower that stops two events after the ones there are now: it must see a change made meanwhile.
        CompletableFuture<Run> follower = CompletableFuture.supplyAsync(() -> cli("--profile=sysadmin", "-o", "ndjson",
                "changes", "--after", "0", "--follow", "--interval", "0.2", "--max", Integer.toString(before.size() + 2)),
                CliIT::aside);
        assertThat(as("sysadmin", "-r", "r2", "ocn", "update", "7777", "--name", "Follow Telecom Two").exit()).isZero();
        assertThat(as("sysadmin", "-r", "r3", "ocn", "update", "7777", "--name", "Follow Telecom Three").exit()).isZero();
        Run followed = follower.get(60, TimeUnit.SECONDS);
        assertThat(followed.exit()).as(followed.err()).isZero();
        List<String> seen = ids(followed);
        assertThat(seen).hasSize(before.size() + 2).startsWith(before.toArray(String[]::new));
        String stoppedAfter = resumePoint(followed.err());
        assertThat(stoppedAfter).isEqualTo(seen.getLast());

        // More happens; resuming from where it stopped continues exactly there.
        assertThat(as("sysadmin", "ocn", "update", "7777", "--name", "Follow Telecom Four").exit()).isZero();
        Run resumed = cli("--profile=sysadmin", "-o", "ndjson", "-r", "r3", "changes", "--after", stoppedAfter);
        List<String> everything = new ArrayList<>(seen);
        everything.addAll(ids(resumed));
        assertThat(everything).doesNotHaveDuplicates();
        assertThat(everything).containsExactlyElementsOf(ids(as("sysadmin", "-r", "r3", "changes", "--after", "0")));

        // The feed's hash chain, recomputed by the CLI, holds through the last change.
        Run chain = as("bob", "verify-chain", "--feed", "-r", "r2");
        assertThat(chain.exit()).as(chain.err()).isZero();
        assertThat(chain.json().path("holds").asBoolean()).isTrue();
    }

    @Test
    void headAndDigestShowWhetherTheRegistrarsAgree() throws Exception {
        Run head = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            head = as("bob", "head");
            if (head.exit() == 0 && head.json().findValuesAsText("agreement").stream().allMatch("AGREE"::equals)) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(head.json().findValuesAsText("registrar")).containsExactly("r1", "r2", "r3");
        assertThat(head.json().findValuesAsText("agreement")).containsOnly("AGREE");

        assertThat(as("sysadmin", "range", "open", "+1646555").exit()).isZero();
        Run allocated = as("alice", "allocate", "--prefix", "+1646555", "--count", "3", "--ocn", "1510");
        assertThat(allocated.exit()).as(allocated.err()).isZero();
        long at = allocated.json().path("committedAt").asLong();
        String planted = allocated.json().at("/numbers/1/number").asText();
        assertThat(planted).startsWith("+1646555");
        // Both sync-services must have applied the allocation before they are compared at its position.
        assertThat(as("bob", "-r", "r2", "whois", planted, "--min-position", Long.toString(at)).exit()).isZero();
        Run agree = as("bob", "digest", "compare", "r1", "r2", "--at", Long.toString(at));
        assertThat(agree.exit()).as(agree.out() + agree.err()).isZero();
        assertThat(agree.json().path("agree").asBoolean()).isTrue();

        // A number's record changed behind r2's back in its sync read model: the walk down finds it.
        String r2Sync = cluster.registrar("r2").serviceEnvironments.get("sync-service").get("QUARKUS_DATASOURCE_JDBC_URL");
        try (Connection connection = DriverManager.getConnection(r2Sync, PostgresServer.USER, null)) {
            assertThat(connection.createStatement().executeUpdate("UPDATE number_record SET ocn = '0042',"
                    + " view = replace(view, '\"ocn\":\"1510\"', '\"ocn\":\"0042\"') WHERE number = '" + planted + "'"))
                    .isOne();
        }
        assertThat(as("sysadmin", "-r", "r2", "digest", "recompute").exit()).isZero();
        Run differ = as("bob", "digest", "compare", "r1", "r2", "--at", Long.toString(at));
        assertThat(differ.exit()).as(differ.out() + differ.err()).isEqualTo(1);
        assertThat(differ.json().path("firstDifference").asText()).isEqualTo(planted);
    }

    /** A person logs in with the device grant: the CLI shows a URL and a code, the browser confirms. */
    @Test
    void aPersonLogsInOnAnotherDeviceByConfirmingACode() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() -> NumregCli.run(InputStream.nullInputStream(),
                new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), "--config-dir=" + config,
                "--profile=device", "login"), CliIT::aside);
        Pattern prompt = Pattern.compile("Open (\\S+) and confirm the code (\\S+)");
        Matcher shown = prompt.matcher("");
        for (int i = 0; i < 100 && !shown.reset(err.toString()).find(); i++) {
            Thread.sleep(100);
        }
        assertThat(shown.find(0)).as(err.toString()).isTrue();
        try (Browser browser = new Browser(config.resolve("browser"))) {
            browser.go(shown.group(1));
            browser.type("#username", "alice").type("#password", TestInfra.shared().secrets().password("alice"))
                    .click("#kc-login");
            browser.until(d -> !browser.has("#username"), "the page after signing in");
            if (browser.has("[name=accept]")) {
                browser.click("[name=accept]");
                browser.until(d -> !browser.has("[name=accept]"), "the page after granting access");
            }
        }
        assertThat(login.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("alice").contains("1510");
        assertThat(as("device", "whois", "+13125550199", "--public").exit()).as("the token works").isEqualTo(4);
    }

    /** A thread of its own, so that nothing waits behind a run that waits. */
    private static void aside(Runnable run) {
        Thread.ofVirtual().start(run);
    }

    private static List<String> ids(Run run) throws Exception {
        assertThat(run.exit()).as(run.err()).isZero();
        return run.lines().stream().map(event -> event.path("id").asText()).toList();
    }

    private static String resumePoint(String err) {
        Matcher matcher = Pattern.compile("resume with --after (\\S+)").matcher(err);
        assertThat(matcher.find()).as(err).isTrue();
        return matcher.group(1);
    }
}
