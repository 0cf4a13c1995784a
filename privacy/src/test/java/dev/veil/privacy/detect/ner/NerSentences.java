package dev.veil.privacy.detect.ner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Test-scope generator of labelled sentences for the NER recognizers: Veil's own sentence templates
 * filled with Datafaker values from many locales (seeded, so a seed always gives the same set).
 * Placeholders are {@code {first}}, {@code {last}}, {@code {name}}, {@code {prefix}}, {@code {city}},
 * {@code {country}}, {@code {state}}, {@code {street}}, {@code {address}}, {@code {org}},
 * {@code {nationality}}, {@code {job}}; each becomes a gold span of its entity type. The labels use
 * the convention of Presidio's generated data: the honorific is a TITLE span of its own, a full
 * address (street, unit, city, region, postcode, country) is one STREET_ADDRESS span.
 */
final class NerSentences {
  private static final String[] TEMPLATES = {
      "My name is {name} and I live in {city}.",
      "Please send the invoice to {name}, {address}.",
      "{prefix} {last} will join the call tomorrow.",
      "I spoke with {first} yesterday about the refund.",
      "Dear {prefix} {last}, thank you for your order.",
      "{name} moved from {city} to {country} last year.",
      "Our new office is at {address}.",
      "Ship it to {street}, please.",
      "The parcel for {first} {last} was returned to {address}",
      "{name}\n{org}\n{address}",
      "She works at {org} as a {job}.",
      "He has been employed by {org} since 2019.",
      "The meeting with {org} in {city} was cancelled.",
      "Contact person: {name}",
      "Hi {first}, can you call me back?",
      "Can you update my address to {address}?",
      "We visited {city} and {city} during the trip.",
      "My wife {first} was born in {country}.",
      "According to {name}, the {nationality} team won.",
      "Is {last} the right spelling of your surname?",
      "I am {nationality} and I live in {state}.",
      "The {nationality} delegation met {prefix} {name} in {city}.",
      "Billing address: {address}",
      "Forward the letter to {prefix} {first} {last} at {street}, {city}.",
      "{first} said the package from {org} never arrived.",
      "Thanks, {first}",
      "The report was written by {name} and reviewed by {name}.",
      "They relocated the plant from {city}, {country} to {state}.",
      "Please ask {first} {last} to sign the form.",
      "the customer {first} {last} asked for a refund",
      "{org} opened a branch in {country}.",
      "I used to live at {street} before moving to {city}.",
      "Her manager, {name}, approved the leave.",
      "Flight to {city} was delayed, so {first} stayed at home.",
      "Last week {name} became {job} at {org}.",
  };
  private static final String[] LOCALES = {"en", "en-GB", "en-US", "de", "nl", "fr", "sv", "nb-NO", "da-DK", "fi-FI", "pl", "cs",
      "it", "es", "pt", "hu", "tr", "hr", "sk", "en-IN", "en-AU", "en-ZA", "en-NG", "id", "vi"};
  private static final String[] PREFIXES = {"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Prof.", "Miss"};

  private NerSentences() {}

  static List<SpanEval.Example> generate(int count, long seed) {
    Random rnd = new Random(seed);
    List<Faker> fakers = new ArrayList<>();
    for (String l : LOCALES) fakers.add(new Faker(Locale.forLanguageTag(l), new Random(rnd.nextLong())));
    Faker en = new Faker(Locale.ENGLISH, new Random(rnd.nextLong()));
    List<SpanEval.Example> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      String tpl = TEMPLATES[rnd.nextInt(TEMPLATES.length)];
      Faker f = fakers.get(rnd.nextInt(fakers.size()));
      StringBuilder sb = new StringBuilder();
      List<SpanEval.Gold> gold = new ArrayList<>();
      int i = 0;
      while (i < tpl.length()) {
        char c = tpl.charAt(i);
        if (c != '{') {
          sb.append(c);
          i++;
          continue;
        }
        int close = tpl.indexOf('}', i);
        String key = tpl.substring(i + 1, close);
        i = close + 1;
        String type;
        String value;
        switch (key) {
          case "first" -> { type = "PERSON"; value = f.name().firstName(); }
          case "last" -> { type = "PERSON"; value = f.name().lastName(); }
          case "name" -> { type = "PERSON"; value = f.name().firstName() + " " + f.name().lastName(); }
          case "prefix" -> { type = "TITLE"; value = PREFIXES[rnd.nextInt(PREFIXES.length)]; }
          case "city" -> { type = "LOCATION"; value = f.address().city(); }
          case "country" -> { type = "LOCATION"; value = en.address().country(); }
          case "state" -> { type = "LOCATION"; value = f.address().state(); }
          case "street" -> { type = "STREET_ADDRESS"; value = street(f, rnd); }
          case "address" -> { type = "STREET_ADDRESS"; value = address(f, en, rnd); }
          case "org" -> { type = "ORGANIZATION"; value = f.company().name(); }
          case "nationality" -> { type = "NRP"; value = nationality(en); }
          case "job" -> { type = "TITLE"; value = en.job().title(); }
          default -> throw new IllegalStateException(key);
        }
        // a person's name placeholder right after another one ({first} {last}) extends the same span
        if (type.equals("PERSON") && !gold.isEmpty() && gold.get(gold.size() - 1).type().equals("PERSON")
            && gold.get(gold.size() - 1).end() == sb.length() - 1 && sb.charAt(sb.length() - 1) == ' ') {
          SpanEval.Gold prev = gold.remove(gold.size() - 1);
          sb.append(value);
          gold.add(new SpanEval.Gold("PERSON", prev.start(), sb.length()));
          continue;
        }
        int s = sb.length();
        sb.append(value);
        gold.add(new SpanEval.Gold(type, s, sb.length()));
      }
      String text = sb.toString();
      if (Character.isLowerCase(tpl.charAt(0))) text = text.toLowerCase(Locale.ROOT);
      out.add(new SpanEval.Example(text, gold));
    }
    return out;
  }

  private static String street(Faker f, Random rnd) {
    return f.address().streetAddress();
  }

  private static String address(Faker f, Faker en, Random rnd) {
    String street = f.address().streetAddress();
    if (rnd.nextInt(3) == 0) street += " " + en.address().secondaryAddress();
    String city = f.address().city();
    String zip = f.address().zipCode();
    return switch (rnd.nextInt(4)) {
      case 0 -> street + ", " + city + ", " + en.address().stateAbbr() + " " + zip;
      case 1 -> street + "\n" + zip + " " + city + "\n" + en.address().country();
      case 2 -> street + ", " + zip + " " + city;
      default -> street + ", " + city + ", " + en.address().country();
    };
  }

  private static String nationality(Faker en) {
    String n = en.nation().nationality();
    return n.endsWith("s") ? n.substring(0, n.length() - 1) : n;
  }
}
