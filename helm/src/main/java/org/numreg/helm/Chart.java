package org.numreg.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The numreg-registrar chart, rendered with Helm's own library (helm-java): no helm binary needed. */
public final class Chart {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path dir;

    public Chart(Path dir) {
        if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
            throw new IllegalArgumentException(dir + " is not a chart");
        }
        this.dir = dir;
    }

    /** The chart of this checkout, found from the working directory (the repository or helm/). */
    public static Chart ofCheckout() {
        for (Path candidate : List.of(Path.of("helm/numreg-registrar"), Path.of("numreg-registrar"))) {
            if (Files.isRegularFile(candidate.resolve("Chart.yaml"))) {
                return new Chart(candidate.toAbsolutePath().normalize());
            }
        }
        throw new IllegalStateException("run from the repository or its helm/ folder");
    }

    public Path dir() {
        return dir;
    }

    /** {@code helm template <release> <chart> -n <namespace> [-f values]}: the manifests as YAML text. */
    public String template(String release, String namespace, Path valuesFile) {
        var template = new Helm(dir).template().withName(release).withNamespace(namespace);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        return template.call();
    }

    /** The manifests as JSON trees, one per document (empty documents left out). */
    public static List<JsonNode> documents(String manifests) {
        try (YAMLParser parser = new YAMLFactory().createParser(manifests)) {
            List<JsonNode> documents = new ArrayList<>();
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    documents.add(node);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests are not YAML", e);
        }
    }
}
