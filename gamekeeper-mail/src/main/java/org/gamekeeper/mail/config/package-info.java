/**
 * The {@code identities} and {@code mail} sections of the one configuration file
 * (INTERFACES.md), merged over the shipped default (major news outlets and commonly
 * impersonated organisations with their real web and sending domains). Unknown keys are errors
 * naming the key. Reads YAML only; knows nothing about messages.
 */
package org.gamekeeper.mail.config;
