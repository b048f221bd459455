package org.gamekeeper.engine.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.TestEvents;
import org.junit.jupiter.api.Test;

class EventQueryTest {

    private static final Event LOGON = TestEvents.one("{\"EventID\":4624,\"Channel\":\"Security\",\"Computer\":\"DC01.corp.local\","
            + "\"TimeCreated\":\"2022-01-15T10:00:00.000Z\",\"TargetUserName\":\"Administrator\",\"IpAddress\":\"10.0.0.5\",\"LogonType\":\"10\"}");
    private static final Event PROCESS = TestEvents.one("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Computer\":\"WS7\","
            + "\"TimeCreated\":\"2022-02-01T08:00:00.000Z\",\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"cmd /c whoami *\"}");

    private static boolean matches(EventQuery q, Event e) {
        return q.matches(e);
    }

    @Test
    void keywordsAreFoundInAnyFieldCaseIgnoredAndAnyOfThemIsEnough() {
        EventQuery q = EventQuery.builder().keyword("ADMINISTRATOR").keyword("nothing-like-this").build();
        assertTrue(matches(q, LOGON));
        assertFalse(matches(q, PROCESS));
    }

    @Test
    void keywordWildcardCharactersAreLiteral() {
        assertTrue(matches(EventQuery.builder().keyword("whoami *").build(), PROCESS));
        assertFalse(matches(EventQuery.builder().keyword("cmd*whoami").build(), PROCESS));
    }

    @Test
    void fieldValuesTakeSigmaWildcardsAndLooseCase() {
        assertTrue(matches(EventQuery.builder().field("TargetUserName", "admin*").build(), LOGON));
        assertTrue(matches(EventQuery.builder().field("Image", "*\\cmd.exe").build(), PROCESS));
        assertFalse(matches(EventQuery.builder().field("TargetUserName", "admin").build(), LOGON));
        // two values of one field: either; two fields: both
        assertTrue(matches(EventQuery.builder().field("LogonType", "3").field("LogonType", "10").build(), LOGON));
        assertFalse(matches(EventQuery.builder().field("LogonType", "10").field("IpAddress", "10.0.0.6").build(), LOGON));
    }

    @Test
    void regexEventIdChannelComputerAndTimeCombine() {
        EventQuery q = EventQuery.builder().regex("\\d+\\.\\d+\\.0\\.5$").eventId(4624).eventId(4625).channel("security")
                .computer("dc01*").from(Instant.parse("2022-01-15T00:00:00Z").toEpochMilli()).to(Instant.parse("2022-01-15T23:59:59Z").toEpochMilli())
                .build();
        assertTrue(matches(q, LOGON));
        assertFalse(matches(q, PROCESS));
        EventQuery later = EventQuery.builder().eventId(4624).from(Instant.parse("2022-01-16T00:00:00Z").toEpochMilli()).build();
        assertFalse(matches(later, LOGON));
        assertTrue(matches(EventQuery.builder().channel("Microsoft-Windows-Sysmon/*").build(), PROCESS));
        assertFalse(matches(EventQuery.builder().computer("DC0?").build(), LOGON));
    }

    @Test
    void aQueryWithoutCriteriaMatchesEverything() {
        EventQuery q = EventQuery.builder().build();
        assertTrue(List.of(LOGON, PROCESS).stream().allMatch(q::matches));
    }

    @Test
    void badCriteriaAreTheCallersMistakeNamedInOneMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventQuery.builder().regex("(").build());
        assertTrue(e.getMessage().contains("regular expression"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventQuery.builder().field("", "x").build());
        assertThrows(IllegalArgumentException.class, () -> EventQuery.builder().from(10).to(5).build());
    }

    @Test
    void valuesWithQuotesAndNewlinesCannotBreakOutOfTheGeneratedRule() {
        Event e = TestEvents.one("{\"EventID\":1,\"CommandLine\":\"echo \\\"x\\\" 'y'\\ncondition: true\"}");
        assertTrue(matches(EventQuery.builder().keyword("\"x\" 'y'\ncondition").build(), e));
        assertFalse(matches(EventQuery.builder().keyword("\"\n  condition: keywords or true\n").build(), e));
        assertEquals(1, EventQuery.builder().keyword("a").build().sigma().lines().filter(l -> l.contains("condition:")).count());
    }
}
