package org.gamekeeper.sigma;

import static org.gamekeeper.sigma.Rules.detection;
import static org.gamekeeper.sigma.Rules.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.modifier.ModifierRegistry;
import org.gamekeeper.sigma.rule.RuleProblem;
import org.junit.jupiter.api.Test;

/** One group per modifier of the modifiers appendix, asserting its wording. */
class ModifierTest {

    private static boolean matches(CompiledRule r, String... pairs) {
        return r.matches(TestEvent.of(pairs));
    }

    private static String firstProblem(String det) {
        List<RuleProblem> p = problems(det);
        assertFalse(p.isEmpty(), "expected a load error for:\n" + det);
        return p.get(0).message();
    }

    @Test
    void containsMatchesTheValueAnywhereInTheField() {
        CompiledRule r = detection("sel:\n    CommandLine|contains: 'mimikatz'\ncondition: sel");
        assertTrue(matches(r, "CommandLine", "run MIMIKATZ.exe now"));
        assertFalse(matches(r, "CommandLine", "mimi katz"));
    }

    @Test
    void startswithExpectsTheValueAtTheBeginning() {
        CompiledRule r = detection("sel:\n    User|startswith: 'adm_'\ncondition: sel");
        assertTrue(matches(r, "User", "ADM_alice"));
        assertFalse(matches(r, "User", "x_adm_alice"));
    }

    @Test
    void endswithExpectsTheValueAtTheEnd() {
        CompiledRule r = detection("sel:\n    Image|endswith: '\\cmd.exe'\ncondition: sel");
        assertTrue(matches(r, "Image", "C:\\Windows\\System32\\CMD.EXE"));
        assertFalse(matches(r, "Image", "C:\\Windows\\System32\\cmd.exe.bak"));
    }

    @Test
    void allLinksTheListWithAndInsteadOfOr() {
        CompiledRule r = detection("sel:\n    CommandLine|contains|all:\n        - ' -enc '\n        - 'hidden'\ncondition: sel");
        assertTrue(matches(r, "CommandLine", "powershell -w hidden -enc AAAA"));
        assertFalse(matches(r, "CommandLine", "powershell -enc AAAA"));
    }

    @Test
    void allOnASingleValueIsRejected() {
        assertTrue(firstProblem("sel:\n    CommandLine|contains|all: 'x'\ncondition: sel").contains("'all'"));
    }

    @Test
    void existsTrueNeedsTheFieldAndFalseNeedsItAbsentWhateverItsValue() {
        CompiledRule present = detection("sel:\n    PasswordLastSet|exists: true\ncondition: sel");
        assertTrue(matches(present, "PasswordLastSet", ""));
        assertFalse(matches(present, "Other", "x"));
        CompiledRule absent = detection("sel:\n    PasswordLastSet|exists: false\ncondition: sel");
        assertTrue(matches(absent, "Other", "x"));
        assertFalse(matches(absent, "PasswordLastSet", "2024"));
    }

    @Test
    void existsTakesOnlyABoolean() {
        assertTrue(firstProblem("sel:\n    F|exists: maybe\ncondition: sel").contains("boolean"));
    }

    @Test
    void casedMatchesCaseSensitively() {
        CompiledRule r = detection("sel:\n    CommandLine|contains|cased: 'IEX'\ncondition: sel");
        assertTrue(matches(r, "CommandLine", "powershell IEX(x)"));
        assertFalse(matches(r, "CommandLine", "powershell iex(x)"));
    }

    @Test
    void neqMatchesWhenTheFieldDiffersFromEveryValue() {
        CompiledRule r = detection("sel:\n    EventID: 4624\n    LogonType|neq:\n        - 3\n        - 5\ncondition: sel");
        assertTrue(matches(r, "EventID", "4624", "LogonType", "10"));
        assertFalse(matches(r, "EventID", "4624", "LogonType", "3"));
        assertFalse(matches(r, "EventID", "4624", "LogonType", "5"));
    }

    @Test
    void windashAcceptsEveryDashCharacterWhereADashOrSlashIsWritten() {
        CompiledRule r = detection("sel:\n    CommandLine|windash|contains: ' -exec bypass'\ncondition: sel");
        for (String dash : List.of("-", "/", "\u2013", "\u2014", "\u2015")) {
            assertTrue(matches(r, "CommandLine", "powershell " + dash + "exec bypass"), dash);
        }
        assertFalse(matches(r, "CommandLine", "powershell +exec bypass"));
    }

    @Test
    void containsThenWindashIsAValidChain() {
        CompiledRule r = detection("sel:\n    CommandLine|contains|windash: '-s '\ncondition: sel");
        assertTrue(matches(r, "CommandLine", "psexec /s cmd"));
    }

    @Test
    void reIsCaseSensitiveByDefaultAndFlagsChangeThat() {
        CompiledRule plain = detection("sel:\n    CommandLine|re: 'Invoke-[A-Z]+'\ncondition: sel");
        assertTrue(matches(plain, "CommandLine", "x Invoke-WEB y"));
        assertFalse(matches(plain, "CommandLine", "x invoke-web y"));
        CompiledRule i = detection("sel:\n    CommandLine|re|i: 'invoke-[a-z]+'\ncondition: sel");
        assertTrue(matches(i, "CommandLine", "x INVOKE-WEB y"));
    }

    @Test
    void reSubModifierMMakesAnchorsMatchAtLineBreaks() {
        CompiledRule m = detection("sel:\n    Payload|re|m: '^second$'\ncondition: sel");
        assertTrue(matches(m, "Payload", "first\nsecond\nthird"));
        CompiledRule none = detection("sel:\n    Payload|re: '^second$'\ncondition: sel");
        assertFalse(matches(none, "Payload", "first\nsecond\nthird"));
    }

    @Test
    void reSubModifierSMakesTheDotMatchLineBreaks() {
        CompiledRule s = detection("sel:\n    Payload|re|s: 'a.b'\ncondition: sel");
        assertTrue(matches(s, "Payload", "a\nb"));
        CompiledRule none = detection("sel:\n    Payload|re: 'a.b'\ncondition: sel");
        assertFalse(matches(none, "Payload", "a\nb"));
    }

    @Test
    void regexFlagsWithoutReAndInvalidRegexesAreLoadErrors() {
        assertTrue(firstProblem("sel:\n    F|i: 'x'\ncondition: sel").contains("regular expression"));
        assertTrue(firstProblem("sel:\n    F|re: 'a(b'\ncondition: sel").contains("invalid regular expression"));
        assertTrue(firstProblem("sel:\n    F|contains|re: 'ab'\ncondition: sel").contains("must come first"));
    }

    @Test
    void base64EncodesTheValue() {
        String enc = Base64.getEncoder().encodeToString("secret".getBytes(StandardCharsets.UTF_8));
        CompiledRule r = detection("sel:\n    Data|base64: 'secret'\ncondition: sel");
        assertTrue(matches(r, "Data", enc));
        assertFalse(matches(r, "Data", "secret"));
    }

    @Test
    void base64offsetFindsTheValueAtEachOfTheThreeOffsets() {
        CompiledRule r = detection("sel:\n    CommandLine|base64offset|contains: 'http://'\ncondition: sel");
        for (String prefix : List.of("", "a", "ab", "abc", "abcd")) {
            String enc = Base64.getEncoder().encodeToString((prefix + "http://evil.example/x").getBytes(StandardCharsets.UTF_8));
            assertTrue(matches(r, "CommandLine", "powershell -enc " + enc), prefix);
        }
        String other = Base64.getEncoder().encodeToString("ftp://evil".getBytes(StandardCharsets.UTF_8));
        assertFalse(matches(r, "CommandLine", other));
    }

    @Test
    void utf16leUtf16beUtf16AndWideEncodeAsTheSpecShows() {
        // spec: cmd > 63 00 6d 00 64 00 (le), 00 63 00 6d 00 64 (be), FF FE 63 00 6d 00 64 00 (utf16)
        assertEquals(b64(0x63, 0, 0x6d, 0, 0x64, 0), encodedWith("utf16le"));
        assertEquals(b64(0, 0x63, 0, 0x6d, 0, 0x64), encodedWith("utf16be"));
        assertEquals(b64(0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0), encodedWith("utf16"));
        assertEquals(encodedWith("utf16le"), encodedWith("wide"));
    }

    private static String b64(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Base64.getEncoder().encodeToString(b);
    }

    /** The base64 text the rule compiled for 'cmd' under the encoding. */
    private static String encodedWith(String encoding) {
        CompiledRule r = detection("sel:\n    Data|" + encoding + "|base64: 'cmd'\ncondition: sel");
        String dump = r.dump();
        int at = dump.indexOf("equals '");
        return dump.substring(at + 8, dump.indexOf('\'', at + 8));
    }

    @Test
    void wideThenBase64offsetMatchesAPowerShellEncodedCommand() {
        CompiledRule r = detection("sel:\n    CommandLine|wide|base64offset|contains: 'Invoke-Mimikatz'\ncondition: sel");
        byte[] utf16 = "IEX (Invoke-Mimikatz -DumpCreds)".getBytes(StandardCharsets.UTF_16LE);
        assertTrue(matches(r, "CommandLine", "powershell -enc " + Base64.getEncoder().encodeToString(utf16)));
    }

    @Test
    void encodingsRejectWildcardsAndDoubleEncoding() {
        assertTrue(firstProblem("sel:\n    F|contains|base64: 'x'\ncondition: sel").contains("wildcards"));
        assertTrue(firstProblem("sel:\n    F|wide|utf16be: 'x'\ncondition: sel").contains("already encoded"));
    }

    @Test
    void cidrMatchesIPv4AndIPv6Networks() {
        CompiledRule r = detection("sel:\n    DestinationIp|cidr:\n        - 10.0.0.0/8\n        - 'fe80::/10'\ncondition: sel");
        assertTrue(matches(r, "DestinationIp", "10.20.30.40"));
        assertFalse(matches(r, "DestinationIp", "11.0.0.1"));
        assertTrue(matches(r, "DestinationIp", "fe80::1c2d:3e4f"));
        assertFalse(matches(r, "DestinationIp", "2001:db8::1"));
        assertFalse(matches(r, "DestinationIp", "not an address"));
    }

    @Test
    void cidrRejectsSomethingThatIsNotANetwork() {
        assertTrue(firstProblem("sel:\n    Ip|cidr: 10.0.0.0/33\ncondition: sel").contains("CIDR"));
    }

    @Test
    void numericComparisonsCompareTheFieldAsANumber() {
        assertTrue(matches(detection("sel:\n    Size|gt: 100\ncondition: sel"), "Size", "101"));
        assertFalse(matches(detection("sel:\n    Size|gt: 100\ncondition: sel"), "Size", "100"));
        assertTrue(matches(detection("sel:\n    Size|gte: 100\ncondition: sel"), "Size", "100"));
        assertTrue(matches(detection("sel:\n    Size|lt: 100\ncondition: sel"), "Size", "-5"));
        assertFalse(matches(detection("sel:\n    Size|lte: 100\ncondition: sel"), "Size", "100.5"));
        assertFalse(matches(detection("sel:\n    Size|gt: 1\ncondition: sel"), "Size", "lots"));
    }

    @Test
    void numericModifiersTakeOnlyNumbers() {
        assertTrue(firstProblem("sel:\n    Size|gt: big\ncondition: sel").contains("number"));
    }

    @Test
    void timeModifiersExtractAPartOfTheDate() {
        String t = "2024-03-10T22:15:00.000Z"; // a Sunday, ISO week 10
        assertTrue(matches(detection("sel:\n    UtcTime|hour: 22\ncondition: sel"), "UtcTime", t));
        assertTrue(matches(detection("sel:\n    UtcTime|minute: 15\ncondition: sel"), "UtcTime", t));
        assertTrue(matches(detection("sel:\n    UtcTime|day: 10\ncondition: sel"), "UtcTime", t));
        assertTrue(matches(detection("sel:\n    UtcTime|week: 10\ncondition: sel"), "UtcTime", t));
        assertTrue(matches(detection("sel:\n    UtcTime|month: 3\ncondition: sel"), "UtcTime", t));
        assertTrue(matches(detection("sel:\n    UtcTime|year: 2024\ncondition: sel"), "UtcTime", t));
        assertFalse(matches(detection("sel:\n    UtcTime|hour: 8\ncondition: sel"), "UtcTime", t));
        assertTrue(matches(detection("sel:\n    UtcTime|hour|gte: 20\ncondition: sel"), "UtcTime", t));
    }

    @Test
    void timeModifiersRejectNumbersOutOfRange() {
        assertTrue(firstProblem("sel:\n    T|hour: 24\ncondition: sel").contains("0 to 23"));
    }

    @Test
    void expandReplacesPlaceholdersWithTheCallersValues() {
        RuleSet set = RuleSet.read(Map.of("p.yml", "title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n"
                + "        WorkstationName|expand: '%Workstations%'\n    condition: sel\n"),
                LoadOptions.defaults().withPlaceholders(Map.of("Workstations", List.of("WS-*", "LAPTOP1"))));
        CompiledRule r = set.compile(org.gamekeeper.sigma.compile.FieldResolver.IDENTITY).rules().get(0);
        assertTrue(r.matches(TestEvent.of("WorkstationName", "ws-042")));
        assertTrue(r.matches(TestEvent.of("WorkstationName", "laptop1")));
        assertFalse(r.matches(TestEvent.of("WorkstationName", "SRV1")));
    }

    @Test
    void expandWithoutValuesRejectsTheRuleAndAnEscapedPercentIsPlain() {
        assertTrue(firstProblem("sel:\n    F|expand: '%Servers%'\ncondition: sel").contains("%Servers%"));
        CompiledRule r = detection("sel:\n    F|expand: '\\%plain%'\ncondition: sel");
        assertTrue(matches(r, "F", "%plain%"));
    }

    @Test
    void fieldrefComparesWithAnotherFieldOfTheSameEvent() {
        CompiledRule r = detection("sel:\n    SubjectUserName|fieldref: TargetUserName\ncondition: sel");
        assertTrue(matches(r, "SubjectUserName", "Alice", "TargetUserName", "alice"));
        assertFalse(matches(r, "SubjectUserName", "alice", "TargetUserName", "bob"));
        assertFalse(matches(r, "SubjectUserName", "alice"));
        CompiledRule neq = detection("sel:\n    SubjectUserName|fieldref|neq: TargetUserName\ncondition: sel");
        assertTrue(matches(neq, "SubjectUserName", "alice", "TargetUserName", "bob"));
        CompiledRule ends = detection("sel:\n    Image|fieldref|endswith: OriginalFileName\ncondition: sel");
        assertTrue(matches(ends, "Image", "C:\\x\\evil.exe", "OriginalFileName", "EVIL.exe"));
    }

    @Test
    void anUnknownModifierIsALoadErrorWithANearMiss() {
        String msg = firstProblem("sel:\n    CommandLine|contians: 'x'\ncondition: sel");
        assertTrue(msg.contains("unknown modifier 'contians'") && msg.contains("contains"), msg);
    }

    @Test
    void everyModifierOfTheAppendixIsRegistered() {
        for (String m : List.of("contains", "startswith", "endswith", "all", "exists", "cased", "neq", "windash", "re", "i", "m", "s",
                "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide", "lt", "lte", "gt", "gte", "minute", "hour", "day",
                "week", "month", "year", "cidr", "expand", "fieldref")) {
            assertTrue(ModifierRegistry.byName(m) != null, m);
        }
    }
}
