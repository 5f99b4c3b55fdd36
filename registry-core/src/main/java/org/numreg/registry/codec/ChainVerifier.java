package org.numreg.registry.codec;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Recomputes the log's hash chain ({@link LogChain}) from change events in log order — a
 * registrar's topic, or the sync-service's changes feed — and says where it breaks: an event
 * changed, dropped, added or out of order. Feed it every event from a position on (the whole log,
 * or everything after a snapshot, with the snapshot's position and hash).
 *
 * <p>{@code numreg-cli verify-chain} (module cli) runs it on files, standard input or a registrar's feed.
 */
public final class ChainVerifier {

    private long position;
    private byte[] hash;
    private final List<byte[]> open = new ArrayList<>();
    private long openPosition;
    private int openCount;
    private String openHash;

    /** From the start of the log. */
    public ChainVerifier() {
        this(0, LogChain.GENESIS);
    }

    /** From the events after {@code position}, whose chain hash is {@code hash} (a snapshot's). */
    public ChainVerifier(long position, byte[] hash) {
        this.position = position;
        this.hash = hash.clone();
    }

    /** The next event, as received; throws {@link Broken} where the chain does not hold. */
    public void accept(byte[] event) {
        JsonNode node = header(event);
        long eventPosition = node.path("numregposition").asLong(-1);
        int index = node.path("numregindex").asInt(-1);
        int count = node.path("numregcount").asInt(-1);
        String carried = node.path("numreghash").asText();
        if (open.isEmpty()) {
            if (eventPosition != position + 1 || index != 0) {
                throw new Broken(position + 1, "expected its first event (index 0), got event " + eventPosition + "-"
                        + index + (eventPosition > position + 1 ? ": events are missing" : ": out of order or repeated"));
            }
            openPosition = eventPosition;
            openCount = count;
            openHash = carried;
        } else if (eventPosition != openPosition || index != open.size() || count != openCount
                || !carried.equals(openHash)) {
            throw new Broken(openPosition, "expected event " + openPosition + "-" + open.size() + " of " + openCount
                    + ", got event " + eventPosition + "-" + index + " of " + count
                    + (carried.equals(openHash) ? "" : " carrying another hash"));
        }
        if (count < 1) {
            throw new Broken(eventPosition, "numregcount must be at least 1");
        }
        open.add(event);
        if (open.size() == openCount) {
            byte[] next = LogChain.next(hash, open);
            String computed = HexFormat.of().formatHex(next);
            if (!MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    openHash.getBytes(StandardCharsets.US_ASCII))) {
                throw new Broken(openPosition, "its events hash to " + computed + " but carry " + openHash
                        + ": an event of it (or before it) was changed");
            }
            hash = next;
            position = openPosition;
            open.clear();
        }
    }

    /** Throws {@link Broken} when the events stopped in the middle of a position. */
    public void finish() {
        if (!open.isEmpty()) {
            throw new Broken(openPosition, "only " + open.size() + " of its " + openCount + " events");
        }
    }

    /** The last position verified whole. */
    public long position() {
        return position;
    }

    /** The chain hash after {@link #position()}. */
    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    private static JsonNode header(byte[] event) {
        try {
            return RegistryJson.mapper().readTree(event);
        } catch (IOException e) {
            throw new Broken(-1, "not JSON: " + e.getMessage());
        }
    }

    /** Where the chain does not hold, and why. */
    public static final class Broken extends RuntimeException {
        private final long position;

        Broken(long position, String reason) {
            super("position " + position + ": " + reason);
            this.position = position;
        }

        public long position() {
            return position;
        }
    }
}
