package io.livelog.security.control;

import jakarta.security.enterprise.credential.Credential;

/** A bearer token from {@code Authorization: Bearer ...}. */
public record TokenCredential(String token) implements Credential {}
