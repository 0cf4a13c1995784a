package dev.veil.privacy.anonymize;

import com.google.crypto.tink.prf.Prf;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.VeilKeyset;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-subject consistent date shifting: every date of one subject moves by the same number of days,
 * {@code shift = HMAC-SHA-256(key, domain, subjectId) mod (2N+1) - N}, so intervals between one
 * subject's events (length of stay, age at visit) are kept exactly, while calendar dates are
 * hidden. The 64-bit HMAC prefix reduced mod 2N+1 is uniform up to a bias below 2^-40 for N <= 10^6.
 *
 * <p>Hides: the true calendar dates (within +/-N days). Leaks: intervals within a subject, the
 * ordering of one subject's events, and a date to within N days; anyone with the key can undo the
 * shift. Not a k-anonymity guarantee. Takes the subject id as a second input. Thread-safe;
 * serializable without key material.
 */
public final class DateShift implements AnonymizeOperator {
  private static final long serialVersionUID = 1L;
  private final KeyedKey<Prf> key;
  private final String domain;
  private final int maxDays;
  private final String subject;

  /**
   * @param subject the column holding the subject id
   * @param maxDays N, 1..36500
   */
  public DateShift(KeysetRef ref, VeilKeyset keyset, int keyId, String domain, int maxDays, String subject) {
    if (maxDays < 1 || maxDays > 36_500) {
      throw new IllegalArgumentException("maxDays must be >= 1 and <= 36500. Provided value: " + maxDays);
    }
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("subject must be a non-empty string. Provided value: '" + subject + "'");
    }
    if (domain == null) throw new IllegalArgumentException("domain must not be null. Provided value: null");
    this.key = new KeyedKey<>(ref, keyset, KeyPurpose.HMAC, keyId);
    this.domain = domain;
    this.maxDays = maxDays;
    this.subject = subject;
  }

  @Override
  public String op() {
    return "dateshift";
  }

  /** The subject id column. */
  public String subject() {
    return subject;
  }

  public int keyId() {
    return key.id();
  }

  @Override
  public FieldType outputType(FieldType input) {
    return AnonymizeOperator.require(op(), input, FieldType.DATE, FieldType.TIMESTAMP);
  }

  /** The shift in days for {@code subjectId}, in [-N, N]. */
  public long shiftDays(Object subjectId) {
    byte[] h = KeyedHash.mac(key.get(), domain, subjectId.toString(), 8);
    long x = ByteBuffer.wrap(h).getLong();
    return Long.remainderUnsigned(x, 2L * maxDays + 1) - maxDays;
  }

  /** Shifts {@code date} by the subject's shift. */
  public Object shift(Object date, Object subjectId) {
    if (date == null) return null;
    if (subjectId == null) throw new UnencodableValueException("the subject id is null, so no consistent shift exists");
    long days = shiftDays(subjectId);
    if (date instanceof Instant i) return i.plus(days, ChronoUnit.DAYS);
    return ((LocalDate) date).plusDays(days);
  }

  /** Not used: a date shift needs the subject id; see {@link #shift}. */
  @Override
  public Object apply(Object value, PiiClass entity) {
    throw new UnsupportedOperationException("dateshift needs the subject id; call shift(date, subjectId)");
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op());
    m.put("algorithm", "HMAC-SHA-256 mod (2N+1) - N");
    m.put("domain", domain);
    m.put("maxDays", maxDays);
    m.put("subject", subject);
    m.put("keyId", key.id());
    return m;
  }
}
