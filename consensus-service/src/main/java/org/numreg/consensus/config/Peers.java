package org.numreg.consensus.config;

import org.numreg.paxos.Config;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The registrars of the log: id, Paxos node number and peer URL. */
public record Peers(Map<Integer, Peer> byNode) {

    /** One registrar's consensus-service. */
    public record Peer(String registrar, int node, URI url) {
    }

    private static final Pattern FORM = Pattern.compile("([a-z][a-z0-9-]*)=([1-9][0-9]*)@(https?://\\S+)");

    public static Peers parse(List<String> entries) {
        Map<Integer, Peer> byNode = new TreeMap<>();
        for (String entry : entries) {
            Matcher matcher = FORM.matcher(entry.strip());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("numreg.consensus.peers: '" + entry + "' is not id=node@url");
            }
            Peer peer = new Peer(matcher.group(1), Integer.parseInt(matcher.group(2)), URI.create(matcher.group(3)));
            if (byNode.put(peer.node(), peer) != null) {
                throw new IllegalArgumentException("numreg.consensus.peers: node " + peer.node() + " twice");
            }
        }
        return new Peers(Map.copyOf(byNode));
    }

    public Peer nodeOf(String registrar) {
        return byNode.values().stream().filter(p -> p.registrar().equals(registrar)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("registrar " + registrar
                        + " is not in numreg.consensus.peers"));
    }

    /**
     * The initial Paxos configuration: every listed registrar votes — except this one when it
     * is joining a running registry, in which case the others are the registry's first
     * registrars and it waits to be added (AddRegistrar).
     */
    public Config initialConfig(String self, boolean joining) {
        TreeSet<Integer> voters = new TreeSet<>(byNode.keySet());
        if (joining) {
            voters.remove(nodeOf(self).node());
        }
        return new Config(voters, new TreeSet<>());
    }

    /** These peers and those the registry state names (registrars added through the log). */
    public Peers with(Collection<Peer> added) {
        Map<Integer, Peer> all = new TreeMap<>(byNode);
        added.forEach(peer -> all.putIfAbsent(peer.node(), peer));
        return new Peers(Map.copyOf(all));
    }
}
