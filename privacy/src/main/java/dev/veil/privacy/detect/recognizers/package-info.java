/**
 * Built-in pattern-and-validator recognizers.
 *
 * <p><b>Score convention.</b> A span's score is what the recognizer knows without context:
 *
 * <ul>
 *   <li>0.85-1.0: a checksum or check character validated the match (Luhn, Verhoeff, mod 11,
 *       mod 23, mod 31, mod 89, ISO 7064, the Italian odd/even tables, Base58Check, Bech32,
 *       EIP-55), or an unambiguous validated structure (a URL with a scheme, a JWT whose header
 *       decodes, a PEM block with its END line); vendor-prefixed secrets (AWS 0.8, Slack 0.85,
 *       GitHub 0.9) are a documented exception: no public checksum, but a registered prefix.
 *   <li>0.5-0.8: rules without a checksum that rarely fire by chance (SSN and ITIN with separators,
 *       dates with calendar checks, UK postcodes, PAN).
 *   <li>0.3-0.6: shapes that many numbers share, or weak (1 in 10 or 11) checks on common shapes
 *       (passport, driver's licence, bank account, bare ZIP, TFN, ACN, ABA, all-lower-case Ethereum,
 *       high-entropy secrets): below or at the {@code Analyzer}'s default minimum 0.5, so a
 *       context word decides (boost +0.35).
 * </ul>
 *
 * DATE_OF_BIRTH and AGE check their own cue words (a birth word near a date, an age phrase around a
 * number) and score 0.9 and 0.85 when present, nothing otherwise, because their spans coincide with
 * DATE_TIME spans and plain numbers that must not win without the cue.
 *
 * <p><b>Linear time.</b> Every recognizer here scans by hand (maximal token runs, digit groups, or
 * bounded look-ahead from anchors); none uses a backtracking regular expression on unbounded text.
 * commons-validator's validators, which use {@code java.util.regex} internally, only ever see a
 * bounded candidate (at most 2048 characters for URLs, 253 for domains).
 *
 * <p><b>Prefilters.</b> Each recognizer's {@link dev.veil.privacy.detect.Recognizer#prefilter()}
 * is exact, never a heuristic: it names a literal every match contains or a digit count every match
 * reaches.
 */
package dev.veil.privacy.detect.recognizers;
