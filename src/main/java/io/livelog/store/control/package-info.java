/** The durable store behind history: one writer appending group commits over JDBC, retention. */
package io.livelog.store.control;
