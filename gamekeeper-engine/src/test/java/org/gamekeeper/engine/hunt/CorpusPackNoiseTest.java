package org.gamekeeper.engine.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.rule.Level;
import org.gamekeeper.sigma.rule.LogSource;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaRule;
import org.junit.jupiter.api.Test;

/**
 * The built-in pack's noise on the corpus (issue 20): no rule raises medium or above in more
 * than a quarter of the attack-recording files (EVTX attack samples and OTRF datasets, each
 * counted apart), nor on more than 1 % of the events of its log source, except the rules pinned
 * below at their present counts. A counting rule per log source, run in the same hunt, gives the
 * denominators. Fails loudly without the corpus.
 */
class CorpusPackNoiseTest {

    /**
     * Rules above 1 % of their log source on these attack-only recordings, pinned at today's
     * count so that they cannot grow. The recordings hold few events of each kind (1,533 process
     * creations in 277 EVTX files, 836 in 58 OTRF files), nearly all of them attack steps, so 1 %
     * is 15 and 8 events: these rules fire on the attacks they describe (LOLBin downloads,
     * encoded PowerShell, LSASS access, UAC bypasses; and, since the coverage round, injection,
     * registry tampering, pipes and directory changes). Issue 20's 1 % target is not met here;
     * the README says so.
     */
    private static final Map<String, Long> OVER_ONE_PERCENT = Map.ofEntries(
            Map.entry("evtx/evtx-attack-samples: LSASS opened with credential-reading access by an unusual process", 23L),
            Map.entry("evtx/evtx-attack-samples: ESENT database copy or location change naming the AD database", 4L),
            Map.entry("evtx/evtx-attack-samples: Living-off-the-land binary given a remote, shared or user-writable payload", 111L),
            Map.entry("evtx/evtx-attack-samples: Run key written with a script host, interpreter or user-folder program", 4L),
            Map.entry("evtx/evtx-attack-samples: rundll32 used as a proxy for script, URLs or unusual exports", 23L),
            Map.entry("evtx/evtx-attack-samples: Rarely legitimate proxy binary or script executed (LOLBAS)", 60L),
            Map.entry("evtx/evtx-attack-samples: Accessibility feature debugger set in the registry", 7L),
            Map.entry("evtx/evtx-attack-samples: UAC bypass through a hijacked shell-open handler", 9L),
            Map.entry("json-logs/otrf: Living-off-the-land binary given a remote, shared or user-writable payload", 34L),
            Map.entry("json-logs/otrf: PowerShell started with an encoded command", 22L),
            Map.entry("json-logs/otrf: PowerShell download cradle", 20L),
            Map.entry("json-logs/otrf: PowerShell script block with a download cradle or credential theft tooling", 11L),
            // Issue 20's coverage round (rules beyond living off the land): their log sources hold
            // few events in these attack-only recordings (104 Sysmon 8, 157 Sysmon 10, 61 pipe, 209
            // file, 223 registry-set, 654 image-load, 11 Defender, 11 application-experience and 4
            // script-block events in the EVTX samples), nearly all of them the attacks these rules
            // describe, so 1 % is a handful of events or less than one. Two are on larger sources:
            // bare shells from services or user-folder programs (19 of 1,533 process creations, in
            // 16 privilege-escalation and reverse-shell recordings) and the MSSQL brute-force burst
            // (10 of 393 Application events, one recording).
            Map.entry("evtx/evtx-attack-samples: Application compatibility shim redirecting a Windows binary", 7L),
            Map.entry("evtx/evtx-attack-samples: COM class hijacked for the current user", 3L),
            Map.entry("evtx/evtx-attack-samples: Control Panel applet run from a user folder", 1L),
            Map.entry("evtx/evtx-attack-samples: DLL dropped in the user's temporary folder by Explorer (elevated file operation)", 11L),
            Map.entry("evtx/evtx-attack-samples: Default pipe name of an offensive framework", 2L),
            Map.entry("evtx/evtx-attack-samples: File written to a mock or look-alike system folder", 6L),
            Map.entry("evtx/evtx-attack-samples: Interactive shell without arguments started by a service or a user-folder program", 19L),
            Map.entry("evtx/evtx-attack-samples: Local Administrators group membership changed in the SAM", 4L),
            Map.entry("evtx/evtx-attack-samples: Named pipe with a path inside its name (token impersonation trick)", 6L),
            Map.entry("evtx/evtx-attack-samples: Pending GPO INF registered for the user (IEAK persistence)", 3L),
            Map.entry("evtx/evtx-attack-samples: PowerShell script block decompressing and running a base64 payload", 1L),
            Map.entry("evtx/evtx-attack-samples: PowerShell script block dumping process memory or phishing for credentials", 2L),
            Map.entry("evtx/evtx-attack-samples: Printer driver or spool folder redirected to load a DLL (print spooler escalation)", 4L),
            Map.entry("evtx/evtx-attack-samples: Process connecting to the local RDP or SMB port (tunnel endpoint)", 6L),
            Map.entry("evtx/evtx-attack-samples: Process opened with full access from code outside any module", 19L),
            Map.entry("evtx/evtx-attack-samples: Program or script written over SMB by the System process", 3L),
            Map.entry("evtx/evtx-attack-samples: Remote execution service pipes (PsExec family, renamed or not)", 9L),
            Map.entry("evtx/evtx-attack-samples: Remote thread started outside any module, at LoadLibrary, or by a script host", 103L),
            Map.entry("evtx/evtx-attack-samples: Replication rights granted on the domain object (DCSync backdoor)", 20L),
            Map.entry("evtx/evtx-attack-samples: SMB share or null-session pipe added in the server registry", 3L),
            Map.entry("evtx/evtx-attack-samples: SQL Server login failures in a burst", 10L),
            Map.entry("evtx/evtx-attack-samples: SQL Server xp_cmdshell enabled, used or starting a shell", 5L),
            Map.entry("evtx/evtx-attack-samples: Script or program placed in a Startup folder", 3L),
            Map.entry("evtx/evtx-attack-samples: Service image path pointed at a user-writable folder, a share or a shell command", 3L),
            Map.entry("evtx/evtx-attack-samples: UAC bypass through a per-user windir or systemroot variable", 3L),
            Map.entry("evtx/evtx-attack-samples: Unsigned DLL loaded by a Windows binary", 56L),
            Map.entry("evtx/evtx-attack-samples: Update orchestrator task given a command (USOscheduler abuse)", 3L),
            Map.entry("evtx/evtx-attack-samples: Windows Defender detected malware or a hacking tool", 11L),
            Map.entry("json-logs/otrf: Remote thread started outside any module, at LoadLibrary, or by a script host", 2L),
            // The third round (remote-traces.yml): tiny log sources in the EVTX samples (61 pipe
            // events, 256 network connections, 17 System events), and every hit is the recording of
            // the attack the rule describes: the pipe sweep in the named-pipe discovery recording,
            // Explorer/MMC accepting connections in the two DCOM lateral-movement recordings, the
            // SMB sweep in Invoke-UserHunter's source machine, the 10016s in the failed DCOM one,
            // the event log crash after the \eventlog pipe in the remote event log crash recording.
            Map.entry("evtx/evtx-attack-samples: Sweep of many named pipes over SMB", 14L),
            Map.entry("evtx/evtx-attack-samples: Explorer or MMC accepting a network connection (DCOM lateral movement)", 4L),
            Map.entry("evtx/evtx-attack-samples: SMB connections from the System process to many hosts", 5L),
            Map.entry("evtx/evtx-attack-samples: Remote DCOM launch of a lateral-movement COM object denied", 2L),
            Map.entry("evtx/evtx-attack-samples: Event log service crashed right after a remote client opened its pipe", 2L));

    private static String key(LogSource ls) {
        if (ls.category() != null) {
            return "category: " + ls.category().toLowerCase(Locale.ROOT);
        }
        if (ls.service() != null) {
            return "service: " + ls.service().toLowerCase(Locale.ROOT);
        }
        return "product: windows";
    }

    @Test
    void noPackRuleFiresInAQuarterOfTheRecordingsNorOnMoreThanOnePercentOfItsLogSourceBeyondItsPin() throws IOException {
        Path corpus = HuntFixture.corpus();
        Map<String, String> texts = new LinkedHashMap<>(BuiltinPack.texts());
        RuleSet pack = RuleSet.read(texts, LoadOptions.defaults());
        // Each rule's log source; a correlation's is that of its first base rule.
        Map<String, String> sourceOf = new HashMap<>();
        Map<String, String> titleOf = new HashMap<>();
        for (SigmaRule r : pack.rules()) {
            sourceOf.put(r.metadata().id(), key(r.logSource()));
            titleOf.put(r.metadata().id(), r.metadata().title());
        }
        for (SigmaCorrelation c : pack.correlations()) {
            sourceOf.put(c.metadata().id(), sourceOf.get(c.rules().get(0)));
            titleOf.put(c.metadata().id(), c.metadata().title());
        }
        Set<String> sources = new HashSet<>(sourceOf.values());
        int n = 0;
        Map<String, String> counterOf = new HashMap<>();
        for (String s : sources) {
            if (s.startsWith("product")) {
                continue; // every event: the hunt's own count
            }
            String id = "00000000-0000-0000-0000-" + String.format("%012d", ++n);
            counterOf.put(id, s);
            texts.put("count-" + n + ".yml", "title: 'count " + s + "'\nid: " + id + "\nstatus: test\nlevel: informational\n"
                    + "logsource: {product: windows, " + s + "}\n"
                    + "detection:\n  all:\n    EventID|exists: true\n  condition: all\n");
        }
        HuntFixture.Rules rules = HuntFixture.rules(texts);
        assertEquals(List.of(), rules.set().problems());

        List<String> broad = new ArrayList<>();
        for (String folder : List.of("evtx/evtx-attack-samples", "json-logs/otrf")) {
            Path root = corpus.resolve(folder);
            long files;
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(p -> p.toString().endsWith(".evtx") || p.toString().endsWith(".zip")).count();
            }
            assertTrue(files > 50, root + ": " + files + " recordings");
            HuntFixture.Result r = HuntFixture.hunt(rules, 2, root.toString());
            Map<String, Long> events = new HashMap<>();
            Map<String, Long> alerts = new HashMap<>();
            Map<String, Set<String>> filesHit = new HashMap<>();
            for (Alert a : r.alerts()) {
                String counted = counterOf.get(a.ruleId());
                if (counted != null) {
                    events.merge(counted, Math.max(a.count(), a.eventRefs().size()), Long::sum);
                    continue;
                }
                if (a.level() == null || a.level().compareTo(Level.MEDIUM) < 0) {
                    continue;
                }
                alerts.merge(a.ruleId(), Math.max(a.count(), a.eventRefs().size()), Long::sum);
                filesHit.computeIfAbsent(a.ruleId(), k -> new HashSet<>()).add(a.file());
            }
            events.put("product: windows", r.summary().events());
            for (Map.Entry<String, Long> e : alerts.entrySet()) {
                long denominator = events.getOrDefault(sourceOf.get(e.getKey()), 0L);
                double share = 100.0 * e.getValue() / Math.max(1, denominator);
                int hitFiles = filesHit.get(e.getKey()).size();
                String what = folder + ": " + titleOf.get(e.getKey());
                if (hitFiles * 4 > files) {
                    broad.add(what + " in " + hitFiles + " of " + files + " files");
                }
                Long pinned = OVER_ONE_PERCENT.get(what);
                if (share > 1.0 && (pinned == null || e.getValue() > pinned)) {
                    broad.add(what + " on " + e.getValue() + " of " + denominator + " " + sourceOf.get(e.getKey()) + " events ("
                            + String.format(Locale.ROOT, "%.2f", share) + " %)" + (pinned == null ? "" : ", pinned at " + pinned));
                }
            }
            assertTrue(events.getOrDefault("category: process_creation", 0L) > 500, folder + " process events " + events);
            assertTrue(alerts.size() >= 10, folder + ": only " + alerts.size() + " pack rules raised medium or above");
        }
        assertEquals(List.of(), broad);
    }
}
