/** Alert rules over a window of recorded events, the alerts they raise and the webhook. */
package io.livelog.alerts.control;
