/** The ways in: login form, Basic, Bearer; logout; CORS; CSRF and security headers. */
package io.livelog.security.boundary;
