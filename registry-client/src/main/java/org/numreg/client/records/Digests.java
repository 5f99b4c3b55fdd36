package org.numreg.client.records;

import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.event.Event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Merkle-style digest of the numbers: a tree over the number space by digits ("+", "+1",
 * "+12", … down to each number). A leaf is the SHA-256 of the number's record (as events show it,
 * and its PIN hash); a node is the XOR of the leaves under it, with their count. XOR makes a node
 * updatable by one change's delta, and two registrars holding the same records hold the same tree:
 * comparing from the root down to where hashes differ finds the differing numbers in a few steps.
 */
public final class Digests {

    /** A node of the tree: the numbers under {@code prefix}, how many, and their combined hash. */
    public record Node(String prefix, byte[] hash, long count) {
    }

    private Digests() {
    }

    public static byte[] leaf(NumberRecord record) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(RegistryJson.write(Event.NumberView.of(record)));
            sha.update((byte) '\n');
            if (record.pinHash() != null) {
                sha.update(record.pinHash().getBytes(StandardCharsets.UTF_8));
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "+", "+1", "+12", … the number itself: the nodes a number's leaf counts in. */
    public static List<String> prefixes(String number) {
        List<String> prefixes = new ArrayList<>(number.length());
        for (int length = 1; length <= number.length(); length++) {
            prefixes.add(number.substring(0, length));
        }
        return prefixes;
    }

    public static byte[] xor(byte[] a, byte[] b) {
        byte[] result = new byte[32];
        for (int i = 0; i < 32; i++) {
            result[i] = (byte) ((a == null ? 0 : a[i]) ^ (b == null ? 0 : b[i]));
        }
        return result;
    }

    /** The whole tree of {@code records}, node by prefix. */
    public static Map<String, Node> tree(Collection<NumberRecord> records) {
        Map<String, Node> nodes = new TreeMap<>();
        for (NumberRecord record : records) {
            byte[] leaf = leaf(record);
            for (String prefix : prefixes(record.number().value())) {
                Node node = nodes.get(prefix);
                nodes.put(prefix, node == null ? new Node(prefix, leaf, 1)
                        : new Node(prefix, xor(node.hash(), leaf), node.count() + 1));
            }
        }
        return nodes;
    }
}
