package dev.veil.privacy.keys;

import java.time.Instant;

/**
 * What may be shown about one key: its id, purpose, status, whether it is the primary key of its
 * purpose, and when it was created. Never the key material.
 */
public record KeyInfo(int id, KeyPurpose purpose, String status, boolean primary, Instant created) {}
