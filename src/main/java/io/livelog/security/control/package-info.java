/** Who may do what: the built-in identity store, roles, and the login throttle. */
package io.livelog.security.control;
