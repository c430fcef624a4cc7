/** The event bus: the relay from producers, the history that assigns ids, and filters. */
package io.livelog.events.control;
