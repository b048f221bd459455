/** JMH benchmarks. Benchmarks print figures and assert nothing about time. */
package org.gamekeeper.bench;
