/**
 * Fan-out across Payara Micro instances through Payara's own data grid: one cluster-wide sequence
 * and history (a Hazelcast ringbuffer) that every node appends to and reads from (ADR 0014). Only
 * {@link io.livelog.cluster.control.HazelcastGrid} names Hazelcast; it is loaded by reflection and
 * only when the grid is there.
 */
package io.livelog.cluster.control;
