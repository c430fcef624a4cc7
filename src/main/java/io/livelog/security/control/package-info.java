/**
 * Who may do what: the built-in identity store, roles, the login throttle and its audit, the
 * trusted-proxy rule, and where a sign-in may return to.
 */
package io.livelog.security.control;
