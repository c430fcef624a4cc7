/** What travels: the log event, its level, health samples, and recorded events with their ids. */
package io.livelog.events.entity;
