package org.gamekeeper.engine.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntToLongFunction;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.ActorOverlap;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;
import org.gamekeeper.sigma.rule.Level;

/**
 * Groups alerts into incidents and links incidents into intrusions.
 *
 * <p>Alerts are taken in time order (ties by host, event reference and rule, so the same input
 * always gives the same incidents). An alert joins the earlier alerts it shares, on its host,
 * a process (ProcessGuid/ParentProcessGuid, its parent or a sibling under the same parent, or
 * ProcessId/ParentProcessId within an hour), a logon
 * session (within a day), an account (within {@link Settings#accountGap}) or, failing all these,
 * closeness in time ({@link Settings#hostGap}). The strongest link is stored as the alert's
 * reason. Incidents that share an account (a SID or a domain-qualified name, or any name on the
 * same host; within {@link Settings#intrusionGap}), or that a lateral-movement edge connects (an alert on
 * host B naming host A as its source workstation, address or connection end), form one
 * intrusion; so do mail findings and the incidents of the recipient's account.
 */
public final class IncidentGrouping {

    /**
     * @param hostGap    alerts on one host this close in time join without a shared entity
     * @param accountGap alerts on one host sharing an account this close join
     * @param intrusionGap incidents sharing an account link into one intrusion when the later starts at most this long after the earlier ends
     * @param asOf       the time dwell is counted to besides the last evidence (null: the last event)
     */
    public record Settings(Duration hostGap, Duration accountGap, Duration intrusionGap, Instant asOf) {
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(30), Duration.ofHours(4), Duration.ofDays(90), null);
        }

        public Settings withAsOf(Instant t) {
            return new Settings(hostGap, accountGap, intrusionGap, t);
        }
    }

    /** What grouping returns: incidents and intrusions in order of first evidence. */
    public record Result(List<Incident> incidents, List<Intrusion> intrusions, Instant asOf) {
        public Result {
            incidents = List.copyOf(incidents);
            intrusions = List.copyOf(intrusions);
        }
    }

    private static final long PID_WINDOW_MS = Duration.ofHours(1).toMillis();
    private static final long SESSION_WINDOW_MS = Duration.ofDays(1).toMillis();
    private static final int KEY_EVENTS = 5;
    private static final String[] LOGON_ID_FIELDS = {"TargetLogonId", "SubjectLogonId", "LogonId"};
    /** Fields naming the other end of a connection: the first {@link #INBOUND_EDGE_FIELDS} its source, the rest its target. */
    private static final String[] EDGE_FIELDS = {"WorkstationName", "SourceHostname", "IpAddress", "SourceIp", "DestinationHostname",
        "DestinationIp"};
    private static final int INBOUND_EDGE_FIELDS = 4;
    private static final int OVERLAP_GROUPS = 5;
    private static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

    private final AttackCatalog attack;
    private final ActorOverlap overlap;
    private final Settings settings;

    public IncidentGrouping(AttackCatalog attack, Settings settings) {
        this.attack = attack;
        this.overlap = new ActorOverlap(attack);
        this.settings = settings;
    }

    /**
     * The host an alert is grouped on (its event's Computer, else the alert's, as a key:
     * {@code DC1.corp.local} is {@code dc1}), or null. Incidents never span hosts, so alerts
     * partitioned by this are grouped into the same incidents (intrusions may link hosts).
     */
    public static String host(AlertEvidence a) {
        String c = a.entities().get("Computer");
        return Account.host(c != null ? c : a.alert().computer());
    }

    /**
     * Groups alerts (any order) into incidents and intrusions.
     *
     * <p>Memory: besides the input (only read, never copied) and the result, grouping keeps about
     * 40 bytes per alert in flat arrays (time order, times, hosts, union-find parents, account
     * ids, reasons), one entry per process GUID seen on a host (a process's lineage joins however
     * long it runs), per-host entries for process ids, logon sessions and accounts only while their
     * window lasts, one entry per distinct host, account and address, and a few longs per incident.
     * Texts (summaries) are written on demand by {@link Incident#summary()} and {@link Intrusion#summary()}.
     */
    public Result group(List<AlertEvidence> input) {
        int n = input.size();
        Names hostNames = new Names();
        long[] time = new long[n];
        int[] host = new int[n];
        int[] order = timeOrder(input, hostNames, time, host);
        Alerts alerts = new Alerts(n, order, hostNames);
        for (int k = 0; k < n; k++) {
            alerts.time[k] = time[order[k]];
            alerts.host[k] = host[order[k]];
        }
        time = null;
        host = null;
        link(input, alerts);
        return build(input, alerts);
    }

    /**
     * Input positions in time order (ties by host, event reference and rule); each input's time
     * and host id are written to {@code time} and {@code hostOf}, its host's name to {@code hostNames}.
     */
    private static int[] timeOrder(List<AlertEvidence> input, Names hostNames, long[] time, int[] hostOf) {
        int n = input.size();
        for (int i = 0; i < n; i++) {
            Alert a = input.get(i).alert();
            Instant t = a.timestamp() != null ? a.timestamp() : a.firstSeen();
            time[i] = t == null ? Long.MAX_VALUE : t.toEpochMilli();
            hostOf[i] = hostNames.id(host(input.get(i)));
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        IndexSort.sort(order, (x, y) -> {
            int c = Long.compare(time[x], time[y]);
            if (c != 0 || hostOf[x] != hostOf[y] && (c = hostNames.sortKey(hostOf[x]).compareTo(hostNames.sortKey(hostOf[y]))) != 0) {
                return c;
            }
            Alert ax = input.get(x).alert();
            Alert ay = input.get(y).alert();
            c = ref(ax).compareTo(ref(ay));
            return c != 0 ? c : String.valueOf(ax.ruleId()).compareTo(String.valueOf(ay.ruleId()));
        });
        return order;
    }

    /** Joins each alert (in time order) to the earlier alerts on its host it shares something with. */
    private void link(List<AlertEvidence> input, Alerts alerts) {
        int n = alerts.order.length;
        int[] order = alerts.order;
        long[] time = alerts.time;
        int[] parent = alerts.parent;
        Reason[] reasons = alerts.reasons;
        // What was seen last on each host: keys are the entities' own strings, so no key is built per alert.
        HostState[] hosts = new HostState[alerts.hostNames.size()];
        Reason[] firstOnHost = new Reason[hosts.length];
        long hostGap = settings.hostGap().toMillis();
        long accountGap = settings.accountGap().toMillis();
        List<String> sessions = new ArrayList<>(3);
        String[] pids = new String[2];

        for (int k = 0; k < n; k++) {
            Map<String, String> e = input.get(order[k]).entities();
            Alert a = input.get(order[k]).alert();
            int hid = alerts.host[k];
            String h = alerts.hostNames.name(hid);
            alerts.addAccounts(k, e, h);
            if (h == null) {
                if (a.kind() == Alert.Kind.MAIL) {
                    alerts.mail.add(k);
                }
                reasons[k] = new Reason(Reason.Kind.FIRST, a.kind() == null ? "no host" : a.kind().id(), 0);
                continue;
            }
            HostState on = hosts[hid];
            if (on == null) {
                on = hosts[hid] = new HostState();
            }
            long t = time[k];
            Reason reason = null;
            // process lineage
            String guid = guid(e.get("ProcessGuid"));
            String pguid = guid(e.get("ParentProcessGuid"));
            if (pguid != null) {
                int j = on.byGuid.get(pguid);
                if (j >= 0) {
                    union(parent, k, j);
                    reason = new Reason(Reason.Kind.PROCESS, "child of " + pguid, minutes(t, time[j]));
                }
                // a sibling: started by the same process (one GUID is one process's lifetime, however long:
                // a web shell's commands are all children of the one IIS worker that hosts it)
                int k2 = on.byParentGuid.get(pguid);
                if (k2 >= 0) {
                    union(parent, k, k2);
                    reason = reason != null ? reason : new Reason(Reason.Kind.PROCESS, "sibling under " + pguid, minutes(t, time[k2]));
                }
            }
            if (guid != null) {
                int j = on.byGuid.get(guid);
                if (j >= 0) {
                    union(parent, k, j);
                    reason = reason != null ? reason : new Reason(Reason.Kind.PROCESS, guid, minutes(t, time[j]));
                }
            }
            String pid = e.get("ProcessId");
            String ppid = e.get("ParentProcessId");
            pids[0] = ppid;
            pids[1] = pid;
            for (String p : pids) {
                if (p != null && !p.isEmpty()) {
                    int j = on.byPid.get(p);
                    if (j >= 0 && within(t, time[j], PID_WINDOW_MS)) {
                        union(parent, k, j);
                        reason = reason != null ? reason
                                : new Reason(Reason.Kind.PROCESS, (p == ppid ? "child of process " : "process ") + p, minutes(t, time[j]));
                    }
                }
            }
            // logon session
            sessions.clear();
            for (String f : LOGON_ID_FIELDS) {
                String s = Account.logonId(e.get(f));
                if (s != null && !sessions.contains(s)) {
                    sessions.add(s);
                    int j = on.lastSession.get(s);
                    if (j >= 0 && within(t, time[j], SESSION_WINDOW_MS)) {
                        union(parent, k, j);
                        reason = reason != null ? reason
                                : new Reason(Reason.Kind.SESSION, e.get(f).trim() + " on " + h, minutes(t, time[j]));
                    }
                }
            }
            // account on this host
            for (int q = alerts.accountStart(k); q < alerts.accountEnd(k); q++) {
                String ac = alerts.accountNames.name(alerts.accountIds.get(q));
                int j = on.lastAccount.get(ac);
                if (j >= 0 && within(t, time[j], accountGap)) {
                    union(parent, k, j);
                    reason = reason != null ? reason : new Reason(Reason.Kind.ACCOUNT, ac, minutes(t, time[j]));
                }
            }
            // time on this host
            int j = on.last;
            if (j >= 0 && within(t, time[j], hostGap)) {
                union(parent, k, j);
                reason = reason != null ? reason : new Reason(Reason.Kind.HOST_TIME, h, minutes(t, time[j]));
            }
            if (reason == null) {
                reason = firstOnHost[hid];
                if (reason == null) {
                    reason = firstOnHost[hid] = new Reason(Reason.Kind.FIRST, h, 0);
                }
            }
            reasons[k] = reason;

            on.last = k;
            // what can no longer join (its window has passed) is dropped as the tables grow
            for (int q = alerts.accountStart(k); q < alerts.accountEnd(k); q++) {
                put(on.lastAccount, alerts.accountNames.name(alerts.accountIds.get(q)), k, time, accountGap);
            }
            for (String s : sessions) {
                put(on.lastSession, s, k, time, SESSION_WINDOW_MS);
            }
            if (guid != null) {
                on.byGuid.put(guid, k);
            }
            if (pguid != null) {
                on.byParentGuid.put(pguid, k);
            }
            if (pid != null && !pid.isEmpty()) {
                put(on.byPid, pid, k, time, PID_WINDOW_MS);
            }
        }
    }

    /** Records {@code key} at position {@code k}, first dropping, when the table has grown, keys whose window has passed. */
    private static void put(LastSeen table, String key, int k, long[] time, long window) {
        if (table.crowded()) {
            long t = time[k];
            table.retain(j -> within(t, time[j], window));
        }
        table.put(key, k);
    }

    private Result build(List<AlertEvidence> input, Alerts alerts) {
        int n = alerts.order.length;
        int[] order = alerts.order;
        long[] time = alerts.time;
        int[] parent = alerts.parent;
        Reason[] reasons = alerts.reasons;
        Map<String, Integer> ruleCount = new HashMap<>();
        for (AlertEvidence ae : input) {
            ruleCount.merge(String.valueOf(ae.alert().ruleId()), 1, Integer::sum);
        }
        // members per incident (positions in time order, ascending); incidents in order of first member, mail findings last
        int mails = alerts.mail.size();
        boolean[] isMail = new boolean[n];
        for (int q = 0; q < mails; q++) {
            isMail[alerts.mail.get(q)] = true;
        }
        int[] incidentOf = new int[n];
        Arrays.fill(incidentOf, -1);
        int m = 0;
        int[] incOfAlert = new int[n];
        for (int k = 0; k < n; k++) {
            if (!isMail[k]) {
                int r = find(parent, k);
                if (incidentOf[r] < 0) {
                    incidentOf[r] = m++;
                }
                incOfAlert[k] = incidentOf[r];
            }
        }
        incidentOf = null;
        int total = m + mails;
        int[] start = new int[total + 1];
        for (int k = 0; k < n; k++) {
            if (!isMail[k]) {
                start[incOfAlert[k] + 1]++;
            }
        }
        for (int q = 0; q < mails; q++) {
            start[m + q + 1] = 1;
        }
        for (int x = 0; x < total; x++) {
            start[x + 1] += start[x];
        }
        int[] members = new int[n];
        int[] fill = Arrays.copyOf(start, total);
        for (int k = 0; k < n; k++) {
            if (!isMail[k]) {
                members[fill[incOfAlert[k]]++] = k;
            }
        }
        for (int q = 0; q < mails; q++) {
            members[start[m + q]] = alerts.mail.get(q);
        }
        fill = null;
        incOfAlert = null;
        isMail = null;
        Incidents inc = new Incidents(start, members);

        int[] incParent = new int[total];
        for (int x = 0; x < total; x++) {
            incParent[x] = x;
        }
        int[] incHost = new int[total];
        long[] incFirst = new long[total];
        long[] incLast = new long[total];
        int accounts = alerts.accountNames.size();
        int[] firstIncidentOfAccount = new int[accounts];
        int[] lastIncidentOfAccount = new int[accounts];
        Arrays.fill(firstIncidentOfAccount, -1);
        Arrays.fill(lastIncidentOfAccount, -1);
        int[] seenIn = new int[accounts];
        Arrays.fill(seenIn, -1);
        String[] accountLink = new String[accounts];
        long intrusionGap = settings.intrusionGap().toMillis();
        Links linkReasons = new Links();
        for (int x = 0; x < total; x++) {
            incHost[x] = alerts.host[members[start[x]]];
            incFirst[x] = Long.MAX_VALUE;
            incLast[x] = Long.MIN_VALUE;
            for (int q = start[x]; q < start[x + 1]; q++) {
                long t = time[members[q]];
                if (t != Long.MAX_VALUE) {
                    incFirst[x] = Math.min(incFirst[x], t);
                    incLast[x] = Math.max(incLast[x], t);
                }
            }
        }
        for (int x = 0; x < m; x++) {
            // the incident's accounts in order first seen
            for (int q = start[x]; q < start[x + 1]; q++) {
                int k = members[q];
                for (int a = alerts.accountStart(k); a < alerts.accountEnd(k); a++) {
                    int ac = alerts.accountIds.get(a);
                    if (seenIn[ac] == x) {
                        continue;
                    }
                    seenIn[ac] = x;
                    if (firstIncidentOfAccount[ac] < 0) {
                        firstIncidentOfAccount[ac] = x;
                    }
                    int y = lastIncidentOfAccount[ac];
                    lastIncidentOfAccount[ac] = x;
                    String name = alerts.accountNames.name(ac);
                    boolean strong = name.indexOf('\\') > 0 || name.startsWith("S-1-") || incHost[y < 0 ? x : y] == incHost[x];
                    if (y >= 0 && strong && incFirst[x] != Long.MAX_VALUE && incLast[y] != Long.MIN_VALUE
                            && incFirst[x] - incLast[y] <= intrusionGap && find(incParent, y) != find(incParent, x)) {
                        union(incParent, x, y);
                        String why = accountLink[ac];
                        if (why == null) {
                            why = accountLink[ac] = "account " + name;
                        }
                        linkReasons.add(x, why);
                    }
                }
            }
        }
        seenIn = null;
        accountLink = null;
        lastIncidentOfAccount = null;
        // lateral movement: an alert naming another host (by name or a learned address) as its source or destination
        Map<String, String> ipHost = new HashMap<>();
        for (AlertEvidence ae : input) {
            Map<String, String> e = ae.entities();
            learn(ipHost, e.get("SourceIp"), e.get("SourceHostname"));
            learn(ipHost, e.get("DestinationIp"), e.get("DestinationHostname"));
        }
        HostIncidents[] incidentsOnHost = HostIncidents.of(m, incHost, alerts.hostNames.size(), x -> time[members[start[x]]],
                x -> time[members[start[x + 1] - 1]]);
        Map<String, String> edgeTexts = new HashMap<>();
        for (int x = 0; x < m; x++) {
            for (int q = start[x]; q < start[x + 1]; q++) {
                int k = members[q];
                Map<String, String> e = input.get(order[k]).entities();
                String h = alerts.hostNames.name(alerts.host[k]);
                for (int f = 0; f < EDGE_FIELDS.length; f++) {
                    String other = otherHost(e.get(EDGE_FIELDS[f]), ipHost);
                    int oid = other == null || other.equals(h) ? -1 : alerts.hostNames.find(other);
                    if (oid >= 0 && incidentsOnHost[oid] != null) {
                        int y = incidentsOnHost[oid].nearest(time[k]);
                        if (find(incParent, x) != find(incParent, y)) {
                            union(incParent, x, y);
                            boolean inbound = f < INBOUND_EDGE_FIELDS;
                            String why = "lateral movement " + (inbound ? other + " → " + h : h + " → " + other);
                            linkReasons.add(x, edgeTexts.computeIfAbsent(why, z -> z));
                        }
                    }
                }
            }
        }
        incidentsOnHost = null;
        edgeTexts = null;
        // mail findings: each its own incident, joined to the recipient's account activity
        for (int q = 0; q < mails; q++) {
            int k = alerts.mail.get(q);
            int x = m + q;
            String recipients = input.get(order[k]).entities().get("recipient_accounts");
            if (recipients != null) {
                for (String r : recipients.split(";")) {
                    String ac = Account.key(null, r);
                    int id = ac == null ? -1 : alerts.accountNames.find(ac);
                    int y = id < 0 ? -1 : firstIncidentOfAccount[id];
                    if (y >= 0) {
                        union(incParent, x, y);
                        reasons[k] = new Reason(Reason.Kind.RECIPIENT, ac, 0);
                        linkReasons.add(x, "phishing message to " + ac);
                    }
                }
            }
        }
        firstIncidentOfAccount = null;

        Instant asOf = settings.asOf();
        if (asOf == null) {
            long last = Long.MIN_VALUE;
            for (int k = 0; k < n; k++) {
                last = Math.max(last, lastMillis(input.get(order[k]).alert(), time[k]));
            }
            asOf = last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last);
        }

        // incident ids (from the first alert and first evidence), then intrusions: incidents by root, ordered by first evidence
        String[] ids = new String[total];
        for (int x = 0; x < total; x++) {
            Alert head = input.get(order[members[start[x]]]).alert();
            ids[x] = "inc-" + hash(head.ruleId() + "|" + ref(head) + "|" + incFirst[x]);
        }
        // intrusions: incidents by root (roots ascending, incidents ascending within), then ordered by first evidence
        int[] linkStart = linkReasons.byIncident(total);
        int[] groupOfRoot = new int[total];
        Arrays.fill(groupOfRoot, -1);
        int groups = 0;
        int[] groupOf = new int[total];
        for (int x = 0; x < total; x++) {
            if (find(incParent, x) == x) {
                groupOfRoot[x] = groups++; // numbered in the order of their roots
            }
        }
        for (int x = 0; x < total; x++) {
            groupOf[x] = groupOfRoot[find(incParent, x)];
        }
        groupOfRoot = null;
        incParent = null;
        int[] groupStart = new int[groups + 1];
        for (int x = 0; x < total; x++) {
            groupStart[groupOf[x] + 1]++;
        }
        for (int g = 0; g < groups; g++) {
            groupStart[g + 1] += groupStart[g];
        }
        int[] groupMembers = new int[total];
        int[] next = Arrays.copyOf(groupStart, groups);
        long[] groupFirst = new long[groups];
        Arrays.fill(groupFirst, Long.MAX_VALUE);
        for (int x = 0; x < total; x++) {
            int g = groupOf[x];
            groupMembers[next[g]++] = x;
            groupFirst[g] = Math.min(groupFirst[g], incFirst[x]);
        }
        next = null;
        groupOf = null;
        // ordered by first evidence, then the id of the group's lowest incident (stable: ties stay in root order)
        int[] groupOrder = new int[groups];
        for (int g = 0; g < groups; g++) {
            groupOrder[g] = g;
        }
        IndexSort.sort(groupOrder, (g, h) -> {
            int c = Long.compare(groupFirst[g], groupFirst[h]);
            return c != 0 ? c : ids[groupMembers[groupStart[g]]].compareTo(ids[groupMembers[groupStart[h]]]);
        });
        IndexSort.Order byFirstEvidence = (x, y) -> {
            int c = Long.compare(incFirst[x], incFirst[y]);
            return c != 0 ? c : ids[x].compareTo(ids[y]);
        };
        Shared shared = new Shared();
        List<Intrusion> intrusions = new ArrayList<>(groups);
        List<Incident> incidents = new ArrayList<>(total);
        for (int g : groupOrder) {
            int[] xs = Arrays.copyOfRange(groupMembers, groupStart[g], groupStart[g + 1]);
            IndexSort.sort(xs, byFirstEvidence);
            String intrusionId = "int-" + hash(ids[xs[0]]);
            List<Incident> mine = new ArrayList<>(xs.length);
            Set<String> links = new LinkedHashSet<>();
            for (int x : xs) {
                mine.add(incident(ids[x], intrusionId, input, alerts, inc, x, ruleCount, shared));
                for (int q = linkStart[x]; q < linkStart[x + 1]; q++) {
                    links.add(linkReasons.text(q));
                }
            }
            incidents.addAll(mine);
            intrusions.add(intrusion(intrusionId, mine, new ArrayList<>(links), asOf, shared));
        }
        incidents.sort(Comparator.comparing(Incident::firstEvidence, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Incident::id));
        return new Result(incidents, intrusions, asOf);
    }

    private Incident incident(String id, String intrusionId, List<AlertEvidence> input, Alerts alerts, Incidents inc, int x,
                              Map<String, Integer> ruleCount, Shared shared) {
        int from = inc.start[x];
        int to = inc.start[x + 1];
        int size = to - from;
        int hid = alerts.host[inc.members[from]];
        Map<Tactic, Long> tacticFirst = new LinkedHashMap<>();
        Map<String, Technique> techniques = new TreeMap<>();
        Member[] out = new Member[size];
        int[] acc = new int[4];
        int accCount = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Alert firstAlert = null;
        Alert lastAlert = null;
        int top = 0;
        List<Tactic> singleTactics = null;
        for (int q = from; q < to; q++) {
            int k = inc.members[q];
            Alert a = input.get(alerts.order[k]).alert();
            for (int p = alerts.accountStart(k); p < alerts.accountEnd(k); p++) {
                int ac = alerts.accountIds.get(p);
                boolean seen = false;
                for (int z = 0; z < accCount && !seen; z++) {
                    seen = acc[z] == ac;
                }
                if (!seen) {
                    if (accCount == acc.length) {
                        acc = Arrays.copyOf(acc, accCount * 2);
                    }
                    acc[accCount++] = ac;
                }
            }
            long t = alerts.time[k];
            if (t != Long.MAX_VALUE) {
                if (t < first) {
                    first = t;
                    firstAlert = a;
                }
                long l = lastMillis(a, t);
                if (l > last) {
                    last = l;
                    lastAlert = a;
                }
            }
            top = Math.max(top, level(a.level()));
            List<Tactic> ts = tacticsOf(a, techniques);
            singleTactics = ts;
            for (Tactic tac : ts) {
                tacticFirst.putIfAbsent(tac, t);
            }
            out[q - from] = new Member(a, alerts.reasons[k]);
        }
        List<Member> memberList = List.of(out);
        // alerts of one rule share their tactic and technique lists, and one-host incidents their host list
        List<Tactic> tactics = size == 1 ? singleTactics : List.copyOf(tacticFirst.keySet());
        List<Technique> techniqueList = shared.techniques(techniques.values());
        List<String> hosts = hid < 0 ? List.of() : shared.host(alerts.hostNames.name(hid));
        List<String> accounts = shared.accounts(acc, accCount, alerts.accountNames);
        String severity = LEVELS.get(Math.min(LEVELS.size() - 1,
                top + (top >= 2 && (hosts.size() >= 2 || tactics.size() >= 4) ? 1 : 0)));
        List<Member> keyMembers = memberList;
        if (size > 1) {
            List<Member> key = new ArrayList<>(memberList);
            key.sort(Comparator.comparingInt((Member y) -> -level(y.alert().level()))
                    .thenComparingInt(y -> ruleCount.getOrDefault(String.valueOf(y.alert().ruleId()), 0))
                    .thenComparing(y -> y.alert().timestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(Member::ref));
            List<Member> chosen = new ArrayList<>(KEY_EVENTS);
            Set<String> keyRules = new HashSet<>();
            for (Member y : key) {
                if (keyRules.add(String.valueOf(y.alert().ruleId()))) {
                    chosen.add(y);
                    if (chosen.size() == KEY_EVENTS) {
                        break;
                    }
                }
            }
            keyMembers = chosen;
        }
        return new Incident(id, intrusionId, instant(first, firstAlert), instant(last, lastAlert), hosts, accounts, tactics,
                techniqueList, severity, keyMembers, memberList);
    }

    private Intrusion intrusion(String id, List<Incident> incidents, List<String> links, Instant asOf, Shared shared) {
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> acc = new LinkedHashSet<>();
        Map<String, Technique> techniques = new TreeMap<>();
        Instant first = null;
        Instant last = null;
        long alerts = 0;
        int top = 0;
        List<Member> all = new ArrayList<>();
        for (Incident i : incidents) {
            hosts.addAll(i.hosts());
            acc.addAll(i.accounts());
            for (Technique t : i.techniques()) {
                techniques.putIfAbsent(t.id(), t);
            }
            first = min(first, i.firstEvidence());
            last = max(last, i.lastEvidence());
            alerts += i.members().size();
            top = Math.max(top, level(i.severity()));
            all.addAll(i.members());
        }
        all.sort(Comparator.comparing((Member x) -> x.alert().timestamp(), Comparator.nullsLast(Comparator.naturalOrder())));
        Map<Tactic, Boolean> chain = new LinkedHashMap<>();
        for (Member x : all) {
            for (Tactic t : tacticsOf(x.alert(), new TreeMap<>())) {
                chain.putIfAbsent(t, true);
            }
        }
        all = null;
        Incident head = incidents.get(0);
        List<Tactic> tactics = sameOr(head.tactics(), List.copyOf(chain.keySet()));
        String severity = LEVELS.get(Math.min(LEVELS.size() - 1, top + (top >= 2 && hosts.size() >= 2 ? 1 : 0)));
        List<Technique> techniqueList = sameOr(head.techniques(), List.copyOf(techniques.values()));
        return new Intrusion(id, incidents, first, last, sameOr(head.hosts(), List.copyOf(hosts)), sameOr(head.accounts(),
                List.copyOf(acc)), tactics, techniqueList, severity, alerts, links, shared.overlap(overlap, techniqueList), asOf);
    }

    /** {@code mine} when it holds what {@code fresh} holds, so equal lists are one object. */
    private static <T> List<T> sameOr(List<T> mine, List<T> fresh) {
        return mine.equals(fresh) ? mine : fresh;
    }

    /** The instant of {@code millis}, the alert's own object when it is exactly that (most are: one object fewer per incident). */
    private static Instant instant(long millis, Alert a) {
        if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
            return null;
        }
        for (Instant t : new Instant[] {a.timestamp(), a.firstSeen(), a.lastSeen()}) {
            if (t != null && t.getNano() % 1_000_000 == 0 && t.toEpochMilli() == millis) {
                return t;
            }
        }
        return Instant.ofEpochMilli(millis);
    }
    /**
     * The tactics an alert shows: its rule's tactic tags; without any, each technique's tactic
     * (the first in matrix order when a technique serves several). Techniques are collected.
     */
    List<Tactic> tacticsOf(Alert a, Map<String, Technique> techniques) {
        Meaning m = meanings.computeIfAbsent(new TagKey(a.tags(), a.attack()), this::meaning);
        for (Technique t : m.techniques()) {
            techniques.putIfAbsent(t.id(), t);
        }
        return m.tactics();
    }

    /** Tags and technique ids of a rule: alerts of one rule share them, so their meaning is worked out once. */
    private record TagKey(List<String> tags, List<String> attack) { }

    private record Meaning(List<Tactic> tactics, List<Technique> techniques) { }

    private final Map<TagKey, Meaning> meanings = new ConcurrentHashMap<>();

    private Meaning meaning(TagKey k) {
        List<Tactic> explicit = new ArrayList<>(2);
        List<Tactic> implied = new ArrayList<>(2);
        Map<String, Technique> techniques = new TreeMap<>();
        for (String tag : k.tags()) {
            AttackCatalog.TagMeaning m = attack.resolveTag(tag);
            if (m.tactic() != null && !explicit.contains(m.tactic())) {
                explicit.add(m.tactic());
            } else if (m.technique() != null) {
                techniques.putIfAbsent(m.technique().id(), m.technique());
                if (!m.technique().tactics().isEmpty() && !implied.contains(m.technique().tactics().get(0))) {
                    implied.add(m.technique().tactics().get(0));
                }
            }
        }
        for (String t : k.attack()) {
            attack.technique(t).ifPresent(x -> techniques.putIfAbsent(x.id(), x));
        }
        List<Tactic> out = explicit.isEmpty() ? implied : explicit;
        out.sort(Comparator.comparingInt(Tactic::order));
        return new Meaning(List.copyOf(out), List.copyOf(techniques.values()));
    }

    private static String sid(String sid, String domain, String host) {
        String s = Account.sid(sid);
        if (s == null || host == null || domain == null || !host.equalsIgnoreCase(domain.trim())) {
            return s;
        }
        return s + '@' + host;
    }

    private static void learn(Map<String, String> ipHost, String ip, String name) {
        String h = Account.host(name);
        if (ip != null && !ip.isBlank() && h != null) {
            ipHost.putIfAbsent(ip.trim(), h);
        }
    }

    private static String otherHost(String value, Map<String, String> ipHost) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        String h = Account.host(v);
        if (h != null) {
            return h;
        }
        String viaIp = ipHost.get(v.startsWith("::ffff:") ? v.substring(7) : v);
        return viaIp != null ? viaIp : null;
    }

    /** Per alert, in time order: what grouping works on, in flat arrays (about 40 bytes an alert). */
    private static final class Alerts {
        final int[] order;
        final long[] time;
        final int[] host;
        final int[] parent;
        final Reason[] reasons;
        final Names hostNames;
        final Names accountNames = new Names();
        /** The account ids of position k are {@code accountIds[accountStart[k] .. accountStart[k + 1])}. */
        private final int[] accountStart;
        final Ints accountIds;
        final Ints mail = new Ints(4);

        Alerts(int n, int[] order, Names hostNames) {
            this.order = order;
            this.hostNames = hostNames;
            time = new long[n];
            host = new int[n];
            parent = new int[n];
            reasons = new Reason[n];
            accountStart = new int[n + 1];
            accountIds = new Ints(Math.max(16, n));
            for (int k = 0; k < n; k++) {
                parent[k] = k;
            }
        }

        int accountStart(int k) {
            return accountStart[k];
        }

        int accountEnd(int k) {
            return accountStart[k + 1];
        }

        /**
         * The accounts an alert names, for position {@code k} (called in order). A SID given with
         * the host's own name as its domain is a local account's, unique only on that machine
         * (cloned images share them), so it is keyed with the host; so is the event's UserID,
         * whose domain the event does not say.
         */
        void addAccounts(int k, Map<String, String> e, String host) {
            int from = accountIds.size();
            add(from, sid(e.get("TargetUserSid"), e.get("TargetDomainName"), host));
            add(from, Account.key(e.get("TargetDomainName"), e.get("TargetUserName")));
            add(from, sid(e.get("SubjectUserSid"), e.get("SubjectDomainName"), host));
            add(from, Account.key(e.get("SubjectDomainName"), e.get("SubjectUserName")));
            // explicit credentials (4624 type 9, 4648): the account whose credentials were used elsewhere
            add(from, Account.key(e.get("TargetOutboundDomainName"), e.get("TargetOutboundUserName")));
            add(from, Account.key(null, e.get("User")));
            add(from, sid(e.get("UserID"), host, host));
            String r = e.get("recipient_accounts");
            if (r != null) {
                for (String x : r.split(";")) {
                    add(from, Account.key(null, x));
                }
            }
            accountStart[k + 1] = accountIds.size();
        }

        private void add(int from, String key) {
            if (key == null) {
                return;
            }
            int id = accountNames.id(key);
            for (int q = from; q < accountIds.size(); q++) {
                if (accountIds.get(q) == id) {
                    return;
                }
            }
            accountIds.add(id);
        }
    }

    /** Why incidents link into intrusions: texts by incident, in the order found (texts many links share are kept once). */
    private static final class Links {
        private final Ints incident = new Ints(16);
        private List<String> texts = new ArrayList<>();

        void add(int x, String text) {
            incident.add(x);
            texts.add(text);
        }

        /**
         * Sorts the links by incident (each incident's in the order found) and returns where each
         * incident's begin: incident x's are {@link #text} {@code [start[x], start[x + 1])}.
         */
        int[] byIncident(int incidents) {
            int n = incident.size();
            int[] start = new int[incidents + 1];
            for (int q = 0; q < n; q++) {
                start[incident.get(q) + 1]++;
            }
            for (int x = 0; x < incidents; x++) {
                start[x + 1] += start[x];
            }
            String[] sorted = new String[n];
            int[] next = Arrays.copyOf(start, incidents);
            for (int q = 0; q < n; q++) {
                sorted[next[incident.get(q)]++] = texts.get(q);
            }
            texts = Arrays.asList(sorted);
            return start;
        }

        String text(int q) {
            return texts.get(q);
        }
    }

    /** Incidents as ranges of alert positions: incident x holds {@code members[start[x] .. start[x + 1])}, ascending. */
    private record Incidents(int[] start, int[] members) { }

    /** Names (hosts, accounts) as small ids, each name kept once however many alerts carry it. */
    private static final class Names {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        /** The id of {@code name}, added if new; -1 for null. */
        int id(String name) {
            if (name == null) {
                return -1;
            }
            Integer id = ids.get(name);
            if (id == null) {
                id = names.size();
                ids.put(name, id);
                names.add(name);
            }
            return id;
        }

        /** The id of {@code name}, or -1 when it was never added. */
        int find(String name) {
            Integer id = ids.get(name);
            return id == null ? -1 : id;
        }

        String name(int id) {
            return id < 0 ? null : names.get(id);
        }

        /** The name for ordering: none sorts as the empty name. */
        String sortKey(int id) {
            return id < 0 ? "" : names.get(id);
        }

        int size() {
            return names.size();
        }
    }

    /** A growable list of ints. */
    private static final class Ints {
        private int[] values;
        private int size;

        Ints(int capacity) {
            values = new int[capacity];
        }

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1) + 1);
            }
            values[size++] = v;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }
    }

    /**
     * Lists many incidents and intrusions hold alike, kept once: a host's list, one account's,
     * a set of techniques and the actor overlap that set gives.
     */
    private static final class Shared {
        private final Map<String, List<String>> hosts = new HashMap<>();
        private final Map<String, List<String>> accounts = new HashMap<>();
        private final Map<List<Technique>, List<Technique>> techniques = new HashMap<>();
        private final Map<List<Technique>, List<ActorOverlap.Match>> overlaps = new HashMap<>();

        List<String> host(String h) {
            return hosts.computeIfAbsent(h, List::of);
        }

        List<String> accounts(int[] ids, int count, Names names) {
            if (count == 0) {
                return List.of();
            }
            if (count == 1) {
                return accounts.computeIfAbsent(names.name(ids[0]), List::of);
            }
            String[] out = new String[count];
            for (int z = 0; z < count; z++) {
                out[z] = names.name(ids[z]);
            }
            return List.of(out);
        }

        List<Technique> techniques(Collection<Technique> ts) {
            List<Technique> l = List.copyOf(ts);
            return techniques.computeIfAbsent(l, x -> x);
        }

        List<ActorOverlap.Match> overlap(ActorOverlap overlap, List<Technique> ts) {
            return overlaps.computeIfAbsent(ts, x -> List.copyOf(overlap.rank(x.stream().map(Technique::id).toList(), OVERLAP_GROUPS, 2)));
        }
    }

    /** What was last seen on one host, by the key an alert may share with it (as positions in time order). */
    private static final class HostState {
        int last = -1;
        /** Process GUIDs: no window (one GUID is one process, however long it runs). */
        final LastSeen byGuid = new LastSeen();
        final LastSeen byParentGuid = new LastSeen();
        /** Windowed: dropped once their window has passed. */
        final LastSeen byPid = new LastSeen();
        final LastSeen lastSession = new LastSeen();
        final LastSeen lastAccount = new LastSeen();
    }

    /**
     * The incidents on one host, in order of first evidence, for the nearest in time to an alert
     * elsewhere (in O(log n): a host may hold thousands of incidents).
     */
    static final class HostIncidents {
        private final int[] xs;
        private final long[] lo;
        /** The latest last evidence among the incidents up to each position. */
        private final long[] latest;

        /**
         * @param xs the incidents, ascending
         * @param lo the time of each one's first alert
         * @param hi the time of each one's last alert
         */
        HostIncidents(int[] xs, long[] lo, long[] hi) {
            int n = xs.length;
            this.xs = xs;
            this.lo = lo;
            this.latest = new long[n];
            for (int k = 0; k < n; k++) {
                latest[k] = k == 0 ? hi[k] : Math.max(latest[k - 1], hi[k]);
            }
        }

        /** Per host id, its incidents among {@code [0, m)} (null for a host with none). */
        static HostIncidents[] of(int m, int[] incHost, int hosts, IntToLongFunction lo, IntToLongFunction hi) {
            int[] count = new int[hosts];
            for (int x = 0; x < m; x++) {
                if (incHost[x] >= 0) {
                    count[incHost[x]]++;
                }
            }
            int[][] xs = new int[hosts][];
            long[][] los = new long[hosts][];
            long[][] his = new long[hosts][];
            for (int h = 0; h < hosts; h++) {
                if (count[h] > 0) {
                    xs[h] = new int[count[h]];
                    los[h] = new long[count[h]];
                    his[h] = new long[count[h]];
                    count[h] = 0;
                }
            }
            for (int x = 0; x < m; x++) {
                int h = incHost[x];
                if (h >= 0) {
                    int p = count[h]++;
                    xs[h][p] = x;
                    los[h][p] = lo.applyAsLong(x);
                    his[h][p] = hi.applyAsLong(x);
                }
            }
            HostIncidents[] out = new HostIncidents[hosts];
            for (int h = 0; h < hosts; h++) {
                if (xs[h] != null) {
                    out[h] = new HostIncidents(xs[h], los[h], his[h]);
                }
            }
            return out;
        }

        /**
         * The incident nearest to {@code t} (0 when it spans {@code t}), the earliest of equally
         * near ones: as a scan of them all in order would choose.
         */
        int nearest(long t) {
            int started = upper(lo, t); // incidents [0, started) begin at or before t
            int best = -1;
            long bestD = Long.MAX_VALUE;
            if (started > 0) {
                long reach = latest[started - 1];
                // the first incident reaching as far as it gets (or past t)
                best = lower(latest, Math.min(reach, t));
                bestD = reach >= t ? 0 : t - reach;
            }
            if (started < xs.length && lo[started] - t < bestD) {
                best = started;
            }
            return xs[best];
        }

        /** The first position whose value is greater than {@code v} (values ascending). */
        private static int upper(long[] a, long v) {
            int l = 0;
            int h = a.length;
            while (l < h) {
                int mid = (l + h) >>> 1;
                if (a[mid] <= v) {
                    l = mid + 1;
                } else {
                    h = mid;
                }
            }
            return l;
        }

        /** The first position whose value is at least {@code v} (values ascending). */
        private static int lower(long[] a, long v) {
            int l = 0;
            int h = a.length;
            while (l < h) {
                int mid = (l + h) >>> 1;
                if (a[mid] < v) {
                    l = mid + 1;
                } else {
                    h = mid;
                }
            }
            return l;
        }
    }

    private static long lastMillis(Alert a, long t) {
        if (a.lastSeen() != null) {
            return Math.max(a.lastSeen().toEpochMilli(), t == Long.MAX_VALUE ? Long.MIN_VALUE : t);
        }
        return t == Long.MAX_VALUE ? Long.MIN_VALUE : t;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** A level's rank, informational 0 … critical 4. */
    public static int level(Level level) {
        return level == null ? 0 : level.ordinal();
    }

    static String levelName(Level level) {
        return level == null ? "informational" : level.id();
    }

    static int level(String level) {
        int i = level == null ? -1 : LEVELS.indexOf(level.toLowerCase(Locale.ROOT));
        return Math.max(0, i);
    }

    private static String guid(String g) {
        if (g == null) {
            return null;
        }
        String s = g.trim().toLowerCase(Locale.ROOT);
        return s.isEmpty() || s.equals("{00000000-0000-0000-0000-000000000000}") ? null : s;
    }

    private static boolean within(long t, long earlier, long window) {
        return t != Long.MAX_VALUE && earlier != Long.MAX_VALUE && t - earlier <= window;
    }

    private static long minutes(long t, long earlier) {
        return t == Long.MAX_VALUE || earlier == Long.MAX_VALUE ? 0 : (t - earlier) / 60_000;
    }

    static String ref(Alert a) {
        return a.eventRefs().isEmpty() ? String.valueOf(a.file()) : a.eventRefs().get(0);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Joins two sets; which root survives does not matter (incidents are ordered by their members' times). */
    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[ra] = rb;
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
