package org.gamekeeper.bench.lotl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WazuhScore} reads events in Wazuh's eventchannel layout. The lines here are written for
 * this test in that layout (escaped event data, camel-case names), not copied from Wazuh's tests.
 */
class WazuhScoreTest {

    @TempDir
    Path dir;

    // In the file, the JSON text of Wazuh's escaped value C:\\Windows\\System32\\rundll32.exe is
    // C:\\\\Windows\\\\...; a quote in event data is \" in the value, \\\" in the JSON text.
    private static final String DUMP = "{\"file\": \"t.ini\", \"title\": \"LSASS dump\", \"n\": 1, \"pass\": true, \"rule\": \"1\", \"alert\": \"15\","
            + " \"event\": {\"win\": {\"system\": {\"eventID\": \"1\", \"channel\": \"Microsoft-Windows-Sysmon/Operational\","
            + " \"providerName\": \"Microsoft-Windows-Sysmon\"}, \"eventdata\": {"
            + "\"image\": \"C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\rundll32.exe\","
            + " \"originalFileName\": \"RUNDLL32.EXE\","
            + " \"commandLine\": \"\\\\\\\"C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\rundll32.exe\\\\\\\" C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\comsvcs.dll,"
            + " MiniDump 624 C:\\\\\\\\Users\\\\\\\\Public\\\\\\\\l.dmp full\","
            + " \"parentImage\": \"C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\cmd.exe\"}}}}";

    private static final String EDITOR = "{\"file\": \"t.ini\", \"title\": \"Notepad\", \"n\": 1, \"pass\": true, \"rule\": \"2\", \"alert\": \"3\","
            + " \"event\": {\"win\": {\"system\": {\"eventID\": \"1\", \"channel\": \"Microsoft-Windows-Sysmon/Operational\"},"
            + " \"eventdata\": {\"image\": \"C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\notepad.exe\","
            + " \"commandLine\": \"notepad.exe C:\\\\\\\\Users\\\\\\\\alice\\\\\\\\todo.txt\","
            + " \"parentImage\": \"C:\\\\\\\\Windows\\\\\\\\explorer.exe\"}}}}";

    private static final String LINUX = "{\"file\": \"t.ini\", \"title\": \"Not Windows\", \"n\": 1, \"pass\": false, \"rule\": \"3\", \"alert\": \"5\","
            + " \"event\": {\"audit\": {\"type\": \"EXECVE\"}}}";

    @Test
    void readsWazuhEventsInOurNamesWithTheEscapingUndoneByTheEnginesReader() throws Exception {
        Files.writeString(dir.resolve("t.ini.jsonl"), DUMP + "\n" + EDITOR + "\n\n" + LINUX + "\n");
        List<WazuhScore.Sample> s = WazuhScore.samples(dir);
        assertEquals(2, s.size(), "the non-Windows event is left out");
        Map<String, String> e = s.get(0).event();
        assertEquals("1", e.get("EventID"));
        assertEquals("Microsoft-Windows-Sysmon/Operational", e.get("Channel"));
        assertEquals("C:\\Windows\\System32\\rundll32.exe", e.get("Image"));
        assertEquals("\"C:\\Windows\\System32\\rundll32.exe\" C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Users\\Public\\l.dmp full",
                e.get("CommandLine"));
        assertEquals("RUNDLL32.EXE", e.get("OriginalFileName"));
        assertEquals(15, s.get(0).level());
        assertEquals("12-15 (high importance)", s.get(0).band());
        assertEquals("0-6", s.get(1).band());
        assertEquals("t.ini#LSASS dump#1", s.get(0).key());
    }

    @Test
    void aWazuhEventWithoutItsSystemPartIsNoEvent() {
        assertNull(WazuhScore.event(Map.of("win", Map.of("eventdata", Map.of()))));
        assertNull(WazuhScore.event("not a map"));
    }

    /** Through Gamekeeper's reader of Wazuh's shape, the escaping undone by the reader. */
    @Test
    void thePackAlertsOnTheDumpAndNotOnTheEditor() throws Exception {
        Files.writeString(dir.resolve("t.ini.jsonl"), DUMP + "\n" + EDITOR + "\n");
        List<WazuhScore.Sample> s = WazuhScore.samples(dir);
        Set<String> found = WazuhScore.detect(LotlScore.Compiled.of(LotlScore.pack()), s, dir.resolve("work"));
        assertTrue(found.contains("t.ini#LSASS dump#1"), found.toString());
        assertFalse(found.contains("t.ini#Notepad#1"), found.toString());
    }

    @Test
    void anEventIsWrittenBackAsWazuhWroteItWithItsOwnHostAndHour() throws Exception {
        Files.writeString(dir.resolve("t.ini.jsonl"), DUMP + "\n");
        WazuhScore.Sample s = WazuhScore.samples(dir).get(0);
        String text = WazuhScore.json(WazuhScore.ownHostAndHour(s.raw(), "WZ7", "2024-01-01T10:00:00Z"));
        Map<?, ?> back = (Map<?, ?>) new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(text);
        Map<?, ?> win = (Map<?, ?>) back.get("win");
        assertEquals("WZ7", ((Map<?, ?>) win.get("system")).get("computer"));
        assertEquals("2024-01-01T10:00:00Z", ((Map<?, ?>) win.get("system")).get("systemTime"));
        assertEquals(((Map<?, ?>) ((Map<?, ?>) s.raw().get("win")).get("eventdata")).get("commandLine"),
                ((Map<?, ?>) win.get("eventdata")).get("commandLine"), "the event data as Wazuh escaped it");
        assertEquals("1", ((Map<?, ?>) ((Map<?, ?>) s.raw().get("win")).get("system")).get("eventID"));
        assertTrue(text.contains("\\\\\\\\Windows"), "four backslashes in the file for Wazuh's two: " + text);
    }

    @Test
    void aMissingFolderOrABrokenLineIsAnError() throws Exception {
        assertThrows(IllegalStateException.class, () -> WazuhScore.samples(dir.resolve("none")));
        Files.writeString(dir.resolve("bad.jsonl"), "[1, 2]\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WazuhScore.samples(dir));
        assertTrue(e.getMessage().contains("bad.jsonl:1"), e.getMessage());
    }
}
