package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Dates and times as people write them (ISO, numeric day/month in either order, month names with
 * ordinals, clock times, a date followed by a time), each checked against the calendar and the
 * clock; see {@link DateScanner} for the forms. Scores: 0.85 for ISO dates, month-name dates with a
 * year, and a date with a time; 0.8 for numeric dates with a four-digit year and for month + year;
 * 0.7 for a day and month name without a year; 0.6 for two-digit-year numeric dates and bare clock
 * times (shapes that scores and ratios share). Linear time, no regular expressions.
 */
public final class DateTimeRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;

  @Override
  public PiiClass entity() {
    return PiiClass.DATE_TIME;
  }

  @Override
  public String id() {
    return "date-time-calendar";
  }

  @Override
  public List<String> nameHints() {
    return List.of("date", "time", "timestamp", "datetime", "created", "updated", "day");
  }

  @Override
  public List<String> contextWords() {
    return List.of("date", "time", "on", "at", "day", "when", "since", "until");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(1);
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    if (v.isEmpty() || v.length() > 80) return false;
    List<Span> s = find(v);
    return s.size() == 1 && s.get(0).start() == 0 && s.get(0).end() == v.length();
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) return out;
    for (DateScanner.Found f : DateScanner.scan(text, true)) {
      out.add(new Span(entity(), f.start(), f.end(), f.score(), id(), f.form()));
    }
    return out;
  }
}
