package org.gamekeeper.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.sigma.rule.Level;

/** Cases for the output tests: a small intrusion across three hosts with a phishing message, and large seeded ones. */
final class ReportFixture {
    private ReportFixture() {
    }

    static AlertEvidence alert(Instant t, String host, String rule, String title, String level, List<String> tags, String kind,
                               Map<String, String> details, Map<String, String> entities, long record) {
        List<String> attack = tags.stream().filter(x -> x.startsWith("attack.t") && Character.isDigit(x.charAt(8))).map(x -> x.substring(7).toUpperCase()).toList();
        String file = host == null ? "mail/message.eml" : host + "/Security.evtx";
        Map<String, String> d = new LinkedHashMap<>(details);
        Map<String, String> e = new LinkedHashMap<>(entities);
        if (e.containsKey("recipient_accounts")) {
            d.put("recipient_accounts", e.remove("recipient_accounts"));
        }
        return AlertEvidence.of(new Alert(t, rule, title, "Gamekeeper tests", "builtin", Level.of(level), tags, attack,
                host == null ? "" : host, host == null ? "mail" : "Security", host == null ? null : 4688, host == null ? null : record,
                null, file, d, List.of(file + "#" + record), "mail".equals(kind) ? Alert.Kind.MAIL : Alert.Kind.RULE, 1, t, t, e));
    }

    /** A web shell on the mail server, credential theft, lateral movement to the DC and a file server; a phishing message first. */
    static List<AlertEvidence> story() {
        Instant t0 = Instant.parse("2021-08-24T09:12:00Z");
        List<AlertEvidence> out = new ArrayList<>();
        Map<String, String> svc = Map.of("SubjectUserName", "svc_backup", "SubjectDomainName", "CORP");
        out.add(alert(t0.minus(Duration.ofDays(30)), null, "gamekeeper.mail.suspicious", "Phishing e-mail (suspicious): tracking beacon",
                "high", List.of("attack.reconnaissance", "attack.t1598.003"), "mail",
                Map.of("sender", "news@<script>alert(1)</script>.example", "recipients", "mp.office@parliament.example",
                        "subject", "Press review"), Map.of("recipient_accounts", "CORP\\mp.office"), 1));
        String[][] steps = {
            {"0", "exch01", "w3wp spawning a shell", "high", "attack.persistence attack.t1505.003"},
            {"5", "exch01", "Whoami discovery", "medium", "attack.discovery attack.t1033"},
            {"9", "exch01", "Net group discovery", "medium", "attack.discovery attack.t1087.002"},
            {"30", "exch01", "LSASS memory dump", "critical", "attack.credential-access attack.t1003.001"},
            {"41", "exch01", "Netsh port proxy", "high", "attack.command-and-control attack.t1090"},
            {"60", "dc01", "Ntdsutil IFM", "critical", "attack.credential-access attack.t1003.003"},
            {"1500", "fs01", "7-Zip archive of an export", "high", "attack.collection attack.t1560.001"},
            {"1520", "fs01", "Security log cleared", "high", "attack.defense-evasion attack.t1070.001"},
        };
        long rec = 100;
        for (String[] s : steps) {
            Map<String, String> e = new HashMap<>(svc);
            if (!s[1].equals("exch01")) {
                e.put("WorkstationName", "EXCH01");
            }
            if (s[2].startsWith("Whoami")) {
                e.put("User", "CORP\\mp.office");
            }
            out.add(alert(t0.plus(Duration.ofMinutes(Long.parseLong(s[0]))), s[1], "rule-" + rec, s[2], s[3],
                    List.of(s[4].split(" ")), "rule", Map.of("CommandLine", "cmd.exe /c " + s[2]), e, rec++));
        }
        return out;
    }

    /** Seeded alerts over 90 days on 300 hosts. */
    static List<AlertEvidence> large(int n) {
        SplittableRandom rnd = new SplittableRandom(5);
        String[][] rules = {{"attack.execution attack.t1059.001", "medium"}, {"attack.discovery attack.t1087.002", "low"},
            {"attack.credential-access attack.t1003.001", "high"}, {"attack.persistence attack.t1053.005", "medium"},
            {"attack.defense-evasion attack.t1070.001", "critical"}, {"attack.lateral-movement attack.t1021.002", "informational"}};
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        List<AlertEvidence> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] r = rules[rnd.nextInt(rules.length)];
            String host = "ws" + rnd.nextInt(300);
            out.add(alert(t0.plusSeconds(rnd.nextLong(90L * 86400)), host, "rule-" + r[0].hashCode(), "Rule " + r[0], r[1],
                    List.of(r[0].split(" ")), "rule", Map.of(), Map.of("SubjectUserName", "u" + rnd.nextInt(2000),
                            "SubjectDomainName", "CORP"), i));
        }
        return out;
    }

    static Case caseOf(List<AlertEvidence> alerts) {
        IncidentGrouping.Result r = new IncidentGrouping(AttackCatalog.enterprise(), IncidentGrouping.Settings.defaults()).group(alerts);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("gamekeeper", "test");
        provenance.put("rules", "builtin sha256 0000");
        return new Case(alerts, r, List.of(new Case.Suppression("backup-job", "nightly backup runs 7-Zip", 12)),
                () -> List.of(new CoverageSource.Gap("fs01", "Microsoft-Windows-Sysmon/Operational", 1, "no process creation events",
                        List.of("T1059.001"))), provenance);
    }
}
