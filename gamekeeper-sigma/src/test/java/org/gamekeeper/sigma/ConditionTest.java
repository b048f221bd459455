package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.condition.Condition;
import org.gamekeeper.sigma.condition.ConditionException;
import org.gamekeeper.sigma.condition.ConditionParser;
import org.gamekeeper.sigma.condition.ConditionResolver;
import org.junit.jupiter.api.Test;

/** The condition forms and precedence of the rules specification. */
class ConditionTest {

    private static String parse(String c) throws ConditionException {
        return ConditionParser.parse(c).toString();
    }

    private static String resolve(String c, String... ids) throws ConditionException {
        return ConditionResolver.resolve(ConditionParser.parse(c), new LinkedHashSet<>(List.of(ids))).toString();
    }

    @Test
    void andBindsTighterThanOr() throws ConditionException {
        assertEquals("or(a, and(b, c))", parse("a or b and c"));
        assertEquals("or(and(a, b), c)", parse("a and b or c"));
    }

    @Test
    void notBindsTighterThanAnd() throws ConditionException {
        assertEquals("and(not(a), b)", parse("not a and b"));
    }

    @Test
    void xOfBindsTighterThanNot() throws ConditionException {
        assertEquals("and(sel, not(1 of filter*))", parse("sel and not 1 of filter*"));
    }

    @Test
    void parenthesesOverridePrecedence() throws ConditionException {
        assertEquals("and(selection1, or(keywords1, keywords2))", parse("selection1 and (keywords1 or keywords2)"));
    }

    @Test
    void keywordsAreCaseInsensitive() throws ConditionException {
        assertEquals("and(a, not(b))", parse("a AND NOT b"));
    }

    @Test
    void oneOfThemIsOrOfEveryIdentifierNotStartingWithUnderscore() throws ConditionException {
        assertEquals("or(sel1, sel2)", resolve("1 of them", "sel1", "_hidden", "sel2"));
        assertEquals("and(sel1, sel2)", resolve("all of them", "sel1", "_hidden", "sel2"));
    }

    @Test
    void oneOfAPatternUsesStarWildcards() throws ConditionException {
        assertEquals("or(selection_a, selection_b)", resolve("1 of selection*", "selection_a", "filter", "selection_b"));
        assertEquals("and(selection_a, selection_b)", resolve("all of selection_*", "selection_a", "filter", "selection_b"));
        assertEquals("and(sel_a_x, not(or(f_1, f_2)))", resolve("1 of sel_*_x and not 1 of f_*", "sel_a_x", "f_1", "f_2"));
    }

    @Test
    void simplificationFlattensAndRemovesDoubleNegation() throws ConditionException {
        assertEquals("and(a, b, c)", resolve("a and (b and c)", "a", "b", "c"));
        assertEquals("a", resolve("not not a", "a"));
        assertEquals("a", resolve("all of a*", "a"));
    }

    @Test
    void unknownIdentifiersAndEmptyPatternsAreErrorsWithASuggestion() {
        ConditionException e = assertThrows(ConditionException.class, () -> resolve("selction", "selection"));
        assertTrue(e.getMessage().contains("did you mean 'selection'"), e.getMessage());
        assertThrows(ConditionException.class, () -> resolve("1 of filter*", "selection"));
    }

    @Test
    void malformedConditionsAreErrorsWithTheirPosition() {
        ConditionException e = assertThrows(ConditionException.class, () -> parse("a and (b or c"));
        assertTrue(e.getMessage().contains("missing ')'"));
        assertThrows(ConditionException.class, () -> parse("a and"));
        assertThrows(ConditionException.class, () -> parse("a b"));
        assertThrows(ConditionException.class, () -> parse("2 of sel*"));
        ConditionException agg = assertThrows(ConditionException.class, () -> parse("sel | count() > 5"));
        assertEquals(4, agg.offset());
        assertTrue(agg.getMessage().contains("correlation"));
    }

    @Test
    void aListOfConditionsIsLinkedWithOr() {
        CompiledRule r = Rules.detection("a:\n    F: 1\nb:\n    G: 2\ncondition:\n    - a\n    - b");
        assertTrue(r.matches(TestEvent.of("G", "2")));
        assertTrue(r.matches(TestEvent.of("F", "1")));
        assertFalse(r.matches(TestEvent.of("F", "2")));
    }

    @Test
    void conditionsEvaluateWithTheirMeaning() {
        CompiledRule r = Rules.detection("selection:\n    Image|endswith: '\\rundll32.exe'\nfilter_a:\n    CommandLine|contains: 'shell32'\n"
                + "filter_b:\n    ParentImage|endswith: '\\explorer.exe'\ncondition: selection and not 1 of filter_*");
        assertTrue(r.matches(TestEvent.of("Image", "c:\\rundll32.exe", "CommandLine", "evil.dll,Start")));
        assertFalse(r.matches(TestEvent.of("Image", "c:\\rundll32.exe", "CommandLine", "shell32.dll,Control_RunDLL")));
        assertFalse(r.matches(TestEvent.of("Image", "c:\\rundll32.exe", "ParentImage", "c:\\explorer.exe")));
    }

    @Test
    void conditionNodesPrintCanonically() {
        assertEquals("and(a, or(b, not(c)))", new Condition.And(List.of(new Condition.Ref("a"),
                new Condition.Or(List.of(new Condition.Ref("b"), new Condition.Not(new Condition.Ref("c")))))).toString());
    }
}
