/** Where events come from inside the server: the JUL capture and the health timer. */
package io.livelog.sources.boundary;
