package org.numreg.registry.codec;

import com.fasterxml.jackson.databind.JsonNode;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Applied;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event on numreg.changes: a CloudEvent (structured JSON, application/cloudevents+json)
 * whose position and index say where in the log it comes from (design §5). Every registrar
 * writes the same bytes for the same position.
 *
 * @param position  the log position of the command (1, 2, … without gaps)
 * @param index     0, 1, … within that position
 * @param count     how many events that position has: a consumer knows the position is complete
 *                  when it has applied index count - 1
 * @param registrar the registrar whose services submitted the command
 * @param principal who asked that registrar for it (null for commands logged before principals were)
 * @param command   the command's id
 * @param hash      the log's hash chain after this position (hex SHA-256): two registrars that
 *                  show the same hash for a position hold the same history up to it
 * @param traceparent the trace the command was submitted in (W3C; the CloudEvents distributed-tracing
 *                  extension), as the log holds it: the same at every registrar; null when none
 */
public record ChangeEvent(long position, int index, int count, Instant time, String registrar, Principal principal,
                          String command, String subject, String hash, Event data, String traceparent) {

    public static final String SOURCE = "urn:numreg:registry";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    /**
     * The Kafka headers of the record that carries an event: its content type (structured
     * CloudEvents mode) and its position and index, so that a consumer can tell where it is
     * without parsing the value.
     */
    public static Map<String, byte[]> kafkaHeaders(long position, int index) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("content-type", CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.put("numregposition", Long.toString(position).getBytes(StandardCharsets.UTF_8));
        headers.put("numregindex", Integer.toString(index).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /**
     * The events of one applied position, in order; {@code hash} is the chain hash after it,
     * {@code traceparent} the trace the command went into the log with (null: none).
     */
    public static List<ChangeEvent> of(Applied applied, String hash, String traceparent) {
        List<ChangeEvent> events = new ArrayList<>();
        for (Event event : applied.events()) {
            String subject = event.subject() != null ? event.subject() : applied.subject();
            events.add(new ChangeEvent(applied.position(), events.size(), applied.events().size(), applied.commitTime(),
                    applied.registrar(), applied.principal(), applied.commandId(), subject, hash, event, traceparent));
        }
        return events;
    }

    /** org.numreg.&lt;event&gt;.v1 */
    public String type() {
        return "org.numreg." + data.typeName() + ".v1";
    }

    /** Whether this is the position's last event: after it, the position is complete. */
    public boolean completesPosition() {
        return index == count - 1;
    }

    /** Unique in the log: position and index. */
    public String id() {
        return position + "-" + index;
    }

    public byte[] toJson() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(512);
        try (com.fasterxml.jackson.core.JsonGenerator json = RegistryJson.mapper().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("specversion", "1.0");
            json.writeStringField("id", id());
            json.writeStringField("source", SOURCE);
            json.writeStringField("type", type());
            json.writeStringField("subject", subject);
            json.writeStringField("time", time.toString());
            json.writeStringField("datacontenttype", "application/json");
            json.writeNumberField("numregposition", position);
            json.writeNumberField("numregindex", index);
            json.writeNumberField("numregcount", count);
            json.writeStringField("numregregistrar", registrar);
            if (principal != null) {
                json.writeStringField("numregprincipal", principal.name());
                if (principal.id() != null) {
                    json.writeStringField("numregprincipalid", principal.id());
                }
            }
            json.writeStringField("numregcommand", command);
            json.writeStringField("numreghash", hash);
            if (traceparent != null) {
                json.writeStringField("traceparent", traceparent);
            }
            json.writeFieldName("data");
            RegistryJson.mapper().writerFor(Event.class).writeValue(json, data);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write event " + id(), e);
        }
        return bytes.toByteArray();
    }

    private static final byte[] PIN_HASH_MEMBER = ",\"pinHash\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * The event as anyone may see it (the public changes feed): a pin-set event without its
     * {@code pinHash} member, every other event as it is. Done on the bytes, so that the rest
     * stays exactly as published and the hash chain ({@link LogChain}) holds for both forms.
     */
    public static byte[] publicForm(byte[] json) {
        int at = LogChain.indexOf(json, PIN_HASH_MEMBER);
        if (at < 0) {
            return json;
        }
        int end = at + PIN_HASH_MEMBER.length;
        while (end < json.length && json[end] != '"') {
            end += json[end] == '\\' ? 2 : 1;
        }
        byte[] without = new byte[json.length - (end + 1 - at)];
        System.arraycopy(json, 0, without, 0, at);
        System.arraycopy(json, end + 1, without, at, json.length - end - 1);
        return without;
    }

    public static ChangeEvent fromJson(byte[] json) {
        try {
            JsonNode node = RegistryJson.mapper().readTree(json);
            if (!"1.0".equals(node.path("specversion").asText())) {
                throw new IllegalArgumentException("not a CloudEvent 1.0: " + node.path("specversion"));
            }
            Event data = RegistryJson.mapper().treeToValue(node.get("data"), Event.class);
            return new ChangeEvent(node.path("numregposition").asLong(), node.path("numregindex").asInt(),
                    node.path("numregcount").asInt(),
                    Instant.parse(node.path("time").asText()), node.path("numregregistrar").asText(),
                    principalOf(node), node.path("numregcommand").asText(), node.path("subject").asText(), node.path("numreghash").asText(),
                    data, node.hasNonNull("traceparent") ? node.get("traceparent").asText() : null);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a numreg change event", e);
        }
    }

    private static Principal principalOf(JsonNode event) {
        JsonNode name = event.get("numregprincipal");
        JsonNode id = event.get("numregprincipalid");
        return name == null ? null : new Principal(id == null ? null : id.asText(), name.asText());
    }
}
