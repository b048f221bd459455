package org.gamekeeper.engine.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.baseline.Observer;
import org.gamekeeper.engine.mapping.LogSourceMapping;

/**
 * Counts, per host, the events of each channel and event ID with the span they cover, then
 * compares them with the {@link Guidance} and the loaded rules' log sources. Event by event (no
 * files, no threads); the caller feeds it from whatever sources it has.
 */
public final class CoverageSurvey implements Consumer<Event> {
    /** Channels where only the guidance's own event IDs are listed as present (the others are many and routine). */
    private static final Set<String> BUSY_CHANNELS = Set.of("security", "system", "application");

    private static final class Span {
        final String channel;
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Span(String channel) {
            this.channel = channel;
        }

        void add(long t) {
            count++;
            if (t != Long.MIN_VALUE) {
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
        }

        Instant firstTime() {
            return first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first);
        }

        Instant lastTime() {
            return last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last);
        }
    }

    private record Source(String channel, int eventId) { }

    private static final class HostSeen {
        final Map<Source, Span> sources = new HashMap<>();
        final Span all = new Span(null);
        long commandLines4688;
    }

    private final Map<String, HostSeen> hosts = new TreeMap<>();

    @Override
    public void accept(Event e) {
        long t = e.timestampMillis();
        HostSeen h = hosts.computeIfAbsent(Observer.host(e), x -> new HostSeen());
        h.all.add(t);
        String channel = e.channel();
        if (channel == null || channel.isBlank()) {
            channel = "(no channel)";
        }
        int id = e.eventId();
        String c = channel;
        h.sources.computeIfAbsent(new Source(channel.toLowerCase(Locale.ROOT), id), s -> new Span(c)).add(t);
        if (id == 4688 && channel.equalsIgnoreCase("Security")) {
            String cl = e.field("CommandLine");
            if (cl != null && !cl.isBlank()) {
                h.commandLines4688++;
            }
        }
    }

    /** Hosts seen so far. */
    public int hosts() {
        return hosts.size();
    }

    /** The coverage of what was seen, against {@code guidance} and {@code rules}. */
    public Coverage report(Guidance guidance, List<RuleSource> rules) {
        Set<String> guided = guidance.channels();
        Map<String, Set<Source>> techniqueSources = new HashMap<>();
        for (Guidance.Expected x : guidance.expected()) {
            for (String t : x.techniques()) {
                techniqueSources.computeIfAbsent(t, k -> new LinkedHashSet<>()).add(new Source(x.channel().toLowerCase(Locale.ROOT), x.eventId()));
            }
        }
        boolean[] blindEverywhere = new boolean[rules.size()];
        java.util.Arrays.fill(blindEverywhere, true);
        List<Coverage.Host> out = new ArrayList<>();
        for (Map.Entry<String, HostSeen> entry : hosts.entrySet()) {
            HostSeen h = entry.getValue();
            List<Coverage.Present> present = new ArrayList<>();
            for (Map.Entry<Source, Span> s : h.sources.entrySet()) {
                Source src = s.getKey();
                if (guided.contains(src.channel()) && (!BUSY_CHANNELS.contains(src.channel()) || expected(guidance, src))) {
                    Span sp = s.getValue();
                    present.add(new Coverage.Present(spelling(guidance, sp.channel), src.eventId(), sp.count, sp.firstTime(), sp.lastTime()));
                }
            }
            present.sort(Comparator.comparing((Coverage.Present p) -> p.channel().toLowerCase(Locale.ROOT)).thenComparingInt(Coverage.Present::eventId));
            List<Coverage.Missing> missing = new ArrayList<>();
            for (Guidance.Expected x : guidance.expected()) {
                if (!h.sources.containsKey(new Source(x.channel().toLowerCase(Locale.ROOT), x.eventId()))) {
                    missing.add(new Coverage.Missing(x.channel(), x.eventId(), x.why()));
                } else if (!seen(h, x)) {
                    missing.add(new Coverage.Missing(x.channel(), x.eventId(), "present but without command lines: "
                        + "enable 'Include command line in process creation events' (" + x.why() + ")"));
                }
            }
            // A technique goes blind when none of the sources that show it is present: neither an
            // event the guidance names for it nor a place where one of its rules' events are.
            Map<String, Boolean> visible = new TreeMap<>();
            for (Map.Entry<String, Set<Source>> t : techniqueSources.entrySet()) {
                boolean any = false;
                for (Source s : t.getValue()) {
                    any |= seen(h, s);
                }
                visible.merge(t.getKey(), any, Boolean::logicalOr);
            }
            int rulesBlind = 0;
            for (int i = 0; i < rules.size(); i++) {
                RuleSource r = rules.get(i);
                boolean fed = fed(h, r.targets());
                if (fed) {
                    blindEverywhere[i] = false;
                } else {
                    rulesBlind++;
                }
                for (String t : r.techniques()) {
                    visible.merge(t, fed, Boolean::logicalOr);
                }
            }
            Set<String> blind = new TreeSet<>();
            visible.forEach((t, v) -> {
                if (!v) {
                    blind.add(t);
                }
            });
            out.add(new Coverage.Host(entry.getKey(), h.all.firstTime(), h.all.lastTime(), present, missing, List.copyOf(blind),
                rulesBlind, h.commandLines4688));
        }
        int blindTotal = 0;
        if (!hosts.isEmpty()) {
            for (boolean b : blindEverywhere) {
                blindTotal += b ? 1 : 0;
            }
        } else {
            blindTotal = rules.size();
        }
        return new Coverage(out, blindTotal, rules.size());
    }

    /** The guidance's spelling of a channel (exports write "security" too). */
    private static String spelling(Guidance g, String channel) {
        for (Guidance.Expected x : g.expected()) {
            if (x.channel().equalsIgnoreCase(channel)) {
                return x.channel();
            }
        }
        return channel;
    }

    private static boolean expected(Guidance g, Source s) {
        for (Guidance.Expected x : g.expected()) {
            if (x.eventId() == s.eventId() && x.channel().equalsIgnoreCase(s.channel())) {
                return true;
            }
        }
        return false;
    }

    private static boolean seen(HostSeen h, Guidance.Expected x) {
        return seen(h, new Source(x.channel().toLowerCase(Locale.ROOT), x.eventId()));
    }

    private static boolean seen(HostSeen h, Source s) {
        if (s.eventId() == 4688 && s.channel().equals("security") && h.commandLines4688 == 0) {
            return false; // 4688 without command lines shows that something ran, not what
        }
        return h.sources.containsKey(s);
    }

    /** Whether some event of the host lies where one of the targets looks. */
    private static boolean fed(HostSeen h, List<LogSourceMapping.Target> targets) {
        for (LogSourceMapping.Target t : targets) {
            for (Source s : h.sources.keySet()) {
                if ((t.eventIds().isEmpty() || t.eventIds().contains(s.eventId())) && channelMatches(t.channels(), s.channel())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean channelMatches(Set<String> channels, String channel) {
        if (channels.isEmpty()) {
            return true;
        }
        for (String c : channels) {
            if (c.equalsIgnoreCase(channel)) {
                return true;
            }
        }
        return false;
    }
}
