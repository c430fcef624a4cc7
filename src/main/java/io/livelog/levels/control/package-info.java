/** Live log-level changes through {@code java.util.logging}, with their expiry and audit. */
package io.livelog.levels.control;
