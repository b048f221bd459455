/** Message parsing and spear-phishing analysis. */
package org.gamekeeper.mail;
