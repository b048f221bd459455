package org.gamekeeper.engine.detect;

import java.util.List;
import java.util.Map;

/**
 * A field's literals as {@link org.gamekeeper.engine.ValueSink#escapedAscii} values hold them
 * ({@link RuleIndex#escaped}), found when first used: only JSON values with escapes read them,
 * so EVTX hunts never escape a literal. The field's own scanner when no literal changes,
 * else one shared through the index's scanners by its patterns. Immutable once found; any
 * thread may find it (each finds the same).
 */
final class LazyScanner implements PatternScanner {
    private final List<String> patterns;
    private final PatternScanner unescaped;
    private final Map<List<String>, PatternScanner> scanners;
    private volatile PatternScanner built;

    /** For {@code patterns}, which {@code unescaped} scans as they are. */
    LazyScanner(List<String> patterns, PatternScanner unescaped, Map<List<String>, PatternScanner> scanners) {
        this.patterns = patterns;
        this.unescaped = unescaped;
        this.scanners = scanners;
    }

    private PatternScanner get() {
        PatternScanner b = built;
        if (b == null) {
            List<String> asJson = patterns.stream().map(RuleIndex::escaped).toList();
            b = asJson.equals(patterns) ? unescaped : scanners.computeIfAbsent(asJson, PatternScanner::of);
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
