package org.gamekeeper.engine.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.sigma.rule.Level;
import org.junit.jupiter.api.Test;

/** Small scenarios: each line is one alert (time, host, rule, level, tags, identity fields). */
class IncidentGroupingTest {
    private final IncidentGrouping grouping = new IncidentGrouping(AttackCatalog.enterprise(), IncidentGrouping.Settings.defaults());
    private int record = 1;

    private AlertEvidence alert(String time, String host, String rule, String level, String tags, String... entities) {
        Map<String, String> e = new HashMap<>();
        for (int i = 0; i < entities.length; i += 2) {
            e.put(entities[i], entities[i + 1]);
        }
        Instant t = Instant.parse("2021-08-24T" + time + ":00Z");
        List<String> tagList = tags.isEmpty() ? List.of() : List.of(tags.split(" "));
        List<String> attack = tagList.stream().filter(x -> x.matches("attack\\.t\\d.*")).map(x -> x.substring(7).toUpperCase()).toList();
        int r = record++;
        Alert a = new Alert(t, rule, rule, "test", "test.yml", Level.of(level), tagList, attack, host, "Security", 1, (long) r, null,
                host + ".evtx", rule.startsWith("gamekeeper.mail") ? Map.of("recipient_accounts", e.getOrDefault("recipient_accounts", ""))
                        : Map.of(), List.of(host + ".evtx#" + r), rule.startsWith("gamekeeper.mail") ? Alert.Kind.MAIL : Alert.Kind.RULE,
                1, t, t, e);
        return AlertEvidence.of(a);
    }

    @Test
    void alertsCloseInTimeOnOneHostAreOneIncidentWithTheReasonStored() {
        IncidentGrouping.Result r = grouping.group(List.of(
                alert("10:00", "WS01.corp.local", "a", "medium", ""),
                alert("10:12", "ws01", "b", "medium", "")));
        assertEquals(1, r.incidents().size());
        assertEquals("joined by host ws01 and 12 minutes", r.incidents().get(0).members().get(1).reason().text());
        assertEquals("first alert of the incident, on ws01", r.incidents().get(0).members().get(0).reason().text());
    }

    @Test
    void theSameAccountInEitherSpellingJoinsAlertsHoursApart() {
        IncidentGrouping.Result r = grouping.group(List.of(
                alert("10:00", "ws01", "a", "high", "", "SubjectUserName", "Alice", "SubjectDomainName", "CORP"),
                alert("12:30", "ws01", "b", "high", "", "User", "alice@corp.example")));
        assertEquals(1, r.incidents().size());
        assertEquals(List.of("corp\\alice"), r.incidents().get(0).accounts());
        assertEquals("joined by account corp\\alice and 150 minutes", r.incidents().get(0).members().get(1).reason().text());
    }

    @Test
    void alertsHoursApartWithNothingSharedAreSeparateIntrusions() {
        IncidentGrouping.Result r = grouping.group(List.of(
                alert("10:00", "ws01", "a", "high", "", "SubjectUserName", "SYSTEM", "SubjectDomainName", "NT AUTHORITY"),
                alert("13:00", "ws01", "b", "high", "", "SubjectUserName", "SYSTEM", "SubjectDomainName", "NT AUTHORITY")));
        assertEquals(2, r.incidents().size());
        assertEquals(2, r.intrusions().size());
        assertTrue(r.incidents().get(0).accounts().isEmpty(), "SYSTEM is nobody in particular");
    }

    @Test
    void processLineageJoinsAChildHoursAfterItsParent() {
        IncidentGrouping.Result r = grouping.group(List.of(
                alert("10:00", "ws01", "a", "high", "", "ProcessGuid", "{AAAA}"),
                alert("13:00", "ws01", "b", "high", "", "ParentProcessGuid", "{aaaa}", "ProcessGuid", "{BBBB}")));
        assertEquals(1, r.incidents().size());
        assertEquals("joined by process lineage child of {aaaa} and 180 minutes", r.incidents().get(0).members().get(1).reason().text());
    }

    @Test
    void aLogonSessionJoinsAlertsHoursApart() {
        IncidentGrouping.Result r = grouping.group(List.of(
                alert("09:00", "ws01", "a", "high", "", "TargetLogonId", "0x1a2b3c"),
                alert("15:00", "ws01", "b", "high", "", "SubjectLogonId", "0x1A2B3C")));
        assertEquals(1, r.incidents().size());
        assertTrue(r.incidents().get(0).members().get(1).reason().text().startsWith("joined by logon session 0x1A2B3C on ws01"));
    }

    @Test
    void aLocalAccountsSidLinksNothingAcrossMachines() {
        // cloned lab images share local SIDs: pc01\\ieuser and pc04\\ieuser are different people
        IncidentGrouping.Result r = grouping.group(List.of(
                alert("10:00", "pc01", "a", "high", "", "SubjectUserSid", "S-1-5-21-1-2-3-1000", "SubjectDomainName", "PC01"),
                alert("11:00", "pc04", "b", "high", "", "SubjectUserSid", "S-1-5-21-1-2-3-1000", "SubjectDomainName", "PC04"),
                alert("12:00", "dc01", "c", "high", "", "TargetUserSid", "S-1-5-21-7-8-9-1104", "TargetDomainName", "CORP"),
                alert("13:00", "fs01", "d", "high", "", "SubjectUserSid", "S-1-5-21-7-8-9-1104", "SubjectDomainName", "CORP")));
        assertEquals(4, r.incidents().size());
        assertEquals(3, r.intrusions().size(), "only the domain SID links two machines");
        assertEquals(List.of("account S-1-5-21-7-8-9-1104"), r.intrusions().get(2).links());
    }

    @Test
    void lateralMovementLinksTwoHostsIncidentsIntoOneIntrusion() {
        IncidentGrouping.Result r = grouping.group(List.of(
                alert("10:00", "ws01", "a", "high", "attack.execution attack.t1059.001"),
                alert("10:40", "dc01", "b", "high", "attack.lateral-movement attack.t1021.002", "WorkstationName", "WS01",
                        "TargetUserName", "svc_backup", "TargetDomainName", "CORP")));
        assertEquals(2, r.incidents().size());
        assertEquals(1, r.intrusions().size());
        Intrusion i = r.intrusions().get(0);
        assertEquals(List.of("ws01", "dc01"), i.hosts());
        assertEquals(List.of("lateral movement ws01 → dc01"), i.links());
        assertEquals(List.of("execution", "lateral-movement"), i.tactics().stream().map(Tactic::shortName).toList());
        assertEquals("critical", i.severity(), "high on two hosts is raised one step");
    }

    @Test
    void aSharedAccountLinksIncidentsMonthsApart() {
        IncidentGrouping.Result r = grouping.group(List.of(
                alert("10:00", "exch01", "a", "high", "", "User", "CORP\\svc_backup"),
                alert("10:00", "fs01", "b", "high", "", "TargetUserName", "SVC_BACKUP", "TargetDomainName", "corp")));
        assertEquals(2, r.incidents().size());
        assertEquals(1, r.intrusions().size());
        assertEquals(List.of("account corp\\svc_backup"), r.intrusions().get(0).links());
    }

    @Test
    void aPhishingMessageJoinsItsRecipientsIntrusion() {
        AlertEvidence mail = alert("08:00", null, "gamekeeper.mail.phishing", "high", "attack.t1598.003",
                "recipient_accounts", "CORP\\mp.office");
        IncidentGrouping.Result r = grouping.group(List.of(mail,
                alert("11:00", "ws07", "a", "high", "attack.execution", "User", "corp\\mp.office")));
        assertEquals(2, r.incidents().size());
        assertEquals(1, r.intrusions().size());
        Incident mailIncident = r.incidents().get(0);
        assertTrue(mailIncident.hosts().isEmpty());
        assertEquals("phishing message to corp\\mp.office, whose account acts in this intrusion",
                mailIncident.members().get(0).reason().text());
    }

    @Test
    void tacticChainFollowsFirstSightingAndDwellCountsWholeDays() {
        IncidentGrouping.Result r = new IncidentGrouping(AttackCatalog.enterprise(),
                IncidentGrouping.Settings.defaults().withAsOf(Instant.parse("2021-09-03T10:00:00Z"))).group(List.of(
                alert("10:00", "ws01", "a", "medium", "attack.execution attack.t1059.001"),
                alert("10:10", "ws01", "b", "medium", "attack.discovery attack.t1087.002"),
                alert("10:20", "ws01", "c", "high", "attack.t1003.001"),
                alert("10:25", "ws01", "d", "medium", "attack.execution"),
                alert("10:30", "ws01", "e", "medium", "attack.defense-evasion attack.t1070.001")));
        Incident i = r.incidents().get(0);
        assertEquals(List.of("execution", "discovery", "credential-access", "defense-evasion"),
                i.tactics().stream().map(Tactic::shortName).toList());
        assertEquals("critical", i.severity(), "high with four tactics is raised one step");
        assertEquals(10, Incident.dwellDays(i.firstEvidence(), r.asOf()));
        assertEquals(0, Incident.dwellDays(i.firstEvidence(), i.lastEvidence()));
        assertEquals("ws01.evtx#3", i.keyEvents().get(0), "the high alert explains most");
        assertTrue(i.summary().contains("Execution → Discovery → Credential Access → Defense Evasion"), i.summary());
    }

    @Test
    void theSameAlertsInAnyOrderGiveTheSameIncidents() {
        List<AlertEvidence> in = new ArrayList<>();
        String[] hosts = {"ws01", "ws02", "dc01"};
        Random rnd = new Random(7);
        for (int k = 0; k < 200; k++) {
            int minute = rnd.nextInt(600);
            in.add(alert(String.format("%02d:%02d", 8 + minute / 60, minute % 60), hosts[rnd.nextInt(3)], "r" + rnd.nextInt(9), "medium",
                    "", "User", "corp\\u" + rnd.nextInt(5)));
        }
        IncidentGrouping.Result a = grouping.group(in);
        List<AlertEvidence> shuffled = new ArrayList<>(in);
        Collections.shuffle(shuffled, new Random(1));
        IncidentGrouping.Result b = grouping.group(shuffled);
        assertEquals(a.incidents().stream().map(Incident::id).toList(), b.incidents().stream().map(Incident::id).toList());
        assertEquals(a.incidents().stream().map(x -> x.members().stream().map(m -> m.ref() + m.reason().text()).toList()).toList(),
                b.incidents().stream().map(x -> x.members().stream().map(m -> m.ref() + m.reason().text()).toList()).toList());
        assertNotEquals(0, a.incidents().size());
    }
}
