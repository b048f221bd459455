package org.gamekeeper.mail.analysis;

/**
 * One reason a message is dangerous.
 *
 * @param id       stable identifier, {@code group.name} (beacon.tiny_image, link.ip_host, …)
 * @param text     what was found and why it matters, for a responder
 * @param evidence the exact value that triggered it (a URL, a header, a file name)
 * @param weight   contribution to the message score
 */
public record Finding(String id, String text, String evidence, double weight) {

    /** The group of the id: the part before the first dot. */
    public String group() {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }
}
