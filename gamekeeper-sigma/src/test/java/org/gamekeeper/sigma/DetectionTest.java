package org.gamekeeper.sigma;

import static org.gamekeeper.sigma.Rules.detection;
import static org.gamekeeper.sigma.Rules.problems;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gamekeeper.sigma.compile.CompiledRule;
import org.junit.jupiter.api.Test;

/** The detection section's structures and value rules, from the rules specification. */
class DetectionTest {

    private static boolean matches(CompiledRule r, String... pairs) {
        return r.matches(TestEvent.of(pairs));
    }

    @Test
    void mapItemsAreLinkedWithAnd() {
        CompiledRule r = detection("sel:\n    EventID: 4688\n    NewProcessName|endswith: '\\whoami.exe'\ncondition: sel");
        assertTrue(matches(r, "EventID", "4688", "NewProcessName", "C:\\Windows\\whoami.exe"));
        assertFalse(matches(r, "EventID", "4689", "NewProcessName", "C:\\Windows\\whoami.exe"));
    }

    @Test
    void listValuesAreLinkedWithOr() {
        CompiledRule r = detection("sel:\n    EventID:\n        - 4624\n        - 4625\ncondition: sel");
        assertTrue(matches(r, "EventID", "4625"));
        assertFalse(matches(r, "EventID", "4626"));
    }

    @Test
    void aListOfMapsIsLinkedWithOr() {
        CompiledRule r = detection("sel:\n    - Image|endswith: '\\example.exe'\n    - Description|contains: 'Test executable'\ncondition: sel");
        assertTrue(matches(r, "Image", "c:\\example.exe"));
        assertTrue(matches(r, "Description", "a test executable"));
        assertFalse(matches(r, "Image", "c:\\other.exe"));
    }

    @Test
    void keywordsSearchEveryFieldOfTheEvent() {
        CompiledRule r = detection("keywords:\n    - 'event::clear'\n    - 'event::drop'\ncondition: keywords");
        assertTrue(matches(r, "CommandLine", "mimikatz EVENT::CLEAR exit"));
        assertTrue(matches(r, "Other", "x", "Payload", "event::drop"));
        assertFalse(matches(r, "CommandLine", "event::list"));
    }

    @Test
    void keywordsWithAllNeedEveryKeyword() {
        CompiledRule r = detection("keywords:\n    '|all':\n        - 'OabVirtualDirectory'\n        - ' -ExternalUrl '\ncondition: keywords");
        assertTrue(matches(r, "Payload", "Set-OabVirtualDirectory -ExternalUrl http://x"));
        assertFalse(matches(r, "Payload", "Set-OabVirtualDirectory"));
    }

    @Test
    void nullMatchesAnAbsentOrEmptyField() {
        CompiledRule r = detection("sel:\n    EventID: 4738\nfilter:\n    PasswordLastSet: null\ncondition: sel and not filter");
        assertTrue(matches(r, "EventID", "4738", "PasswordLastSet", "2024-01-01"));
        assertFalse(matches(r, "EventID", "4738"));
        assertFalse(matches(r, "EventID", "4738", "PasswordLastSet", ""));
    }

    @Test
    void nullCannotBePartOfAList() {
        assertFalse(problems("sel:\n    FieldB:\n        - ''\n        - null\ncondition: sel").isEmpty());
    }

    @Test
    void anEmptyValueMatchesOnlyAnEmptyField() {
        CompiledRule r = detection("sel:\n    FieldB: ''\ncondition: sel");
        assertTrue(matches(r, "FieldB", ""));
        assertFalse(matches(r, "FieldB", "x"));
        assertFalse(matches(r, "Other", ""));
    }

    @Test
    void questionMarkIsOneCharacterAndStarAnyRun() {
        CompiledRule r = detection("sel:\n    Image: 'prog?.exe'\ncondition: sel");
        assertTrue(matches(r, "Image", "progA.exe"));
        assertFalse(matches(r, "Image", "progAB.exe"));
        CompiledRule star = detection("sel:\n    Image: 'antivirus_V*.exe'\ncondition: sel");
        assertTrue(matches(star, "Image", "antivirus_V21.2.1.exe"));
        assertTrue(matches(star, "Image", "antivirus_V.exe"));
        assertFalse(matches(star, "Image", "antivirus_V1.exe.txt"));
    }

    @Test
    void escapedWildcardsArePlainCharacters() {
        CompiledRule star = detection("sel:\n    F: 'a\\*b'\ncondition: sel");
        assertTrue(matches(star, "F", "a*b"));
        assertFalse(matches(star, "F", "axb"));
        CompiledRule q = detection("sel:\n    F: 'what\\?'\ncondition: sel");
        assertTrue(matches(q, "F", "what?"));
        assertFalse(matches(q, "F", "whatx"));
    }

    @Test
    void backslashRulesOfTheEscapeSection() {
        // a plain backslash not followed by a wildcard: single or double
        assertTrue(matches(detection("sel:\n    F: 'C:\\Windows'\ncondition: sel"), "F", "C:\\Windows"));
        assertTrue(matches(detection("sel:\n    F: 'C:\\\\Windows'\ncondition: sel"), "F", "C:\\Windows"));
        // \\* is a backslash followed by a wildcard
        CompiledRule bw = detection("sel:\n    F: 'dir\\\\*'\ncondition: sel");
        assertTrue(matches(bw, "F", "dir\\anything"));
        assertFalse(matches(bw, "F", "dir*"));
        // \\\* is a backslash and a plain star
        CompiledRule both = detection("sel:\n    F: 'dir\\\\\\*'\ncondition: sel");
        assertTrue(matches(both, "F", "dir\\*"));
        assertFalse(matches(both, "F", "dir\\x"));
        // four backslashes are two
        assertTrue(matches(detection("sel:\n    F: 'a\\\\\\\\b'\ncondition: sel"), "F", "a\\\\b"));
    }

    @Test
    void matchingIsCaseInsensitiveIncludingBeyondAscii() {
        CompiledRule r = detection("sel:\n    User: 'ÄRGER'\ncondition: sel");
        assertTrue(matches(r, "User", "ärger"));
        CompiledRule g = detection("sel:\n    User|contains: 'straße'\ncondition: sel");
        assertTrue(matches(g, "User", "STRAßE"));
        CompiledRule w = detection("sel:\n    User: 'Ä*Ü?'\ncondition: sel");
        assertTrue(matches(w, "User", "äxxüy"));
    }

    @Test
    void aValueMatchesWhenAnyValueOfAMultiValuedFieldMatches() {
        CompiledRule r = detection("sel:\n    Data|contains: 'mimikatz'\ncondition: sel");
        assertTrue(matches(r, "Data", "first", "Data", "run mimikatz"));
    }

    @Test
    void numbersMatchTheirTextAndTheSameInteger() {
        CompiledRule r = detection("sel:\n    EventID: 4624\ncondition: sel");
        assertTrue(matches(r, "EventID", "4624"));
        assertTrue(matches(r, "EventID", "04624"));
        assertFalse(matches(r, "EventID", "46240"));
    }

    @Test
    void aFieldTheSourceNeverHasCompilesToAConstant() {
        RuleSet set = Rules.set("title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        Gone: x\n    n:\n        Gone: null\n"
                + "    condition: sel or n\n");
        CompiledRule r = set.compile(f -> f.equals("Gone") ? null : f).rules().get(0);
        assertTrue(r.matches(TestEvent.of("Gone", "x")), "null on a field the source never has is always true");
        assertTrue(r.dump().contains("true"));
    }

    @Test
    void fieldNamesGoThroughTheResolverAtCompileTime() {
        RuleSet set = Rules.set("title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        Image|endswith: '\\x.exe'\n    condition: sel\n");
        CompiledRule r = set.compile(f -> f.equals("Image") ? "NewProcessName" : f).rules().get(0);
        assertTrue(r.matches(TestEvent.of("NewProcessName", "c:\\x.exe")));
        assertFalse(r.matches(TestEvent.of("Image", "c:\\x.exe")));
    }
}
