package dev.veil.core.io;

import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import dev.veil.core.spec.CsvOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one delimited record into fields (RFC 4180 with a configurable delimiter, quote and
 * escape). An unquoted empty field is null, a quoted empty field the empty string. One pass over
 * the characters; no regular expressions. Not thread-safe (reuses a buffer); use one per reader.
 */
public final class CsvLineParser {
  private final CsvOptions o;
  private final StringBuilder field = new StringBuilder();

  public CsvLineParser(CsvOptions options) {
    this.o = options;
  }

  /** Thrown-away marker: the record ends inside a quoted field. */
  public static final List<String> INCOMPLETE = List.of();

  /**
   * @param names field names for messages (may be shorter than the record)
   * @return the fields, or {@link #INCOMPLETE} when the text ends inside a quoted field
   * @throws RecordException MALFORMED_QUOTING or FIELD_TOO_LARGE
   */
  public List<String> parse(CharSequence text, List<String> names) {
    return scan(text, names, new ArrayList<>(Math.max(8, names.size())), 0, false);
  }

  /**
   * Continues the previous {@link #parse} or {@code resume} of this parser, which returned {@link #INCOMPLETE}, after
   * more text was appended: {@code text} must start with the text given then. Gives the same result as parsing
   * {@code text} from the start, in time linear in the appended text (a multi-line record is scanned once).
   */
  List<String> resume(CharSequence text, List<String> names) {
    if (pendingFields == null) {
      throw new IllegalStateException("resume() follows a parse that returned INCOMPLETE");
    }
    int i = pendingPos;
    if (o.escape() != o.quote() && text.charAt(i - 1) == o.escape()) {
      // an escape at the old end was kept as a plain character for want of a next one; decide it again
      field.setLength(field.length() - 1);
      i--;
    }
    return scan(text, names, pendingFields, i, true);
  }

  // Where an INCOMPLETE parse stopped: inside a quoted field whose text so far is in 'field'.
  private List<String> pendingFields;
  private int pendingPos;

  private List<String> scan(CharSequence text, List<String> names, List<String> out, int i, boolean inQuotedField) {
    pendingFields = null;
    int n = text.length();
    char d = o.delimiter();
    char q = o.quote();
    char esc = o.escape();
    while (true) {
      int index = out.size();
      if (inQuotedField || (i < n && text.charAt(i) == q)) {
        if (inQuotedField) {
          inQuotedField = false; // resumed: 'field' holds the field so far
        } else {
          field.setLength(0);
          i++;
        }
        boolean closed = false;
        while (i < n) {
          char c = text.charAt(i);
          if (c == esc && i + 1 < n && text.charAt(i + 1) == q) {
            field.append(q);
            i += 2;
          } else if (c == q) {
            closed = true;
            i++;
            break;
          } else {
            field.append(c);
            i++;
          }
          if (field.length() > o.maxFieldChars()) throw tooLarge(index, names);
        }
        if (!closed) {
          pendingFields = out;
          pendingPos = i;
          return INCOMPLETE;
        }
        if (i < n && text.charAt(i) != d) {
          throw new RecordException(ReasonCode.MALFORMED_QUOTING, name(index, names),
              "text follows the closing quote of field " + describe(index, names) + " (quote it whole, or escape the quote)");
        }
        out.add(field.toString());
      } else {
        int start = i;
        while (i < n && text.charAt(i) != d) i++;
        if (i - start > o.maxFieldChars()) throw tooLarge(index, names);
        out.add(i == start ? null : text.subSequence(start, i).toString());
      }
      if (i >= n) {
        return out;
      }
      i++; // the delimiter
      if (i == n) {
        out.add(null);
        return out;
      }
    }
  }

  private RecordException tooLarge(int index, List<String> names) {
    return new RecordException(ReasonCode.FIELD_TOO_LARGE, name(index, names),
        "field " + describe(index, names) + " is longer than maxFieldChars (" + o.maxFieldChars() + ")");
  }

  static String name(int index, List<String> names) {
    return index < names.size() ? names.get(index) : null;
  }

  static String describe(int index, List<String> names) {
    return index < names.size() ? "'" + names.get(index) + "' (column " + (index + 1) + ")" : "at column " + (index + 1);
  }
}
