package org.numreg.registry.codec;

import org.numreg.registry.event.Applied;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The log's hash chain, computed from the events exactly as consumers receive them, so that a
 * carrier mirroring the feed recomputes it with nothing else (docs/events.md, "Verifying the
 * hash chain"):
 * <pre>
 *   hash(0) = 32 zero bytes
 *   hash(p) = SHA-256( hash(p−1) ‖ F(e₀) ‖ LF ‖ F(e₁) ‖ LF ‖ … )
 * </pre>
 * over the events e₀, e₁, … of position p in index order, where F(e) is the event's JSON as
 * published (UTF-8), with the value of {@code numreghash} written as 64 zeros and without a
 * pin-set event's {@code pinHash} member ({@link ChangeEvent#publicForm}): the topic's form and
 * the public feed's hash alike. Each event carries hash(p) of its own position.
 */
public final class LogChain {

    public static final byte[] GENESIS = new byte[32];
    /** What {@code numreghash} holds while the hash is computed. */
    public static final String PLACEHOLDER = "0".repeat(64);

    private static final byte[] HASH_MEMBER = "\"numreghash\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte LF = '\n';

    private LogChain() {
    }

    /** The events of one applied position as published (each carrying the hash after it), and that hash. */
    public record Link(List<byte[]> events, byte[] hash) {
        public String hashHex() {
            return HexFormat.of().formatHex(hash);
        }
    }

    /** Links the position {@code applied} (submitted in trace {@code traceparent}, or null) to the chain after {@code previous}. */
    public static Link link(byte[] previous, Applied applied, String traceparent) {
        List<byte[]> events = new ArrayList<>();
        for (ChangeEvent event : ChangeEvent.of(applied, PLACEHOLDER, traceparent)) {
            events.add(event.toJson());
        }
        // F(e) of events written with the placeholder: their public form, nothing to zero.
        byte[] hash = chain(previous, events.stream().map(ChangeEvent::publicForm).toList());
        String hex = HexFormat.of().formatHex(hash);
        events.replaceAll(json -> withHash(json, hex));
        return new Link(events, hash);
    }

    /** hash(p) from hash(p−1) and the events of p as received, in index order. */
    public static byte[] next(byte[] previous, List<byte[]> events) {
        return chain(previous, events.stream().map(LogChain::hashedForm).toList());
    }

    /** SHA-256(previous ‖ F(e₀) ‖ LF ‖ F(e₁) ‖ LF ‖ …) over the events' forms F. */
    private static byte[] chain(byte[] previous, List<byte[]> forms) {
        MessageDigest sha = sha256();
        sha.update(previous);
        for (byte[] form : forms) {
            sha.update(form);
            sha.update(LF);
        }
        return sha.digest();
    }

    /** F(e): the public form, its {@code numreghash} value as 64 zeros. */
    static byte[] hashedForm(byte[] event) {
        return withHash(ChangeEvent.publicForm(event), PLACEHOLDER);
    }

    /** The event's JSON with {@code hashHex} as the value of its {@code numreghash}. */
    static byte[] withHash(byte[] event, String hashHex) {
        int at = indexOf(event, HASH_MEMBER);
        if (at < 0 || at + HASH_MEMBER.length + 64 > event.length) {
            throw new IllegalArgumentException("not a numreg change event: it has no numreghash");
        }
        byte[] copy = Arrays.copyOf(event, event.length);
        System.arraycopy(hashHex.getBytes(StandardCharsets.US_ASCII), 0, copy, at + HASH_MEMBER.length, 64);
        return copy;
    }

    /** The first occurrence of {@code part} in {@code bytes}; -1 if none. */
    static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
