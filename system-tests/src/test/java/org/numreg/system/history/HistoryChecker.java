package org.numreg.system.history;

import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.event.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what clients were told against what the registrars published, once every registrar has
 * caught up (Jepsen's way): the topics are one history; no number was ever held by two OCNs; every
 * acknowledged write is in it at the position its answer named; a refused write changed nothing;
 * no command took effect twice; an unknown one took effect at most once (its command id says
 * whether); a read that waited for a position showed the number as the log had it from there on
 * ({@link #checkRead}); and per
 * number, the writes clients saw can be ordered as a register would have done them
 * ({@link RegisterLinearizability}).
 */
public final class HistoryChecker {

    /** The caller's scope, its key, and the attempt when the service tried again (porting-service after a moved record). */
    private static final Pattern THROUGH_AN_API_SERVICE = Pattern.compile("k[0-9a-f]{16}:([^:]+)(:[0-9]+)?");

    private final List<String> violations = new ArrayList<>();
    /** Per command id: the positions where it took effect (not a rejection or a repeat). */
    private final Map<String, List<Long>> effects = new HashMap<>();
    /** Per position: the command and its events. */
    private final Map<Long, List<ChangeEvent>> positions = new TreeMap<>();
    /** Per number: who held it from each position on (null: free). */
    private final Map<String, TreeMap<Long, String>> holders = new HashMap<>();

    private HistoryChecker() {
    }

    /** What is wrong; empty when nothing is. {@code topics}: each registrar's changes topic, read to its end. */
    public static List<String> check(History history, Map<String, List<ChangeEvent>> topics) {
        HistoryChecker checker = new HistoryChecker();
        checker.compareTopics(topics);
        if (!topics.isEmpty()) {
            checker.replay(topics.values().iterator().next());
        }
        List<Operation> resolved = checker.checkWrites(history.operations());
        checker.checkOrder(resolved);
        history.reads().forEach(checker::checkRead);
        return List.copyOf(checker.violations);
    }

    private void compareTopics(Map<String, List<ChangeEvent>> topics) {
        Map.Entry<String, List<ChangeEvent>> first = null;
        for (Map.Entry<String, List<ChangeEvent>> topic : topics.entrySet()) {
            if (first == null) {
                first = topic;
            } else if (!summary(topic.getValue()).equals(summary(first.getValue()))) {
                violations.add(topic.getKey() + "'s topic differs from " + first.getKey() + "'s");
            }
        }
    }

    private static List<String> summary(List<ChangeEvent> events) {
        return events.stream().map(e -> e.id() + " " + e.command() + " " + e.hash()).toList();
    }

    /** Replays the log, number by number: an allocation of a held number, a release or port by anyone but its holder, is a violation. */
    private void replay(List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            positions.computeIfAbsent(event.position(), p -> new ArrayList<>()).add(event);
            if (!(event.data() instanceof Event.CommandRejected) && !(event.data() instanceof Event.CommandRepeated)
                    && event.index() == 0) {
                effects.computeIfAbsent(clientId(event.command()), c -> new ArrayList<>()).add(event.position());
            }
            switch (event.data()) {
                case Event.NumberAllocated a -> change(event, a.number().number().value(), null, a.number().ocn().value());
                case Event.NumberReleased r -> change(event, r.number().value(), r.ocn().value(), null);
                case Event.PortCompleted p -> change(event, p.number().value(), p.losingOcn().value(), p.gainingOcn().value());
                default -> {
                }
            }
        }
    }

    /**
     * The id a client knows a command by: its Idempotency-Key, for a command sent through an API
     * service (which names it {@code k<the caller's scope>:<key>}, and {@code :<attempt>} after it
     * when it tries again), else the command id itself.
     */
    static String clientId(String command) {
        Matcher scoped = THROUGH_AN_API_SERVICE.matcher(command);
        return scoped.matches() ? scoped.group(1) : command;
    }

    private void change(ChangeEvent event, String number, String from, String to) {
        TreeMap<Long, String> history = holders.computeIfAbsent(number, n -> new TreeMap<>());
        String holder = history.isEmpty() ? null : history.lastEntry().getValue();
        if (!Objects.equals(holder, from)) {
            violations.add("position " + event.position() + " (" + event.type() + ") found " + number + " held by "
                    + holder + ", not " + from + ": " + (from == null ? "two OCNs held it at once" : "a change by a non-holder"));
        }
        history.put(event.position(), to);
    }

    /** Checks each write against the log; returns the writes with unknown ones resolved (those that took effect), for the order check. */
    private List<Operation> checkWrites(List<Operation> operations) {
        List<Operation> resolved = new ArrayList<>();
        for (Operation operation : operations) {
            List<Long> took = effects.getOrDefault(operation.commandId(), List.of());
            if (took.size() > 1) {
                violations.add(operation + " took effect " + took.size() + " times, at " + took);
            }
            switch (operation.outcome()) {
                case OK -> {
                    if (!took.contains(operation.position())) {
                        violations.add(operation + " was acknowledged but the log has no effect of it at " + operation.position()
                                + (took.isEmpty() ? ": lost" : " (it took effect at " + took + ")"));
                    } else if (!operation.number().equals(number(operation.position()))) {
                        violations.add(operation + " was told " + operation.number() + " but the log allocated "
                                + number(operation.position()));
                    }
                    resolved.add(operation);
                }
                case REFUSED -> {
                    if (!took.isEmpty()) {
                        violations.add(operation + " was refused but took effect at " + took);
                    }
                    resolved.add(operation);
                }
                case UNKNOWN -> {
                    if (took.size() == 1) {
                        resolved.add(operation.resolvedTo(number(took.getFirst()), took.getFirst()));
                    }
                }
            }
        }
        return resolved;
    }

    /** The number a position's first event is about. */
    private String number(long position) {
        return switch (positions.getOrDefault(position, List.of()).stream().findFirst().map(ChangeEvent::data).orElse(null)) {
            case Event.NumberAllocated a -> a.number().number().value();
            case Event.NumberReleased r -> r.number().value();
            case Event.PortCompleted p -> p.number().value();
            case null, default -> null;
        };
    }

    /** A write that took effect without an answer succeeded; what was answered, as answered. */
    private void checkOrder(List<Operation> writes) {
        Map<String, List<RegisterLinearizability.Write>> byNumber = new LinkedHashMap<>();
        for (Operation write : writes) {
            if (write.number() != null) {
                byNumber.computeIfAbsent(write.number(), n -> new ArrayList<>())
                        .add(new RegisterLinearizability.Write(write, write.outcome() != Operation.Outcome.REFUSED));
            }
        }
        byNumber.forEach((number, its) -> RegisterLinearizability.check(number, its).ifPresent(why ->
                violations.add(why + "\n  the log's holders by position: " + holders.getOrDefault(number, new TreeMap<>()))));
    }

    /**
     * A shown record stood from its last change until at least the answer's position, so the
     * holder must be the log's at the later of the two; a number shown as not allocated must be
     * free at the answer's position or at some later one.
     */
    private void checkRead(Read read) {
        if (read.position() < read.minPosition()) {
            violations.add(read + " answered from position " + read.position() + ", before the " + read.minPosition() + " it asked for");
        }
        TreeMap<Long, String> history = holders.getOrDefault(read.number(), new TreeMap<>());
        if (read.holder() != null) {
            long at = Math.max(read.position(), read.lastChange());
            String holder = holderAt(history, at);
            if (!read.holder().equals(holder)) {
                violations.add(read + " showed holder " + read.holder() + " where the log has " + holder + " at " + at);
            }
        } else if (holderAt(history, read.position()) != null
                && !history.tailMap(read.position(), false).containsValue(null)) {
            violations.add(read + " showed the number free where the log has " + holderAt(history, read.position())
                    + " from " + read.position() + " on");
        }
    }

    private static String holderAt(TreeMap<Long, String> history, long position) {
        Map.Entry<Long, String> then = history.floorEntry(position);
        return then == null ? null : then.getValue();
    }
}
