package org.numreg.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Rendered manifests, checked against the Kubernetes API types and looked into by kind and name. */
record Manifests(List<JsonNode> documents) {

    /** apiVersion/kind → the API type's strict check (unknown fields, missing required fields). */
    private interface Check {
        void validate(com.google.gson.JsonElement json) throws IOException;
    }

    private static final Map<String, Check> TYPES = Map.of(
            "v1/ConfigMap", V1ConfigMap::validateJsonElement,
            "v1/Service", V1Service::validateJsonElement,
            "v1/Pod", V1Pod::validateJsonElement,
            "apps/v1/Deployment", V1Deployment::validateJsonElement,
            "apps/v1/StatefulSet", V1StatefulSet::validateJsonElement,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::validateJsonElement,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement,
            "networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::validateJsonElement,
            "networking.k8s.io/v1/Ingress", V1Ingress::validateJsonElement);

    static Manifests of(String rendered) {
        return new Manifests(Chart.documents(rendered));
    }

    /** Every manifest of a Kubernetes type validates against it; what else is rendered is named here. */
    List<String> invalid() {
        List<String> problems = new ArrayList<>();
        for (JsonNode document : documents) {
            String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            Check check = TYPES.get(type);
            if (check == null) {
                if (!type.equals("monitoring.coreos.com/v1/ServiceMonitor")) {
                    problems.add("unexpected kind " + type);
                }
                continue;
            }
            try {
                check.validate(JsonParser.parseString(document.toString()));
            } catch (IOException | RuntimeException e) {
                problems.add(type + " " + document.at("/metadata/name").asText() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    List<JsonNode> ofKind(String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> d.at("/metadata/name").asText().equals(name)).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** The pod templates (Deployments, StatefulSets) with their workload's name. */
    Map<String, JsonNode> podTemplates() {
        Map<String, JsonNode> templates = new java.util.TreeMap<>();
        for (JsonNode workload : documents) {
            String kind = workload.path("kind").asText();
            if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                templates.put(workload.at("/metadata/name").asText(), workload.at("/spec/template"));
            }
        }
        return templates;
    }

    /** Whether {@code selector} (matchLabels, or a Service's plain map) selects pods labelled {@code labels}. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.has("matchLabels") ? selector.get("matchLabels") : selector;
        Predicate<Map.Entry<String, JsonNode>> matches = e -> labels.path(e.getKey()).asText().equals(e.getValue().asText());
        boolean all = true;
        for (var it = matchLabels.properties().iterator(); it.hasNext(); ) {
            all &= matches.test(it.next());
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            boolean in = false;
            for (JsonNode v : expression.path("values")) {
                in |= v.asText().equals(value);
            }
            all &= expression.path("operator").asText().equals("In") == in;
        }
        return all && (matchLabels.size() > 0 || selector.has("matchExpressions"));
    }
}
