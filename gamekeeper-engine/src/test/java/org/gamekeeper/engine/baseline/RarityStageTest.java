package org.gamekeeper.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.sigma.rule.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A baseline learned from benign days flags an injected LOTL sequence and stays quiet on more routine work. */
class RarityStageTest {
    private static final Instant JAN = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2024-02-01T00:00:00Z");

    @TempDir
    Path dir;

    private static Tallies january;

    /** Thirty benign days, learned once for the class (judging never changes a baseline). */
    @BeforeAll
    static void learn(@TempDir Path shared) {
        Learner l = new Learner(LotlTools.builtin(), new Tallies());
        Estate.read(new Estate().routine(JAN, 30).write(shared, "january.evtx"), l);
        january = l.tallies();
    }

    private static Tallies baseline() {
        return january;
    }

    /** Runs the stage over a file; {@code ruleAlerts} plays the rule evaluation before it. */
    private static List<Alert> hunt(RarityStage stage, Path file, Function<Event, List<Alert>> ruleAlerts) {
        List<Alert> out = new ArrayList<>();
        Estate.read(file, e -> stage.accept(e, ruleAlerts.apply(e)).stream().filter(stage::admit).forEach(out::add));
        out.addAll(stage.finish());
        return out;
    }

    private static List<Alert> noRules(Event e) {
        return List.of();
    }

    @Test
    void routineDaysAfterTheBaselineRaiseNothing() {
        RarityStage stage = RarityStage.againstBaseline(baseline(), LotlTools.builtin());
        List<Alert> alerts = hunt(stage, new Estate().routine(FEB, 5).write(dir, "february.evtx"), RarityStageTest::noRules);
        assertEquals(List.of(), alerts);
    }

    @Test
    void theWebShellSequenceIsFlaggedAndExplainsItself() {
        RarityStage stage = RarityStage.againstBaseline(baseline(), LotlTools.builtin());
        Path feb = new Estate().routine(FEB, 2).intrusion(FEB.plusSeconds(86_400 + 13 * 3600)).routine(FEB.plusSeconds(2 * 86_400), 2)
            .write(dir, "february.evtx");
        List<Alert> alerts = hunt(stage, feb, RarityStageTest::noRules);
        List<String> why = alerts.stream().map(a -> a.details().get("rarity")).toList();
        assertEquals(5, alerts.size(), why::toString);
        for (Alert a : alerts) {
            assertEquals(Alert.Kind.RARITY, a.kind());
            assertEquals(Level.LOW, a.level());
            assertEquals("EXCH01.corp.example", a.computer());
        }
        assertEquals("cmd.exe started by w3wp.exe on exch01: never seen in 30 days of baseline, on 0 of 10 hosts; "
            + "cmd.exe run by nt authority\\system: never seen in 30 days of baseline, on 0 of 10 hosts; "
            + "cmd.exe with command line `cmd.exe /c whoami /all`: never seen in 30 days of baseline, on 0 of 10 hosts", why.get(0));
        assertTrue(why.get(1).startsWith("wmic.exe started by cmd.exe on exch01: never seen"), why.get(1));
        assertTrue(why.get(2).startsWith("ntdsutil.exe started by cmd.exe on exch01: never seen"), why.get(2));
        assertTrue(why.get(3).startsWith("service 'PSEXESVC' installed (psexesvc.exe) on exch01: never seen"), why.get(3));
        assertEquals(List.of("T1543.003"), alerts.get(3).attack());
        assertTrue(why.get(4).startsWith("logon of type 10 by corp\\admin from 203.0.113.7 on exch01: never seen"), why.get(4));
        assertEquals("gamekeeper-rarity-process_pair", alerts.get(0).ruleId());
        assertEquals("w3wp.exe > cmd.exe", alerts.get(0).details().get("behaviour"));
        assertEquals("NT AUTHORITY\\SYSTEM", alerts.get(0).entities().get("User"));
        assertEquals("C:\\Windows\\System32\\inetsrv\\w3wp.exe", alerts.get(0).details().get("ParentImage"));
    }

    @Test
    void aRuleAlertOnARareEventIsRaisedOneLevelAndOthersAreNot() {
        RarityStage stage = RarityStage.againstBaseline(baseline(), LotlTools.builtin());
        Path feb = new Estate().routine(FEB, 1).intrusion(FEB.plusSeconds(13 * 3600)).write(dir, "february.evtx");
        List<Alert> alerts = hunt(stage, feb, e -> {
            String cl = e.field("CommandLine");
            return cl != null && (cl.contains("ntdsutil") && !cl.startsWith("wmic") || cl.contains("inventory.ps1"))
                ? List.of(ruleAlert(e, cl.contains("ntdsutil") ? Level.HIGH : Level.MEDIUM)) : List.of();
        });
        Alert ntds = alerts.stream().filter(a -> a.kind() == Alert.Kind.RULE && a.details().get("CommandLine").startsWith("ntdsutil")).findFirst().orElseThrow();
        assertEquals(Level.CRITICAL, ntds.level());
        assertTrue(ntds.details().get("rarity").startsWith("ntdsutil.exe started by cmd.exe on exch01: never seen"), ntds.details()::toString);
        List<Alert> routine = alerts.stream().filter(a -> a.kind() == Alert.Kind.RULE && a.details().get("CommandLine").contains("inventory")).toList();
        assertEquals(10, routine.size());
        assertTrue(routine.stream().allMatch(a -> a.level() == Level.MEDIUM && !a.details().containsKey("rarity")));
        assertTrue(alerts.stream().noneMatch(a -> a.kind() == Alert.Kind.RARITY && a.details().get("rarity").startsWith("ntdsutil")),
            "a rare event with a rule alert is not alerted twice");
    }

    @Test
    void withoutABaselineTheDataIsStackedAcrossHosts() {
        RarityStage stage = RarityStage.withinData(LotlTools.builtin(), RarityStage.DEFAULT_MAX_HELD);
        Path feb = new Estate().routine(FEB, 3).intrusion(FEB.plusSeconds(86_400 + 13 * 3600)).write(dir, "february.evtx");
        List<Alert> alerts = hunt(stage, feb, e -> {
            String cl = e.field("CommandLine");
            return cl != null && cl.startsWith("ntdsutil") ? List.of(ruleAlert(e, Level.HIGH)) : List.of();
        });
        List<String> why = alerts.stream().map(a -> a.kind().id() + ": " + a.details().get("rarity")).toList();
        assertEquals(5, alerts.size(), why::toString);
        assertEquals("rarity: cmd.exe started by w3wp.exe on exch01: seen once in the data, on 1 of 10 hosts; "
            + "cmd.exe run by nt authority\\system: seen once in the data, on 1 of 10 hosts; "
            + "cmd.exe with command line `cmd.exe /c whoami /all`: seen once in the data, on 1 of 10 hosts", why.get(0));
        assertTrue(why.get(2).startsWith("rule: ntdsutil.exe started by cmd.exe on exch01: seen once in the data"), why::toString);
        assertEquals(Level.CRITICAL, alerts.get(2).level());
        assertTrue(why.get(3).startsWith("rarity: service 'PSEXESVC'"), why::toString);
    }

    @Test
    void withoutABaselineRoutineWorkOnEveryHostIsQuiet() {
        RarityStage stage = RarityStage.withinData(LotlTools.builtin(), RarityStage.DEFAULT_MAX_HELD);
        assertEquals(List.of(), hunt(stage, new Estate().routine(FEB, 4).write(dir, "february.evtx"), RarityStageTest::noRules));
    }

    @Test
    void heldSightingsAreBounded() {
        RarityStage stage = RarityStage.withinData(LotlTools.builtin(), 3);
        List<Alert> alerts = hunt(stage, new Estate().routine(FEB, 1).intrusion(FEB.plusSeconds(13 * 3600)).write(dir, "f.evtx"),
            RarityStageTest::noRules);
        assertTrue(alerts.size() <= 3, alerts::toString);
        assertTrue(stage.unjudged() > 0);
    }

    private static Alert ruleAlert(Event e, Level level) {
        Alert.Rule rule = Alert.Rule.of("r-" + level.id(), "test rule", "test", "test.yml", level, List.of());
        return Alert.ofEvent(rule, Alert.Kind.RULE, e, Map.of("CommandLine", e.field("CommandLine")), Map.of());
    }
}
