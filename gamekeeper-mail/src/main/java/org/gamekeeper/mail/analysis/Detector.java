package org.gamekeeper.mail.analysis;

/** One family of checks over a prepared message. Stateless between messages. */
interface Detector {
    void inspect(MessageView v, Findings out);
}
