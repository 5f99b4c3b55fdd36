package org.numreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as typed: options, their checks and exit codes; nothing here reaches a registry. */
class NumregCliTest {

    @TempDir
    Path config;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--config-dir=" + config;
        System.arraycopy(args, 0, all, 1, args.length);
        return NumregCli.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), Map.of(), all);
    }

    @Test
    void aBadOptionIsBadInput() {
        assertThat(run("allocate", "+12125550100", "--prefix", "+1212555", "--ocn", "1510")).isEqualTo(Exit.BAD_INPUT);
        assertThat(err.toString()).contains("mutually exclusive");
        assertThat(run("whois")).isEqualTo(Exit.BAD_INPUT);
        assertThat(run("--output", "yaml", "whois", "+12125550100")).isEqualTo(Exit.BAD_INPUT);
    }

    @Test
    void countGoesWithAPrefix() {
        assertThat(run("allocate", "+12125550100", "--ocn", "1510", "--count", "3")).isEqualTo(Exit.BAD_INPUT);
        assertThat(err.toString()).contains("--count goes with --prefix").doesNotContain("Exception");
    }

    @Test
    void aCommandThatNeedsALoginSaysHowToGetOne() {
        assertThat(run("history", "+12125550100")).isEqualTo(Exit.FORBIDDEN);
        assertThat(err.toString().strip()).isEqualTo("numreg-cli: not logged in to profile default: run numreg-cli login");
    }

    @Test
    void aBadProfileNameOrAnUnknownRegistrarIsBadInput() {
        assertThat(run("--profile", "../prod", "whois", "+12125550100")).isEqualTo(Exit.BAD_INPUT);
        assertThat(err.toString()).contains("a profile's name is");
        assertThat(run("whois", "+12125550100", "--registrar", "r9")).isEqualTo(Exit.BAD_INPUT);
        assertThat(err.toString()).contains("has no registrar r9");
    }

    @Test
    void anUnreachableRegistrarIsUnavailable() throws Exception {
        Files.createDirectories(config.resolve("profiles"));
        Files.writeString(config.resolve("profiles/closed.properties"), """
                issuer=http://127.0.0.1:1/realms/numreg
                r1.whois=http://127.0.0.1:1
                """);
        assertThat(run("--profile=closed", "whois", "+12125550100", "-o", "json")).isEqualTo(Exit.UNAVAILABLE);
        assertThat(err.toString().strip()).isEqualTo("numreg-cli: cannot reach http://127.0.0.1:1: connection refused");
    }

    @Test
    void aPasswordGoesOnlyToTheLocalRegistry() throws Exception {
        Files.createDirectories(config.resolve("profiles"));
        Files.writeString(config.resolve("profiles/prod.properties"), "issuer=https://login.example.net/realms/numreg\n");
        assertThat(run("--profile", "prod", "login", "alice", "--password-stdin")).isEqualTo(Exit.BAD_INPUT);
        assertThat(err.toString()).contains("a password is sent only to the local registry");
    }

    @Test
    void aProfileWithoutAFileIsTheLocalRegistryOnItsFixedPorts() {
        Profile local = Profile.load(config, "alice");
        assertThat(local.isLocal()).isTrue();
        assertThat(local.name()).isEqualTo("alice");
        assertThat(local.url("r2", Profile.Service.WHOIS)).isEqualTo(URI.create("http://127.0.0.1:8204"));
        assertThat(local.url("r3", Profile.Service.CONSENSUS)).isEqualTo(URI.create("http://127.0.0.1:8301"));
    }

    @Test
    void aProfileNamesEachServicesUrl() throws Exception {
        Files.createDirectories(config.resolve("profiles"));
        Files.writeString(config.resolve("profiles/prod.properties"), """
                issuer=https://login.example.net/realms/numreg
                registrars=r1, r2
                registrar=r2
                r2.whois=https://r2.example.net/whois/
                """);
        Profile prod = Profile.load(config, "prod");
        assertThat(prod.registrar()).isEqualTo("r2");
        assertThat(prod.isLocal()).isFalse();
        assertThat(prod.url("r2", Profile.Service.WHOIS)).isEqualTo(URI.create("https://r2.example.net/whois"));
        assertThat(run("--profile", "prod", "-r", "r2", "changes")).isEqualTo(Exit.BAD_INPUT);
        assertThat(err.toString()).contains("add r2.sync=https://");
    }

    @Test
    void aBrokenChainIsFoundAndSaidWhere() throws Exception {
        Path events = config.resolve("events.ndjson");
        Files.writeString(events, """
                {"id":"2-0","numregposition":2,"numregindex":0,"numregcount":1,"numreghash":"00"}
                """);
        assertThat(run("verify-chain", events.toString())).isEqualTo(Exit.REFUSED);
        assertThat(err.toString()).contains("the chain breaks at position 1").contains("events are missing");
    }

    @Test
    void queriesLeaveOutWhatIsNotGivenAndEncodeWhatIs() {
        assertThat(Api.query("after", "42-1", "since", null, "prefix", "+1212")).isEqualTo("?after=42-1&prefix=%2B1212");
        assertThat(Api.query("since", null)).isEmpty();
        assertThat(Api.segment("+12125550100")).isEqualTo("+12125550100");
        assertThat(Api.segment("a b/c")).isEqualTo("a%20b%2Fc");
    }
}
