package org.gamekeeper.cli;

import java.util.List;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.mail.MailAlerts;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.analysis.MessageReport;
import org.gamekeeper.mail.config.ConfigLoader;
import org.gamekeeper.mail.config.MailConfig;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.source.MailSource;

/** Mail inputs of a hunt: analysed as {@code gamekeeper mail} does, flagged messages become alerts. */
final class MailHunt {
    private MailHunt() {
    }

    /** Analyses every mail input and sends the alerts of flagged messages in the time range to {@code sink}. */
    static long run(List<InputFile> mail, java.nio.file.Path config, long fromMillis, long toMillis, Hunt.Sink sink) {
        if (mail.isEmpty()) {
            return 0;
        }
        MailConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (RuntimeException e) {
            throw new InputException("mail configuration: " + e.getMessage());
        }
        MailAnalyser analyser = new MailAnalyser(cfg, null);
        long[] count = {0};
        MailSource source = new MailSource(Limits.DEFAULT, m -> {
            MessageReport r = analyser.analyse(m);
            for (Alert a : MailAlerts.toAlerts(r, cfg)) {
                long t = a.timestamp() == null ? Long.MIN_VALUE : a.timestamp().toEpochMilli();
                if (t != Long.MIN_VALUE && (t < fromMillis || t > toMillis)) {
                    continue;
                }
                count[0]++;
                sink.alert(a);
            }
        }, sink::problem);
        for (InputFile in : mail) {
            source.read(in.path());
        }
        return count[0];
    }
}
