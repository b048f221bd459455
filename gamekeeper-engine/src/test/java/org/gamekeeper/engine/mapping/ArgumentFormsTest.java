package org.gamekeeper.engine.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forms a program tolerates in its arguments, through {@link CommandLineNormalizer}. */
class ArgumentFormsTest {

    private static String n(String s) {
        return CommandLineNormalizer.normalize(s);
    }

    @Test
    void bestFitLettersReadAsAscii() {
        // modifier letters, full-width, subscripts, small capitals, letters with accents
        assertEquals("reg export hkcu\\environment", n("reg \u1D49xp\u1D52\u02B3t HKCU\\Environment"));
        assertEquals("wmic -node:10.0.0.5 process call create calc",
                n("WMIC /\uFF4Eo\u1D05\u2091:10.0.0.5 \u209A\u0280\u1D0F\u1D04ess \u1D04\u1D00\u029F\u029F \u1D04\u0280eate calc"));
        assertEquals("extrac32 -c a b", n("extrac32 /\u0106 a b"));
        assertEquals("extrac32 -y", n("extrac32 /\u0177"));
    }

    @Test
    void charactersAnOptionParserIgnoresAreDropped() {
        // unassigned (U+0378), a format character (U+2061), a letter of a script Windows' tables lack (U+0860)
        assertEquals("certutil -urlcache -split -f http://x/y",
                n("certutil -url\u0378cache -\u2061split\u0860 -f http://x/y"));
        // a run of several at the end of an option
        assertEquals("reg export", n("reg export\u0379\u0380\u0381"));
        // emoji pushed into an option (a surrogate pair)
        assertEquals("runas -savecred", n("runas /save\uD83D\uDE00cred"));
    }

    @Test
    void wordsOfOtherScriptsBetweenSeparatorsStay() {
        assertEquals("c:\\users\\\u0438\u0432\u0430\u043D\\desktop\\report.docx",
                n("C:\\Users\\\u0418\u0432\u0430\u043D\\Desktop\\report.docx"));
        assertEquals("notepad d:\\\u62A5\u544A\\\u6587\u6863.txt", n("notepad D:\\\u62A5\u544A\\\u6587\u6863.txt"));
        // a word longer than a noise run, next to ASCII, stays too
        String greek = "\u03B1\u03C1\u03C7\u03B5\u03AF\u03BF\u03C5\u03C0\u03BF\u03BB\u03BF\u03B3\u03B9\u03C3\u03C4\u03B9\u03BA\u03CC";
        assertTrue(n("copy a" + greek + " b").contains("\u03C1\u03C7"), n("copy a" + greek + " b"));
    }

    @Test
    void pathsAreWrittenOneWay() {
        assertEquals("regedit -e c:\\windows\\temp\\out.reg", n("regedit /e C:\\winsxs/../Windows\\TEMP\\\\debug\\..\\.\\out.reg"));
        assertEquals("extrac32 -c c:\\windows\\temp\\in.txt", n("extrac32 /c c:/windows//temp/in.txt"));
        assertEquals("auditpol -backup -file:c:\\windows\\temp\\f.csv", n("auditpol /backup /file:c:\\\\\\windows\\system32\\..\\temp\\f.csv"));
        // a trailing separator stays: rules look for \windows\temp\
        assertEquals("pnputil -export-driver * c:\\windows\\temp\\", n("pnputil /export-driver * c:\\windows\\update\\..\\temp\\"));
        // c:\.. is c:\
        assertEquals("type c:\\windows\\win.ini", n("type c:\\..\\windows\\win.ini"));
    }

    @Test
    void sharesDevicesAndRelativePathsKeepTheirStart() {
        assertEquals("copy \\\\fs01\\c$\\x.exe .", n("copy \\\\fs01\\c$\\temp\\..\\x.exe ."));
        assertEquals("echo a > \\\\.\\pipe\\p", n("echo a > \\\\.\\pipe\\p"));
        assertEquals("sc create s binpath=\\\\?\\c:\\x.exe", n("sc create s binpath=\\\\?\\C:\\x.exe"));
        assertEquals("control ..\\..\\x.cpl", n("control ..\\..\\x.cpl"));
        assertEquals("rundll32 javascript:\\..\\mshtml,runhtmlapplication", n("rundll32 javascript:\"\\..\\mshtml,RunHTMLApplication\""));
        // a leading slash is an option, not a path
        assertEquals("cscript //e:vbscript c:\\x.txt", n("cscript //e:vbscript c:\\x.txt"));
    }

    @Test
    void urlsAreWrittenOneWay() {
        assertEquals("certutil -urlcache -f https://example.org/a/b.exe", n("certutil -urlcache -f https:\\\\example.org\\a\\b.exe"));
        assertEquals("curl https://example.org/x", n("curl https:/example.org/x"));
        assertEquals("curl https://example.org/x", n("curl https:\\example.org\\x"));
        assertEquals("curl http://127.0.0.1/x", n("curl http://0x7f000001/x"));
        assertEquals("curl http://192.168.64.99:8080/x", n("curl http://3232252003:8080/x"));
        // path traversal in a URL is left to the server; the slashes only are written one way
        assertEquals("curl http://h/temp/../x", n("curl http://h/temp/../x"));
        // a file URL keeps its three slashes and its path's backslashes
        assertEquals("curl file:///c:\\users\\x\\appdata\\local\\temp\\calc.dll", n("curl file:///C:\\Users\\x\\AppData\\Local\\Temp\\calc.dll"));
        // numbers that are not hosts stay
        assertEquals("ping -n 12345678 host", n("ping /n 12345678 host"));
        assertEquals("curl http://1234567/x", n("curl http://1234567/x"));
    }

    @Test
    void hostileArgumentsAreBoundedAndLinear() {
        Random r = new Random(7);
        StringBuilder b = new StringBuilder();
        while (b.length() < 40_000) {
            int k = r.nextInt(6);
            b.append(switch (k) {
                case 0 -> "\\..";
                case 1 -> "/./";
                case 2 -> String.valueOf((char) (0x0378 + r.nextInt(0x2000)));
                case 3 -> "https:\\\\";
                case 4 -> "\uFB01";
                default -> "a";
            });
        }
        long t0 = System.nanoTime();
        String out = n(b.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(out.length() <= 2 * CommandLineNormalizer.MAX_INPUT, "length " + out.length());
        assertTrue(ms < 5_000, "took " + ms + " ms");
    }
}
