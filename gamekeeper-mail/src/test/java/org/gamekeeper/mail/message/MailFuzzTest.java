package org.gamekeeper.mail.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.config.ConfigLoader;

/**
 * Fuzz target for mail: any bytes as an RFC 5322 message (MIME, encodings, HTML) or, when they
 * start with the OLE2 signature, as an Outlook .msg, then through the whole phishing analysis.
 * A message always comes back (with its problems); nothing throws.
 */
class MailFuzzTest {
    private static final MailAnalyser ANALYSER = new MailAnalyser(ConfigLoader.defaults());
    private static final Limits SMALL = new Limits(1 << 20, 64 << 10, 256 << 10, 20, 100, 200);

    @FuzzTest(maxDuration = "10m")
    void parseAndAnalyse(byte[] data) {
        fuzzerTestOneInput(data);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        boolean ole = data.length >= 8 && (data[0] & 0xff) == 0xd0 && (data[1] & 0xff) == 0xcf && (data[2] & 0xff) == 0x11
                && (data[3] & 0xff) == 0xe0;
        MailMessage m = ole ? new MsgReader(SMALL).read(new ByteArrayInputStream(data), "fuzz.msg")
                : new MessageParser(SMALL).parse(new ByteArrayInputStream(data), "fuzz.eml", "fuzz.eml");
        if (m == null) {
            throw new AssertionError("no message");
        }
        if (ANALYSER.analyse(m) == null) {
            throw new AssertionError("no report");
        }
    }
}
