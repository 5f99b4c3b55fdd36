package org.numreg.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart as an operator meets it: lint, render with several values files, every manifest valid
 * against the Kubernetes API types, and what matters inside them checked against the services
 * themselves (health paths and ports, configuration keys, selectors).
 */
class ChartTest {

    static final Path RESOURCES = Path.of("src/test/resources");
    static Chart chart;
    static Manifests defaults;
    static Manifests production;

    @BeforeAll
    static void render() {
        chart = Chart.ofCheckout();
        defaults = Manifests.of(chart.template("numreg", "numreg-r1", null));
        production = Manifests.of(chart.template("numreg", "numreg-r2", RESOURCES.resolve("values-production.yaml")));
    }

    @Test
    void lintsStrictlyClean() {
        var result = new Helm(chart.dir()).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void everyRenderedManifestIsAValidKubernetesObject() {
        assertThat(defaults.invalid()).isEmpty();
        assertThat(production.invalid()).isEmpty();
        assertThat(production.ofKind("HorizontalPodAutoscaler")).hasSize(1);
        assertThat(production.ofKind("Ingress")).hasSize(1);
        assertThat(production.ofKind("ServiceMonitor")).hasSize(6);
        assertThat(defaults.ofKind("Ingress")).isEmpty();
    }

    @Test
    void wrongValuesFailAtInstallTime() {
        assertThatThrownBy(() -> chart.template("numreg", "numreg", RESOURCES.resolve("values-broken.yaml")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("/registrar/id")
                .hasMessageContaining("/registrar/node")
                .hasMessageContaining("/registrar/peerUrl")
                .hasMessageContaining("missing property 'cidrs'")
                .hasMessageContaining("/database/port")
                .hasMessageContaining("/kafka/bootstrapServers")
                .hasMessageContaining("/services/whois/replicas")
                .hasMessageContaining("/services/whois/autoscaling/enabled");
    }

    @Test
    void consensusIsOneStatefulPodOnItsDatabaseAndTheOthersAreDeployments() {
        JsonNode consensus = production.get("StatefulSet", "numreg-consensus");
        assertThat(consensus.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(env(consensus.at("/spec/template"), "QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://numreg-pg-rw.databases.svc:5432/consensus");
        assertThat(consensus.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("registry.registrar-two.example/numreg/consensus-service:0.1.0");
        assertThat(production.podTemplates().keySet()).containsExactly("numreg-allocation", "numreg-consensus",
                "numreg-console", "numreg-porting", "numreg-sync", "numreg-whois");
        assertThat(production.get("Deployment", "numreg-whois").at("/spec").has("replicas"))
                .as("the autoscaler owns whois' replicas").isFalse();
        assertThat(production.get("HorizontalPodAutoscaler", "numreg-whois").at("/spec/scaleTargetRef/name").asText())
                .isEqualTo("numreg-whois");
        JsonNode config = production.get("ConfigMap", "numreg-config").get("data");
        assertThat(config.get("NUMREG_CONSENSUS_PEERS").asText()).as("the first configuration: without r4, added later")
                .isEqualTo("r2=2@https://peer.r2.registrar-two.example:443,"
                + "r1=1@https://peer.r1.registrar-one.example:443,r3=3@https://peer.r3.registrar-three.example:443");
        assertThat(config.get("NUMREG_CONSENSUS_URL").asText()).isEqualTo("http://numreg-consensus:8080");
        assertThat(config.get("NUMREG_CONSENSUS_JOINING").asText()).isEqualTo("false");
        assertThat(config.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").asText())
                .isEqualTo("http://otel-collector.observability:4317");
        assertThat(defaults.get("ConfigMap", "numreg-config").at("/data").has("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
                .as("no collector named, no exporter").isFalse();
        assertThat(config.get("NUMREG_SYNC_PEERS").asText()).as("r4, added later, is compared with too")
                .isEqualTo("r1=https://sync.api.registrar-one.example,r4=https://sync.api.registrar-four.example");
    }

    @Test
    void theConsoleSignsInWithItsOwnClientAndCallsThisRegistrarsServices() {
        JsonNode console = production.get("Deployment", "numreg-console").at("/spec/template");
        assertThat(console.at("/spec/containers/0/image").asText())
                .isEqualTo("registry.registrar-two.example/numreg/console:0.1.0");
        List<String> env = new ArrayList<>();
        console.at("/spec/containers/0/env").forEach(e -> env.add(e.path("name").asText()));
        assertThat(env).contains("QUARKUS_OIDC_CREDENTIALS_SECRET")
                .as("no database, no service account").doesNotContain("QUARKUS_DATASOURCE_JDBC_URL",
                        "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET");
        JsonNode config = production.get("ConfigMap", "numreg-config").get("data");
        assertThat(config.get("NUMREG_WHOIS_URL").asText()).isEqualTo("http://numreg-whois:8080");
        assertThat(config.get("NUMREG_ALLOCATION_URL").asText()).isEqualTo("http://numreg-allocation:8080");
        assertThat(production.get("Ingress", "numreg").at("/spec/rules").findValuesAsText("host"))
                .contains("console.api.registrar-two.example");
    }

    @Test
    void probesAskTheServicesHealthEndpointsOnTheirHttpPort() throws IOException {
        String quarkusPort = defaults.get("ConfigMap", "numreg-config").at("/data/QUARKUS_HTTP_PORT").asText();
        for (var entry : defaults.podTemplates().entrySet()) {
            JsonNode container = entry.getValue().at("/spec/containers/0");
            Set<String> portNames = new HashSet<>();
            container.path("ports").forEach(p -> {
                portNames.add(p.path("name").asText());
                if (p.path("name").asText().equals("http")) {
                    assertThat(p.path("containerPort").asText()).as(entry.getKey()).isEqualTo(quarkusPort);
                }
            });
            Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                    "readinessProbe", "/q/health/ready");
            probes.forEach((probe, path) -> {
                assertThat(container.at("/" + probe + "/httpGet/path").asText()).as(entry.getKey() + " " + probe).isEqualTo(path);
                assertThat(portNames).as(entry.getKey() + " " + probe).contains(container.at("/" + probe + "/httpGet/port").asText());
            });
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(entry.getValue().at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        }
    }

    @Test
    void everyEnvironmentVariableIsASettingTheServicesRead() throws IOException {
        Set<String> known = knownSettings();
        List<String> unknown = new ArrayList<>();
        for (Manifests manifests : List.of(defaults, production)) {
            manifests.get("ConfigMap", "numreg-config").path("data").fieldNames()
                    .forEachRemaining(name -> check(name, known, unknown, "ConfigMap"));
            manifests.podTemplates().forEach((workload, template) -> template.at("/spec/containers/0/env")
                    .forEach(env -> check(env.path("name").asText(), known, unknown, workload)));
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void servicesAndPoliciesSelectTheRightPods() {
        Map<String, JsonNode> pods = production.podTemplates();
        for (JsonNode service : production.ofKind("Service")) {
            List<String> selected = pods.entrySet().stream()
                    .filter(e -> Manifests.selects(service.at("/spec/selector"), e.getValue().at("/metadata/labels")))
                    .map(Map.Entry::getKey).toList();
            String name = service.at("/metadata/name").asText();
            assertThat(selected).as(name).containsExactly(name.replaceAll("-(headless|peer)$", ""));
        }
        JsonNode consensusPolicy = production.get("NetworkPolicy", "numreg-consensus");
        assertThat(pods.entrySet().stream().filter(e -> Manifests.selects(consensusPolicy.at("/spec/podSelector"),
                e.getValue().at("/metadata/labels"))).map(Map.Entry::getKey)).containsExactly("numreg-consensus");
        JsonNode peerRule = consensusPolicy.at("/spec/ingress/0");
        assertThat(peerRule.at("/ports/0/port").asText()).isEqualTo("peer");
        assertThat(peerRule.path("from").findValuesAsText("cidr"))
                .containsExactly("203.0.113.0/24", "2001:db8:1::/48", "198.51.100.0/24", "192.0.2.0/24");
        JsonNode internalRule = consensusPolicy.at("/spec/ingress/1");
        assertThat(internalRule.at("/ports/0/port").asText()).isEqualTo("http");
        JsonNode ownPods = internalRule.at("/from/0/podSelector");
        assertThat(pods.entrySet().stream().filter(e -> Manifests.selects(ownPods, e.getValue().at("/metadata/labels")))
                .map(Map.Entry::getKey)).hasSize(6);
        JsonNode apiPolicy = production.get("NetworkPolicy", "numreg-api");
        assertThat(pods.entrySet().stream().filter(e -> Manifests.selects(apiPolicy.at("/spec/podSelector"),
                e.getValue().at("/metadata/labels"))).map(Map.Entry::getKey))
                .containsExactly("numreg-allocation", "numreg-console", "numreg-porting", "numreg-sync", "numreg-whois");
        assertThat(defaults.get("NetworkPolicy", "numreg-consensus").at("/spec/ingress/0/from").size())
                .as("no peers configured: nobody reaches the peer port").isZero();
    }

    @Test
    void theCommittedK8sManifestsAreWhatTheChartGenerates() throws IOException {
        Path k8s = Path.of("..", "k8s");
        Map<Path, String> generated = GenerateManifests.generate(chart, k8s);
        List<String> stale = new ArrayList<>();
        for (var file : generated.entrySet()) {
            if (!Files.exists(file.getKey()) || !Files.readString(file.getKey()).equals(file.getValue())) {
                stale.add(file.getKey().toString());
            }
        }
        assertThat(stale).as("run k8s/generate and commit the result").isEmpty();
        for (String registrar : GenerateManifests.DEMO) {
            assertThat(Manifests.of(generated.get(k8s.resolve("demo/" + registrar + "/registrar.yaml"))).invalid()).isEmpty();
        }
        assertThat(Manifests.of(generated.get(k8s.resolve("base/numreg-registrar.yaml"))).invalid()).isEmpty();
    }

    /** An environment variable must be the environment form of a setting some service reads. */
    private static void check(String name, Set<String> known, List<String> unknown, String where) {
        if (!known.contains(name)) {
            unknown.add(where + ": " + name);
        }
    }

    /**
     * The settings the services read, in environment form: every key of their application.properties
     * and shared defaults, the consensus-service's own (ConsensusConfig), and the Quarkus settings
     * docs/operations.md tells operators to set.
     */
    private static Set<String> knownSettings() throws IOException {
        Set<String> keys = new HashSet<>();
        for (String file : List.of("consensus-service/src/main/resources/application.properties",
                "allocation-service/src/main/resources/application.properties",
                "porting-service/src/main/resources/application.properties",
                "whois-service/src/main/resources/application.properties",
                "sync-service/src/main/resources/application.properties",
                "console/src/main/resources/application.properties",
                "service-support/src/main/resources/META-INF/microprofile-config.properties",
                "registry-client/src/main/resources/META-INF/microprofile-config.properties")) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(Path.of("..", file))) {
                properties.load(in);
            }
            properties.stringPropertyNames().forEach(key -> keys.add(key.replaceFirst("^%[a-z]+\\.", "")));
        }
        keys.addAll(List.of("quarkus.datasource.password", "quarkus.oidc-client.credentials.secret",
                "quarkus.oidc.credentials.secret",
                "quarkus.tls.key-store.p12.path", "quarkus.tls.key-store.p12.password",
                "quarkus.tls.trust-store.p12.path", "quarkus.tls.trust-store.p12.password"));
        String consensusConfig = Files.readString(Path.of("..",
                "consensus-service/src/main/java/org/numreg/consensus/config/ConsensusConfig.java"));
        java.util.regex.Matcher methods = java.util.regex.Pattern.compile("\\n\\s+\\w[\\w<>, ]* (\\w+)\\(\\);").matcher(consensusConfig);
        while (methods.find()) {
            keys.add("numreg.consensus." + methods.group(1).replaceAll("([A-Z])", "-$1").toLowerCase());
        }
        Set<String> environment = new HashSet<>();
        keys.forEach(key -> environment.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        return environment;
    }

    private static String env(JsonNode podTemplate, String name) {
        for (JsonNode env : podTemplate.at("/spec/containers/0/env")) {
            if (env.path("name").asText().equals(name)) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError("no " + name);
    }
}
