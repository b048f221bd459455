/**
 * Spear-phishing analysis of one parsed message: detectors for beacons, impersonation,
 * authentication, links, attachments, content lures and the news-pretext reconnaissance
 * context, each producing weighted {@link org.gamekeeper.mail.analysis.Finding}s, and the
 * scoring that turns them into a verdict. Reads no files and prints nothing.
 */
package org.gamekeeper.mail.analysis;
