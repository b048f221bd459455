package org.gamekeeper.engine.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gamekeeper.engine.Event;

/**
 * Logons per account, host, logon type and source address, with successes, failures and first
 * and last time: Security 4624 and 4625, RDP reconnects (Security 4778), Terminal Services
 * session logons and reconnects (LocalSessionManager 21 and 25) and RDP authentications
 * (RemoteConnectionManager 1149, logon type 10). Machine accounts ({@code NAME$}) and the
 * well-known local service logons are kept: the responder filters, the summary does not guess.
 */
final class LogonStack implements Stack<LogonStack.Fact> {

    /** One logon or failed logon. */
    record Fact(String account, String host, String type, String source, boolean failed, long millis) { }

    private static final class Row {
        final Span all = new Span();
        long failures;
    }

    private final Map<List<String>, Row> rows = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
            .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)).thenComparing(k -> k.get(3)));

    @Override
    public Fact fact(Event e) {
        int id = e.eventId();
        String channel = e.channel() == null ? "" : e.channel().toLowerCase(Locale.ROOT);
        if (channel.equals("security") && (id == 4624 || id == 4625)) {
            return new Fact(account(e.field("TargetDomainName"), e.field("TargetUserName")), e.computer(), e.field("LogonType"),
                    address(e.field("IpAddress"), e.field("WorkstationName")), id == 4625, e.timestampMillis());
        }
        if (channel.equals("security") && id == 4778) {
            return new Fact(account(e.field("AccountDomain"), e.field("AccountName")), e.computer(), "10 (reconnect)",
                    address(e.field("ClientAddress"), e.field("ClientName")), false, e.timestampMillis());
        }
        if (channel.endsWith("terminalservices-localsessionmanager/operational") && (id == 21 || id == 25)) {
            return new Fact(nonEmpty(e.field("User")), e.computer(), id == 21 ? "10 (session logon)" : "10 (reconnect)",
                    address(e.field("Address"), null), false, e.timestampMillis());
        }
        if (channel.endsWith("terminalservices-remoteconnectionmanager/operational") && id == 1149) {
            return new Fact(account(e.field("Param2"), e.field("Param1")), e.computer(), "10 (RDP authentication)",
                    address(e.field("Param3"), null), false, e.timestampMillis());
        }
        return null;
    }

    private static String account(String domain, String user) {
        if (user == null || user.isBlank() || user.equals("-")) {
            return "";
        }
        return domain == null || domain.isBlank() || domain.equals("-") ? user : domain + "\\" + user;
    }

    private static String address(String ip, String workstation) {
        if (ip != null && !ip.isBlank() && !ip.equals("-")) {
            return ip;
        }
        return workstation == null || workstation.equals("-") ? "" : workstation;
    }

    private static String nonEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void add(Fact f) {
        Row r = rows.computeIfAbsent(List.of(f.account(), Span.text(f.host()), Span.text(f.type()), f.source()), k -> new Row());
        r.all.add(f.millis());
        if (f.failed()) {
            r.failures++;
        }
    }

    @Override
    public List<String> columns() {
        return List.of("account", "host", "logon_type", "source", "successes", "failures", "first_seen", "last_seen");
    }

    @Override
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<List<String>, Row> e : rows.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", e.getKey().get(0));
            m.put("host", e.getKey().get(1));
            m.put("logon_type", e.getKey().get(2));
            m.put("source", e.getKey().get(3));
            m.put("successes", e.getValue().all.count - e.getValue().failures);
            m.put("failures", e.getValue().failures);
            m.put("first_seen", e.getValue().all.firstText());
            m.put("last_seen", e.getValue().all.lastText());
            out.add(m);
        }
        return out;
    }
}
