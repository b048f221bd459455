package org.gamekeeper.engine.detect;

import java.util.List;
import java.util.Map;

/**
 * A scanner built when first used, shared through the index's scanners by its patterns: most
 * fields' escaped literals ({@link RuleIndex#escaped}) are never needed (only JSON values with
 * escapes read them), and building a scanner for each field of each bucket up front would cost
 * every run. Immutable once built; any thread may build it (each builds the same).
 */
final class LazyScanner implements PatternScanner {
    private final List<String> patterns;
    private final Map<List<String>, PatternScanner> scanners;
    private volatile PatternScanner built;

    LazyScanner(List<String> patterns, Map<List<String>, PatternScanner> scanners) {
        this.patterns = patterns;
        this.scanners = scanners;
    }

    private PatternScanner get() {
        PatternScanner b = built;
        if (b == null) {
            b = scanners.computeIfAbsent(patterns, PatternScanner::of);
            built = b;
        }
        return b;
    }

    @Override
    public void scanChars(char[] text, int n, AsciiAutomaton.Hits hits) {
        get().scanChars(text, n, hits);
    }

    @Override
    public String[] indexedTexts() {
        return get().indexedTexts();
    }

    @Override
    public void scan(String value, AsciiAutomaton.Hits hits) {
        get().scan(value, hits);
    }

    @Override
    public void scanAscii(byte[] b, int off, int length, AsciiAutomaton.Hits hits) {
        get().scanAscii(b, off, length, hits);
    }

    @Override
    public void scanUtf16(byte[] data, int off, int chars, AsciiAutomaton.Hits hits) {
        get().scanUtf16(data, off, chars, hits);
    }
}
