package org.numreg.paxos;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A value a caller asks the log to decide: an opaque payload and the caller's id for it. The id
 * lets the caller recognise its proposal when it is decided, and deduplicate: after a leader
 * change a proposal is proposed again and may be decided twice.
 */
public record Proposal(String id, byte[] payload) {

    public Proposal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int size() {
        return payload.length;
    }

    /** What it adds to a message: its id and its payload. */
    public int weight() {
        return id.length() + payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proposal p && id.equals(p.id) && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(payload, 0, Math.min(8, payload.length));
        return "Proposal[" + id + ", " + payload.length + " bytes " + hex + (payload.length > 8 ? "…" : "") + "]";
    }
}
