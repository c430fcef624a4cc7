/**
 * Classes the benchmark adds to the WAR it deploys (never to the ITs' WAR): the textbook {@code
 * SseBroadcaster} stream that Livelog is measured against, and a paced in-server feed of CDI events
 * that both streams observe.
 */
package io.livelog.bench.baseline;
