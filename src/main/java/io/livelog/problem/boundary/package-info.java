/** Error answers: RFC 9457 problem+json bodies for every refusal. */
package io.livelog.problem.boundary;
