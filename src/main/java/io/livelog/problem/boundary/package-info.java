/**
 * Error answers: RFC 9457 problem+json bodies for every refusal, the container's error pages
 * included, and incident ids instead of exception text.
 */
package io.livelog.problem.boundary;
