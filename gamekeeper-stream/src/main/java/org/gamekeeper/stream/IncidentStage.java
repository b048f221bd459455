package org.gamekeeper.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.Incident;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.engine.incident.Intrusion;
import org.gamekeeper.engine.incident.Member;
import org.gamekeeper.report.AlertJson;
import org.gamekeeper.report.IncidentsJsonl;

/**
 * Incidents in the stream. Alerts (with their identity fields) arrive keyed by the host they are
 * grouped on, and incidents never span hosts, so one task holds everything a host's incidents are
 * made of: the engine's own {@link IncidentGrouping} over the host's alerts gives the incidents
 * the batch {@code hunt --incidents} gives for that host.
 *
 * <p>A stream has no end, so incidents are emitted as versions: once a host has had no new alert
 * for {@code quietMillis} (wall clock), or at the latest {@link #MAX_WAIT_QUIETS} times that after
 * its first alert not yet emitted, its alerts are grouped again and every incident that changed is
 * written to the incidents topic keyed by its id (INTERFACES.md's "Incidents" JSON); the latest
 * version under a key replaces the earlier ones (a compacted topic keeps only it). An incident id
 * comes from its first alert, so it is stable while alerts join it; one that disappears (an
 * earlier alert arrived late and joined it to an earlier incident) gets a tombstone (null value).
 * Grouping a host on quiet, not per alert, bounds the work of a burst to one grouping.
 *
 * <p>State ({@link #STORE}, changelogged): each alert under its host and arrival number, the hosts
 * waiting to be emitted, and the digest of each incident last emitted. Bounded: an incident whose
 * last evidence is {@code retentionMillis} older than its host's newest alert is final (its alerts
 * leave the store; a later alert that would have joined it starts a new incident), and a host
 * keeps at most {@code maxAlertsPerHost} alerts (its oldest incidents are made final first).
 *
 * <p>What differs from the batch: intrusions link incidents across hosts (accounts, lateral
 * movement), which one host's task cannot see; {@code intrusion_id}, {@code actor_overlap} and
 * {@code intrusion_links} are those of the host's own intrusions, and {@code dwell_days} counts
 * to the incident's last evidence (no as-of time). Key events prefer alerts of rules that are rare
 * in the input grouped, which here is the host's alerts, not the whole run's.
 */
final class IncidentStage implements Processor<byte[], byte[], byte[], byte[]> {

    static final String STORE = "gamekeeper-incident-alerts";
    static final long DEFAULT_QUIET_MILLIS = 60_000;
    static final long DEFAULT_RETENTION_MILLIS = Duration.ofDays(7).toMillis();
    static final int DEFAULT_MAX_ALERTS_PER_HOST = 100_000;
    /** A host that never goes quiet is emitted this many quiet periods after its first waiting alert. */
    static final int MAX_WAIT_QUIETS = 10;

    private static final byte SEQ = 0;
    private static final byte ALERT = 1;
    private static final byte WAITING = 2;
    private static final byte EMITTED = 3;
    private static final AttackCatalog ATTACK = AttackCatalog.enterprise();

    private final long quietMillis;
    private final long retentionMillis;
    private final int maxAlertsPerHost;
    private final IncidentGrouping grouping = new IncidentGrouping(ATTACK, IncidentGrouping.Settings.defaults());
    private final ByteArraySerializer keys = new ByteArraySerializer();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<byte[], byte[]> store;
    /** Hosts with alerts not yet emitted: first and last arrival (wall clock). */
    private final Map<String, long[]> waiting = new LinkedHashMap<>();
    private long seq;

    IncidentStage(long quietMillis, long retentionMillis, int maxAlertsPerHost) {
        this.quietMillis = quietMillis;
        this.retentionMillis = retentionMillis;
        this.maxAlertsPerHost = maxAlertsPerHost;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        byte[] s = store.get(new byte[] {SEQ});
        seq = s == null ? 0 : ByteBuffer.wrap(s).getLong();
        try (KeyValueIterator<byte[], byte[]> w = store.prefixScan(new byte[] {WAITING}, keys)) {
            while (w.hasNext()) {
                KeyValue<byte[], byte[]> kv = w.next();
                ByteBuffer v = ByteBuffer.wrap(kv.value);
                waiting.put(host(kv.key), new long[] {v.getLong(), v.getLong()});
            }
        }
        context.schedule(Duration.ofMillis(Math.max(10, Math.min(1000, quietMillis / 2))), PunctuationType.WALL_CLOCK_TIME, this::emitQuiet);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String host = new String(record.key() == null ? new byte[0] : record.key(), StandardCharsets.UTF_8);
        store.put(ByteBuffer.allocate(hostKeyLength(host) + 8).put(hostKey(ALERT, host)).putLong(seq++).array(), record.value());
        store.put(new byte[] {SEQ}, ByteBuffer.allocate(8).putLong(seq).array());
        long now = context.currentSystemTimeMs();
        long[] w = waiting.computeIfAbsent(host, h -> new long[] {now, now});
        w[1] = now;
        store.put(hostKey(WAITING, host), ByteBuffer.allocate(16).putLong(w[0]).putLong(w[1]).array());
    }

    private void emitQuiet(long now) {
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, long[]> e : waiting.entrySet()) {
            long[] w = e.getValue();
            if (now - w[1] >= quietMillis || now - w[0] >= MAX_WAIT_QUIETS * quietMillis) {
                due.add(e.getKey());
            }
        }
        for (String host : due) {
            emit(host, now);
            waiting.remove(host);
            store.delete(hostKey(WAITING, host));
        }
    }

    /** Groups the host's alerts, writes the incidents that changed, and makes old ones final. */
    private void emit(String host, long now) {
        List<AlertEvidence> alerts = new ArrayList<>();
        Map<Alert, byte[]> where = new IdentityHashMap<>();
        try (KeyValueIterator<byte[], byte[]> all = store.prefixScan(hostKey(ALERT, host), keys)) {
            while (all.hasNext()) {
                KeyValue<byte[], byte[]> kv = all.next();
                if (kv.key.length != hostKeyLength(host) + 8) {
                    continue; // another host whose key begins with this one's
                }
                try {
                    AlertEvidence a = AlertJson.evidence(kv.value);
                    alerts.add(a);
                    where.put(a.alert(), kv.key);
                } catch (IOException | RuntimeException foreign) {
                    store.delete(kv.key); // not ours: the internal topic is written by this topology only
                }
            }
        }
        Map<String, Long> before = emitted(host);
        Map<String, Long> after = new LinkedHashMap<>();
        IncidentGrouping.Result r = grouping.group(alerts);
        Map<String, Intrusion> intrusions = new HashMap<>();
        for (Intrusion i : r.intrusions()) {
            intrusions.put(i.id(), i);
        }
        long newest = Long.MIN_VALUE;
        for (Incident inc : r.incidents()) {
            String json = IncidentsJsonl.line(inc, intrusions.get(inc.intrusionId()), null);
            long digest = digest(json);
            if (!Long.valueOf(digest).equals(before.get(inc.id()))) {
                context.forward(new Record<>(inc.id().getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), now,
                    new RecordHeaders()));
            }
            after.put(inc.id(), digest);
            if (inc.lastEvidence() != null) {
                newest = Math.max(newest, inc.lastEvidence().toEpochMilli());
            }
        }
        for (String gone : before.keySet()) {
            if (!after.containsKey(gone)) {
                context.forward(new Record<>(gone.getBytes(StandardCharsets.UTF_8), null, now, new RecordHeaders()));
            }
        }
        // final incidents: too old beside the host's newest alert, then the oldest beyond the bound
        List<Incident> open = new ArrayList<>(r.incidents());
        open.sort(Comparator.comparing(Incident::lastEvidence, Comparator.nullsLast(Comparator.naturalOrder())));
        int held = alerts.size();
        for (Incident inc : open) {
            boolean old = inc.lastEvidence() != null && newest - inc.lastEvidence().toEpochMilli() > retentionMillis;
            if (!old && held <= maxAlertsPerHost) {
                continue;
            }
            for (Member m : inc.members()) {
                byte[] k = where.get(m.alert());
                if (k != null) {
                    store.delete(k);
                    held--;
                }
            }
            after.remove(inc.id());
        }
        StringBuilder s = new StringBuilder();
        after.forEach((id, d) -> s.append(id).append(' ').append(d).append('\n'));
        if (after.isEmpty()) {
            store.delete(hostKey(EMITTED, host));
        } else {
            store.put(hostKey(EMITTED, host), s.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private Map<String, Long> emitted(String host) {
        Map<String, Long> out = new HashMap<>();
        byte[] v = store.get(hostKey(EMITTED, host));
        if (v != null) {
            for (String line : new String(v, StandardCharsets.UTF_8).split("\n")) {
                int sp = line.indexOf(' ');
                if (sp > 0) {
                    out.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
                }
            }
        }
        return out;
    }

    /** 64-bit FNV-1a of an incident's JSON: whether it changed since it was last written. */
    private static long digest(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** kind, the host's length, the host: a host's keys never run into another's. */
    private static byte[] hostKey(byte kind, String host) {
        byte[] h = host.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + h.length).put(kind).putInt(h.length).put(h).array();
    }

    private static int hostKeyLength(String host) {
        return 5 + host.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String host(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        b.get();
        int n = b.getInt();
        return new String(key, 5, n, StandardCharsets.UTF_8);
    }
}
