package org.gamekeeper.engine.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** Web logs, listed as present sources with event ID 0 (lower case, as sources are keyed). */
    private static final Set<String> WEB_KINDS = Set.of("iis w3c", "exchange httpproxy", "web access log");

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

    /** Host name for web logs that do not name their server. */
    public static final String WEB_LOGS = "(web logs)";
    /** Only the start of a web log line is looked at (its date and time are at the start). */
    private static final int WEB_LINE_PREFIX = 512;
    private static final java.time.format.DateTimeFormatter COMBINED_TIME =
        java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    /**
     * Counts a web server log (IIS W3C, Exchange HttpProxy CSV, Apache/nginx combined) as a
     * present source of its server (IIS {@code s-computername} or HttpProxy {@code ServerHostName}
     * when logged, else {@link #WEB_LOGS}), with the span of its request times. Only where given:
     * web logs are never listed as missing.
     */
    public void webLog(java.io.BufferedReader lines) throws java.io.IOException {
        String kind = null;
        int dateAt = -1;
        int timeAt = -1;
        int hostAt = -1;
        Span span = null;
        String host = WEB_LOGS;
        for (String full = lines.readLine(); full != null; full = lines.readLine()) {
            String line = full.length() > WEB_LINE_PREFIX ? full.substring(0, WEB_LINE_PREFIX) : full;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (line.startsWith("#Fields:")) {
                    kind = "IIS W3C";
                    List<String> fields = List.of(line.substring(8).strip().split(" "));
                    dateAt = fields.indexOf("date");
                    timeAt = fields.indexOf("time");
                    hostAt = fields.indexOf("s-computername");
                } else if (kind == null && line.startsWith("#Software: Microsoft Internet Information Services")) {
                    kind = "IIS W3C";
                }
                continue;
            }
            if (kind == null) {
                if (line.startsWith("DateTime,")) {
                    kind = "Exchange HttpProxy";
                    List<String> fields = List.of(line.split(","));
                    hostAt = fields.indexOf("ServerHostName");
                    continue;
                }
                kind = "web access log";
            }
            String[] f = kind.equals("IIS W3C") ? line.split(" ") : kind.equals("Exchange HttpProxy") ? line.split(",") : null;
            if (span == null) {
                if (f != null && hostAt >= 0 && hostAt < f.length && !f[hostAt].isBlank()) {
                    host = Observer.hostName(f[hostAt]);
                }
                HostSeen h = hosts.computeIfAbsent(host, x -> new HostSeen());
                String k = kind;
                span = h.sources.computeIfAbsent(new Source(kind.toLowerCase(Locale.ROOT), 0), s -> new Span(k));
            }
            long t = webTime(kind, line, f, dateAt, timeAt);
            span.add(t);
            hosts.get(host).all.add(t);
        }
    }

    private static long webTime(String kind, String line, String[] f, int dateAt, int timeAt) {
        try {
            if (kind.equals("IIS W3C") && dateAt >= 0 && timeAt >= 0 && Math.max(dateAt, timeAt) < f.length) {
                return Instant.parse(f[dateAt] + "T" + f[timeAt] + "Z").toEpochMilli();
            }
            if (kind.equals("Exchange HttpProxy") && f.length > 0) {
                return Instant.parse(f[0]).toEpochMilli();
            }
            int open = line.indexOf('[');
            int close = line.indexOf(']', open + 1);
            if (open >= 0 && close > open) {
                return java.time.OffsetDateTime.parse(line.substring(open + 1, close), COMBINED_TIME).toInstant().toEpochMilli();
            }
        } catch (java.time.format.DateTimeParseException e) {
            // a line without a readable time still counts; it just does not widen the span
        }
        return Long.MIN_VALUE;
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
        Arrays.fill(blindEverywhere, true);
        List<Coverage.Host> out = new ArrayList<>();
        for (Map.Entry<String, HostSeen> entry : hosts.entrySet()) {
            HostSeen h = entry.getValue();
            List<Coverage.Present> present = new ArrayList<>();
            for (Map.Entry<Source, Span> s : h.sources.entrySet()) {
                Source src = s.getKey();
                if (WEB_KINDS.contains(src.channel())
                        || guided.contains(src.channel()) && (!BUSY_CHANNELS.contains(src.channel()) || expected(guidance, src))) {
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
