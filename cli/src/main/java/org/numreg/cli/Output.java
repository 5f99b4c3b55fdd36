package org.numreg.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a command prints: aligned tables for people, JSON or one JSON object a line (NDJSON) for scripts. */
public final class Output {

    public enum Format { TABLE, JSON, NDJSON }

    /**
     * A table column: its header, where its value is in an item (a JSON pointer such as
     * {@code /principal/name}) and how many characters of it a table shows (0: all).
     */
    public record Column(String header, String pointer, int width) {
        public Column(String header, String pointer) {
            this(header, pointer, 0);
        }

        String of(JsonNode item) {
            String value = text(item.at(pointer));
            return width > 0 && value.length() > width ? value.substring(0, width) + "…" : value;
        }
    }

    private final Format format;
    private final PrintWriter out;

    public Output(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public Format format() {
        return format;
    }

    /** One object: in a table, a row for each field (nested ones as {@code properties.cnam}). */
    public void record(JsonNode item) {
        switch (format) {
            case JSON -> out.println(Json.pretty(item));
            case NDJSON -> out.println(Json.compact(item));
            case TABLE -> {
                List<List<String>> rows = new ArrayList<>();
                flatten("", item, new LinkedHashMap<>()).forEach((key, value) -> rows.add(List.of(key, value)));
                out.print(table(null, rows));
            }
        }
        out.flush();
    }

    /** The items of a JSON array: in a table, one row each. */
    public void list(JsonNode array, List<Column> columns) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        list(items, columns);
    }

    /** Several objects: in a table, one row each. */
    public void list(List<JsonNode> items, List<Column> columns) {
        switch (format) {
            case JSON -> out.println(Json.pretty(Json.MAPPER.valueToTree(items)));
            case NDJSON -> items.forEach(item -> out.println(Json.compact(item)));
            case TABLE -> {
                List<List<String>> rows = items.stream().map(item -> columns.stream().map(c -> c.of(item)).toList()).toList();
                out.print(table(columns.stream().map(Column::header).toList(), rows));
            }
        }
        out.flush();
    }

    /** A line as it is: a streamed event. */
    public void raw(String line) {
        out.println(line);
        out.flush();
    }

    /** A line of text for people (tables only: scripts get the data alone). */
    public void note(String line) {
        if (format == Format.TABLE) {
            out.println(line);
            out.flush();
        }
    }

    /** Columns as wide as their widest cell, two spaces apart; {@code headers} null for none. */
    public static String table(List<String> headers, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        if (headers != null) {
            all.add(headers);
        }
        all.addAll(rows);
        int columns = all.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** Leaf fields by dotted path, in the object's order; arrays of scalars joined by commas. */
    static Map<String, String> flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.properties().forEach(field -> flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
                    field.getValue(), into));
        } else if (!node.isNull() && !node.isMissingNode()) {
            into.put(prefix, text(node));
        }
        return into;
    }

    static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(element -> parts.add(element.isValueNode() ? element.asText() : Json.compact(element)));
            return String.join(",", parts);
        }
        return value.isValueNode() ? value.asText() : Json.compact(value);
    }

    private static String pad(String value, int width) {
        return value.length() >= width ? value : value + " ".repeat(width - value.length());
    }
}
