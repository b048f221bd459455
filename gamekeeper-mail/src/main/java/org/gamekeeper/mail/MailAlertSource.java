package org.gamekeeper.mail;

import java.util.function.Consumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.ioc.IocLibrary;
import org.gamekeeper.engine.source.AlertSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.InputKind;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.config.MailConfig;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.source.MailSource;

/**
 * Mail as an alert source of a hunt: each message analysed as {@code gamekeeper mail} does, and
 * each flagged one an alert (kind mail) with its recipients' accounts, so a phishing message and
 * what happened on the recipient's machine meet in one timeline; with indicators, each message is
 * swept for them too ({@link MailAlerts#iocAlerts}). Thread-safe.
 */
public final class MailAlertSource implements AlertSource {
    private final MailConfig config;
    private final IocLibrary ioc;
    /** One analyser per worker thread: analysers keep per-message working state. */
    private final ThreadLocal<MailAnalyser> analysers;

    public MailAlertSource(MailConfig config) {
        this(config, null);
    }

    /** With indicators to sweep every message for (null or empty: none). */
    public MailAlertSource(MailConfig config, IocLibrary ioc) {
        this.config = config;
        this.ioc = ioc == null || ioc.isEmpty() ? null : ioc;
        this.analysers = ThreadLocal.withInitial(() -> new MailAnalyser(config, null));
    }

    @Override
    public boolean reads(InputFile in) {
        return in.kind() == InputKind.MAIL;
    }

    @Override
    public void read(InputFile in, Consumer<Alert> alerts, Consumer<Problem> problems) {
        MailAnalyser analyser = analysers.get();
        MailSource source = new MailSource(Limits.DEFAULT, m -> {
            for (Alert a : MailAlerts.toAlerts(analyser.analyse(m), config)) {
                alerts.accept(a);
            }
            if (ioc != null) {
                for (Alert a : MailAlerts.iocAlerts(m, analyser.observables(m), ioc)) {
                    alerts.accept(a);
                }
            }
        }, problems);
        source.read(in.path());
    }
}
