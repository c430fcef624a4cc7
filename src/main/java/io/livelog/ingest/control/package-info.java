/** Reading shippers' bodies: JSON, arrays, NDJSON, and the Fluent Bit and Vector aliases. */
package io.livelog.ingest.control;
