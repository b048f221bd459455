package org.gamekeeper.mail.analysis;

import java.util.List;

/**
 * The analysis of one message: its verdict and why, plus the fields that identify it.
 *
 * @param file       evidence file as given
 * @param place      place inside the file ("" for a single-message file, {@code offset N} in a mailbox)
 * @param sender     the From mailbox as written (decoded display name and address)
 * @param recipients To and Cc addresses
 * @param subject    decoded subject
 * @param date       the Date header as written ("" if none)
 * @param messageId  the Message-ID ("" if none)
 * @param verdict    clean, suspicious or malicious
 * @param score      the sum of the finding weights after group caps
 * @param reasons    findings, heaviest first
 * @param problems   what was wrong with the message as evidence (parsing), as text
 */
public record MessageReport(String file, String place, String sender, List<String> recipients, String subject,
                            String date, String messageId, Verdict verdict, double score, List<Finding> reasons,
                            List<String> problems) {

    public MessageReport {
        recipients = List.copyOf(recipients);
        reasons = List.copyOf(reasons);
        problems = List.copyOf(problems);
    }

    /** True if any finding has the given id. */
    public boolean has(String id) {
        for (Finding f : reasons) {
            if (f.id().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
