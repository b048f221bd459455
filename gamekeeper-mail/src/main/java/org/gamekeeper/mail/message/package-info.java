/**
 * One message in a form the analysis reads: decoded headers, text and HTML bodies, attachments
 * (bounded), and the problems met while parsing. Parses RFC 5322/MIME with mime4j and Outlook
 * .msg with POI; knows nothing about phishing and never throws on damaged input.
 */
package org.gamekeeper.mail.message;
