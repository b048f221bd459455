package org.gamekeeper.engine.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** Fields naming the other end of a connection: the first {@link #INBOUND_EDGE_FIELDS} its source, the rest its target. */
    private static final String[] EDGE_FIELDS = {"WorkstationName", "SourceHostname", "IpAddress", "SourceIp", "DestinationHostname",
        "DestinationIp"};
    private static final int INBOUND_EDGE_FIELDS = 4;
    private static final int OVERLAP_GROUPS = 5;
    private static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

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

    /** Groups alerts (any order) into incidents and intrusions. */
    public Result group(List<AlertEvidence> input) {
        int n = input.size();
        long[] time = new long[n];
        String[] host = new String[n];
        for (int i = 0; i < n; i++) {
            Alert a = input.get(i).alert();
            Instant t = a.timestamp() != null ? a.timestamp() : a.firstSeen();
            time[i] = t == null ? Long.MAX_VALUE : t.toEpochMilli();
            host[i] = host(input.get(i));
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.<Integer>comparingLong(i -> time[i])
                .thenComparing(i -> host[i] == null ? "" : host[i])
                .thenComparing(i -> ref(input.get(i).alert()))
                .thenComparing(i -> String.valueOf(input.get(i).alert().ruleId())));
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = boxed[k];
        }
        boxed = null;

        int[] parent = new int[n];
        Reason[] reasons = new Reason[n];
        List<List<String>> accounts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            accounts.add(null);
        }
        // What was seen last on each host: keys are the entities' own (interned) strings, so no key is built per alert.
        Map<String, HostState> hosts = new HashMap<>();
        Map<String, String> interned = new HashMap<>();
        List<Integer> mail = new ArrayList<>();
        long hostGap = settings.hostGap().toMillis();
        long accountGap = settings.accountGap().toMillis();
        List<String> sessions = new ArrayList<>(3);

        for (int k = 0; k < n; k++) {
            int i = order[k];
            Map<String, String> e = input.get(i).entities();
            Alert a = input.get(i).alert();
            List<String> acc = accountsOf(e, host[i], interned);
            accounts.set(i, acc);
            String h = host[i];
            if (h == null) {
                if (a.kind() == Alert.Kind.MAIL) {
                    mail.add(i);
                }
                reasons[i] = new Reason(Reason.Kind.FIRST, a.kind() == null ? "no host" : a.kind().id(), 0);
                continue;
            }
            h = interned.computeIfAbsent(h, x -> x);
            host[i] = h;
            HostState on = hosts.computeIfAbsent(h, x -> new HostState());
            long t = time[i];
            Reason reason = null;
            // process lineage
            String guid = guid(e.get("ProcessGuid"));
            String pguid = guid(e.get("ParentProcessGuid"));
            if (pguid != null) {
                Integer j = on.byGuid.get(pguid);
                if (j != null) {
                    union(parent, i, j);
                    reason = new Reason(Reason.Kind.PROCESS, "child of " + pguid, minutes(t, time[j]));
                }
                // a sibling: started by the same process (one GUID is one process's lifetime, however long:
                // a web shell's commands are all children of the one IIS worker that hosts it)
                Integer k2 = on.byParentGuid.get(pguid);
                if (k2 != null) {
                    union(parent, i, k2);
                    reason = reason != null ? reason : new Reason(Reason.Kind.PROCESS, "sibling under " + pguid, minutes(t, time[k2]));
                }
            }
            if (guid != null) {
                Integer j = on.byGuid.get(guid);
                if (j != null) {
                    union(parent, i, j);
                    reason = reason != null ? reason : new Reason(Reason.Kind.PROCESS, guid, minutes(t, time[j]));
                }
            }
            String pid = e.get("ProcessId");
            String ppid = e.get("ParentProcessId");
            for (String p : new String[] {ppid, pid}) {
                if (p != null && !p.isEmpty()) {
                    Integer j = on.byPid.get(p);
                    if (j != null && within(t, time[j], PID_WINDOW_MS)) {
                        union(parent, i, j);
                        reason = reason != null ? reason
                                : new Reason(Reason.Kind.PROCESS, (p == ppid ? "child of process " : "process ") + p, minutes(t, time[j]));
                    }
                }
            }
            // logon session
            sessions.clear();
            for (String f : new String[] {"TargetLogonId", "SubjectLogonId", "LogonId"}) {
                String s = Account.logonId(e.get(f));
                if (s != null && !sessions.contains(s)) {
                    sessions.add(s);
                    Integer j = on.lastSession.get(s);
                    if (j != null && within(t, time[j], SESSION_WINDOW_MS)) {
                        union(parent, i, j);
                        reason = reason != null ? reason
                                : new Reason(Reason.Kind.SESSION, e.get(f).trim() + " on " + h, minutes(t, time[j]));
                    }
                }
            }
            // account on this host
            for (String ac : acc) {
                Integer j = on.lastAccount.get(ac);
                if (j != null && within(t, time[j], accountGap)) {
                    union(parent, i, j);
                    reason = reason != null ? reason : new Reason(Reason.Kind.ACCOUNT, ac, minutes(t, time[j]));
                }
            }
            // time on this host
            int j = on.last;
            if (j >= 0 && within(t, time[j], hostGap)) {
                union(parent, i, j);
                reason = reason != null ? reason : new Reason(Reason.Kind.HOST_TIME, h, minutes(t, time[j]));
            }
            reasons[i] = reason != null ? reason : new Reason(Reason.Kind.FIRST, h, 0);

            on.last = i;
            for (String ac : acc) {
                on.lastAccount.put(ac, i);
            }
            for (String s : sessions) {
                on.lastSession.put(s, i);
            }
            if (guid != null) {
                on.byGuid.put(guid, i);
            }
            if (pguid != null) {
                on.byParentGuid.put(pguid, i);
            }
            if (pid != null && !pid.isEmpty()) {
                on.byPid.put(pid, i);
            }
        }
        return build(input, order, parent, reasons, accounts, host, time, mail);
    }

    private Result build(List<AlertEvidence> input, int[] order, int[] parent, Reason[] reasons, List<List<String>> accounts,
                         String[] host, long[] time, List<Integer> mail) {
        int n = input.size();
        Map<String, Integer> ruleCount = new HashMap<>();
        for (AlertEvidence ae : input) {
            ruleCount.merge(String.valueOf(ae.alert().ruleId()), 1, Integer::sum);
        }
        // members per incident root, in time order; incidents in order of first member
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        Set<Integer> mailSet = new HashSet<>(mail);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (!mailSet.contains(i)) {
                groups.computeIfAbsent(find(parent, i), x -> new ArrayList<>()).add(i);
            }
        }
        List<List<Integer>> incidentsMembers = new ArrayList<>(groups.values());
        int m = incidentsMembers.size();
        int[] incParent = new int[m + mail.size()];
        for (int x = 0; x < incParent.length; x++) {
            incParent[x] = x;
        }
        List<Set<String>> incAccounts = new ArrayList<>();
        List<Set<String>> incHosts = new ArrayList<>();
        Map<String, Integer> firstIncidentOfAccount = new HashMap<>();
        Map<String, Integer> lastIncidentOfAccount = new HashMap<>();
        long[] incFirst = new long[m];
        long[] incLast = new long[m];
        long intrusionGap = settings.intrusionGap().toMillis();
        TreeMap<Integer, List<String>> linkReasons = new TreeMap<>();
        for (int x = 0; x < m; x++) {
            Set<String> acc = new LinkedHashSet<>();
            Set<String> hs = new LinkedHashSet<>();
            incFirst[x] = Long.MAX_VALUE;
            incLast[x] = Long.MIN_VALUE;
            for (int i : incidentsMembers.get(x)) {
                acc.addAll(accounts.get(i));
                if (host[i] != null) {
                    hs.add(host[i]);
                }
                if (time[i] != Long.MAX_VALUE) {
                    incFirst[x] = Math.min(incFirst[x], time[i]);
                    incLast[x] = Math.max(incLast[x], time[i]);
                }
            }
            incAccounts.add(acc);
            incHosts.add(hs);
            for (String ac : acc) {
                firstIncidentOfAccount.putIfAbsent(ac, x);
                Integer y = lastIncidentOfAccount.put(ac, x);
                boolean strong = ac.indexOf('\\') > 0 || ac.startsWith("S-1-") || incHosts.get(y == null ? x : y).equals(hs);
                if (y != null && strong && incFirst[x] != Long.MAX_VALUE && incLast[y] != Long.MIN_VALUE
                        && incFirst[x] - incLast[y] <= intrusionGap && find(incParent, y) != find(incParent, x)) {
                    union(incParent, x, y);
                    linkReasons.computeIfAbsent(x, k -> new ArrayList<>()).add("account " + ac);
                }
            }
        }
        // lateral movement: an alert naming another host (by name or a learned address) as its source or destination
        Map<String, String> ipHost = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> e = input.get(i).entities();
            learn(ipHost, e.get("SourceIp"), e.get("SourceHostname"));
            learn(ipHost, e.get("DestinationIp"), e.get("DestinationHostname"));
        }
        Map<String, List<Integer>> onHost = new HashMap<>();
        for (int x = 0; x < m; x++) {
            for (String h : incHosts.get(x)) {
                onHost.computeIfAbsent(h, k -> new ArrayList<>()).add(x);
            }
        }
        Map<String, HostIncidents> incidentsOnHost = new HashMap<>();
        onHost.forEach((h, xs) -> incidentsOnHost.put(h, new HostIncidents(xs, incidentsMembers, time)));
        for (int x = 0; x < m; x++) {
            for (int i : incidentsMembers.get(x)) {
                Map<String, String> e = input.get(i).entities();
                String h = host[i];
                for (int k = 0; k < EDGE_FIELDS.length; k++) {
                    String other = otherHost(e.get(EDGE_FIELDS[k]), ipHost);
                    if (other != null && !other.equals(h) && incidentsOnHost.containsKey(other)) {
                        int y = incidentsOnHost.get(other).nearest(time[i]);
                        if (find(incParent, x) != find(incParent, y)) {
                            union(incParent, x, y);
                            boolean inbound = k < INBOUND_EDGE_FIELDS;
                            linkReasons.computeIfAbsent(x, q -> new ArrayList<>())
                                    .add("lateral movement " + (inbound ? other + " → " + h : h + " → " + other));
                        }
                    }
                }
            }
        }
        // mail findings: each its own incident, joined to the recipient's account activity
        for (int k = 0; k < mail.size(); k++) {
            int i = mail.get(k);
            int x = m + k;
            List<Integer> single = new ArrayList<>(List.of(i));
            incidentsMembers.add(single);
            String recipients = input.get(i).entities().get("recipient_accounts");
            Set<String> acc = new LinkedHashSet<>(accounts.get(i));
            incAccounts.add(acc);
            incHosts.add(Set.of());
            if (recipients != null) {
                for (String r : recipients.split(";")) {
                    String ac = Account.key(null, r);
                    Integer y = ac == null ? null : firstIncidentOfAccount.get(ac);
                    if (y != null) {
                        union(incParent, x, y);
                        reasons[i] = new Reason(Reason.Kind.RECIPIENT, ac, 0);
                        linkReasons.computeIfAbsent(x, q -> new ArrayList<>()).add("phishing message to " + ac);
                    }
                }
            }
        }

        Instant asOf = settings.asOf();
        if (asOf == null) {
            long last = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                last = Math.max(last, lastMillis(input.get(i).alert(), time[i]));
            }
            asOf = last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last);
        }

        // incidents
        int total = incidentsMembers.size();
        List<Incident> draft = new ArrayList<>(total);
        for (int x = 0; x < total; x++) {
            draft.add(incident(input, incidentsMembers.get(x), reasons, accounts, host, time, ruleCount));
        }
        // intrusions: incidents by root, ordered by first evidence
        Map<Integer, List<Integer>> byRoot = new TreeMap<>();
        for (int x = 0; x < total; x++) {
            byRoot.computeIfAbsent(find(incParent, x), k -> new ArrayList<>()).add(x);
        }
        List<Intrusion> intrusions = new ArrayList<>();
        List<Incident> incidents = new ArrayList<>();
        List<List<Integer>> roots = new ArrayList<>(byRoot.values());
        roots.sort(Comparator.comparing((List<Integer> xs) -> firstOf(draft, xs)).thenComparing(xs -> draft.get(xs.get(0)).id()));
        for (List<Integer> xs : roots) {
            xs.sort(Comparator.comparing((Integer x) -> draft.get(x).firstEvidence(), Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(x -> draft.get(x).id()));
            String intrusionId = "int-" + hash(draft.get(xs.get(0)).id());
            List<Incident> mine = new ArrayList<>();
            Set<String> links = new LinkedHashSet<>();
            for (int x : xs) {
                Incident d = draft.get(x);
                mine.add(new Incident(d.id(), intrusionId, d.firstEvidence(), d.lastEvidence(), d.hosts(), d.accounts(), d.tactics(),
                        d.techniques(), d.severity(), d.summary(), d.keyEvents(), d.members()));
                links.addAll(linkReasons.getOrDefault(x, List.of()));
            }
            incidents.addAll(mine);
            intrusions.add(intrusion(intrusionId, mine, new ArrayList<>(links), asOf));
        }
        incidents.sort(Comparator.comparing(Incident::firstEvidence, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Incident::id));
        return new Result(incidents, intrusions, asOf);
    }

    private Incident incident(List<AlertEvidence> input, List<Integer> members, Reason[] reasons, List<List<String>> accounts,
                              String[] host, long[] time, Map<String, Integer> ruleCount) {
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> acc = new LinkedHashSet<>();
        Map<Tactic, Long> tacticFirst = new LinkedHashMap<>();
        Map<String, Technique> techniques = new TreeMap<>();
        List<Member> out = new ArrayList<>(members.size());
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int top = 0;
        Set<String> rules = new LinkedHashSet<>();
        for (int i : members) {
            Alert a = input.get(i).alert();
            if (host[i] != null) {
                hosts.add(host[i]);
            }
            acc.addAll(accounts.get(i));
            if (time[i] != Long.MAX_VALUE) {
                first = Math.min(first, time[i]);
                last = Math.max(last, lastMillis(a, time[i]));
            }
            top = Math.max(top, level(a.level()));
            rules.add(String.valueOf(a.ruleId()));
            for (Tactic t : tacticsOf(a, techniques)) {
                tacticFirst.putIfAbsent(t, time[i]);
            }
            out.add(new Member(a, reasons[i]));
        }
        List<Tactic> tactics = new ArrayList<>(tacticFirst.keySet());
        String severity = LEVELS.get(Math.min(LEVELS.size() - 1,
                top + (top >= 2 && (hosts.size() >= 2 || tactics.size() >= 4) ? 1 : 0)));
        List<Member> key = new ArrayList<>(out);
        key.sort(Comparator.comparingInt((Member x) -> -level(x.alert().level()))
                .thenComparingInt(x -> ruleCount.getOrDefault(String.valueOf(x.alert().ruleId()), 0))
                .thenComparing(x -> x.alert().timestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Member::ref));
        List<String> keyEvents = new ArrayList<>();
        List<String> keyTitles = new ArrayList<>();
        Set<String> keyRules = new LinkedHashSet<>();
        for (Member x : key) {
            if (keyRules.add(String.valueOf(x.alert().ruleId()))) {
                keyEvents.add(x.ref());
                keyTitles.add(x.alert().ruleTitle() + " (" + levelName(x.alert().level()) + ")");
                if (keyEvents.size() == KEY_EVENTS) {
                    break;
                }
            }
        }
        Instant f = first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first);
        Instant l = last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last);
        Alert head = input.get(members.get(0)).alert();
        String id = "inc-" + hash(head.ruleId() + "|" + ref(head) + "|" + first);
        String where = hosts.isEmpty() ? (head.kind() == Alert.Kind.MAIL ? "in mail" : "without a host")
                : "on " + String.join(", ", hosts);
        StringBuilder s = new StringBuilder();
        s.append(out.size()).append(out.size() == 1 ? " alert" : " alerts").append(" from ").append(rules.size())
                .append(rules.size() == 1 ? " rule " : " rules ").append(where);
        if (f != null) {
            s.append(", ").append(MINUTE.format(f)).append(" to ").append(MINUTE.format(l)).append(" UTC (")
                    .append(span(Duration.between(f, l))).append(')');
        }
        s.append("; severity ").append(severity).append('.');
        if (!tactics.isEmpty()) {
            s.append(" Tactics in order: ").append(String.join(" → ", tactics.stream().map(Tactic::name).toList())).append('.');
        }
        if (!acc.isEmpty()) {
            s.append(" Accounts: ").append(String.join(", ", acc.stream().limit(5).toList())).append(acc.size() > 5 ? " and more." : ".");
        }
        s.append(" Most telling: ").append(String.join("; ", keyTitles.stream().limit(3).toList())).append('.');
        return new Incident(id, null, f, l, new ArrayList<>(hosts), new ArrayList<>(acc), tactics,
                new ArrayList<>(techniques.values()), severity, s.toString(), keyEvents, out);
    }

    private Intrusion intrusion(String id, List<Incident> incidents, List<String> links, Instant asOf) {
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
        List<Tactic> tactics = new ArrayList<>(chain.keySet());
        String severity = LEVELS.get(Math.min(LEVELS.size() - 1, top + (top >= 2 && hosts.size() >= 2 ? 1 : 0)));
        List<ActorOverlap.Match> actors = overlap.rank(techniques.keySet(), OVERLAP_GROUPS, 2);
        StringBuilder s = new StringBuilder();
        s.append(incidents.size() == 1 ? "One incident" : incidents.size() + " linked incidents").append(" with ").append(alerts)
                .append(alerts == 1 ? " alert" : " alerts");
        if (!hosts.isEmpty()) {
            s.append(" on ").append(hosts.size() == 1 ? "host " : hosts.size() + " hosts (")
                    .append(String.join(", ", hosts.stream().limit(6).toList())).append(hosts.size() > 6 ? ", …" : "")
                    .append(hosts.size() == 1 ? "" : ")");
        }
        if (first != null) {
            s.append(", starting ").append(MINUTE.format(first)).append(" UTC");
            Incident head = incidents.get(0);
            if (!head.hosts().isEmpty()) {
                s.append(" on ").append(head.hosts().get(0));
            }
            if (!head.tactics().isEmpty()) {
                s.append(" with ").append(head.tactics().get(0).name());
            }
            s.append("; last evidence ").append(MINUTE.format(last)).append(" UTC, dwell time ")
                    .append(Incident.dwellDays(first, last)).append(" days");
            if (asOf != null && !asOf.equals(last)) {
                s.append(" (").append(Incident.dwellDays(first, asOf)).append(" days to ").append(MINUTE.format(asOf)).append(" UTC)");
            }
        }
        s.append("; severity ").append(severity).append('.');
        if (!tactics.isEmpty()) {
            s.append(" Tactics in order: ").append(String.join(" → ", tactics.stream().map(Tactic::name).toList())).append('.');
        }
        if (!links.isEmpty()) {
            s.append(" Linked by ").append(String.join("; ", links.stream().limit(5).toList())).append(links.size() > 5 ? "; …" : "")
                    .append('.');
        }
        if (!actors.isEmpty()) {
            s.append(" Techniques overlap most with ").append(String.join(", ", actors.stream().limit(3).map(x -> x.group().name()
                    + (x.group().aliases().isEmpty() ? "" : " (" + String.join(", ", x.group().aliases().stream().limit(2).toList()) + ")"))
                    .toList())).append(" — context, not attribution.");
        }
        return new Intrusion(id, incidents, first, last, new ArrayList<>(hosts), new ArrayList<>(acc), tactics,
                new ArrayList<>(techniques.values()), severity, alerts, s.toString(), links, actors);
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

    /**
     * The accounts an alert names. A SID given with the host's own name as its domain is a local
     * account's, unique only on that machine (cloned images share them), so it is keyed with the
     * host; so is the event's UserID, whose domain the event does not say.
     */
    private static List<String> accountsOf(Map<String, String> e, String host, Map<String, String> interned) {
        List<String> out = new ArrayList<>(2);
        add(out, sid(e.get("TargetUserSid"), e.get("TargetDomainName"), host), interned);
        add(out, Account.key(e.get("TargetDomainName"), e.get("TargetUserName")), interned);
        add(out, sid(e.get("SubjectUserSid"), e.get("SubjectDomainName"), host), interned);
        add(out, Account.key(e.get("SubjectDomainName"), e.get("SubjectUserName")), interned);
        // explicit credentials (4624 type 9, 4648): the account whose credentials were used elsewhere
        add(out, Account.key(e.get("TargetOutboundDomainName"), e.get("TargetOutboundUserName")), interned);
        add(out, Account.key(null, e.get("User")), interned);
        add(out, sid(e.get("UserID"), host, host), interned);
        String r = e.get("recipient_accounts");
        if (r != null) {
            for (String x : r.split(";")) {
                add(out, Account.key(null, x), interned);
            }
        }
        return out.isEmpty() ? List.of() : out;
    }

    private static String sid(String sid, String domain, String host) {
        String s = Account.sid(sid);
        if (s == null || host == null || domain == null || !host.equalsIgnoreCase(domain.trim())) {
            return s;
        }
        return s + '@' + host;
    }

    private static void add(List<String> out, String key, Map<String, String> interned) {
        if (key != null && !out.contains(key)) {
            out.add(interned.computeIfAbsent(key, k -> k));
        }
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

    /** The incident among {@code candidates} whose span is nearest to time {@code t}. */
    /** What was last seen on one host, by the key an alert may share with it. */
    private static final class HostState {
        int last = -1;
        final Map<String, Integer> byGuid = new HashMap<>();
        final Map<String, Integer> byParentGuid = new HashMap<>();
        final Map<String, Integer> byPid = new HashMap<>();
        final Map<String, Integer> lastSession = new HashMap<>();
        final Map<String, Integer> lastAccount = new HashMap<>();
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

        HostIncidents(List<Integer> xs, List<List<Integer>> members, long[] time) {
            int n = xs.size();
            this.xs = new int[n];
            this.lo = new long[n];
            this.latest = new long[n];
            for (int k = 0; k < n; k++) {
                List<Integer> ms = members.get(xs.get(k));
                this.xs[k] = xs.get(k);
                lo[k] = time[ms.get(0)];
                long hi = time[ms.get(ms.size() - 1)];
                latest[k] = k == 0 ? hi : Math.max(latest[k - 1], hi);
            }
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

    private static Instant firstOf(List<Incident> draft, List<Integer> xs) {
        Instant f = null;
        for (int x : xs) {
            f = min(f, draft.get(x).firstEvidence());
        }
        return f == null ? Instant.MAX : f;
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

    private static String span(Duration d) {
        long m = d.toMinutes();
        if (m < 60) {
            return m + " min";
        }
        if (m < 48 * 60) {
            return m / 60 + " h " + m % 60 + " min";
        }
        return d.toDays() + " days";
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
