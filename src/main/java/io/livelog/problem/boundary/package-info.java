/**
 * Error answers: RFC 9457 problem+json bodies for every refusal, the container's error pages
 * included, and incident ids instead of exception text; and the servlet side of answering outside
 * JAX-RS ({@link io.livelog.problem.boundary.ServletProblem}, {@link
 * io.livelog.problem.boundary.ServletAnswer}).
 */
package io.livelog.problem.boundary;
