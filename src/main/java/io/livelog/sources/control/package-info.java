/** How the server's own records are captured: a non-blocking JUL handler. */
package io.livelog.sources.control;
