/**
 * Finding messages in the evidence: files and folders (recursed), recognised by content as
 * .eml, mbox, Maildir or Outlook .msg (also gzip-compressed). Streams a mailbox one message at
 * a time, so memory is bounded by one message. Reports problems; never analyses anything.
 */
package org.gamekeeper.mail.source;
