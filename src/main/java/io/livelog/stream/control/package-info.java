/** Fan-out: filter groups, subscribers with bounded queues and batching, heartbeats. */
package io.livelog.stream.control;
