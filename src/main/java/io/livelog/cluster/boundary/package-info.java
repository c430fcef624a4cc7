/** What the cluster shows outside: its readiness check. */
package io.livelog.cluster.boundary;
