package dev.veil.privacy.detect.ner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Analyzer;
import dev.veil.privacy.detect.AnalyzerConfig;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NerRecognizersTest {
  private static final Analyzer ANALYZER = new Analyzer(NerAccuracyTest.all(), AnalyzerConfig.defaults());

  /** "TYPE 'text'" for every finding of the analyzer with all six NER recognizers. */
  private static List<String> found(String text) {
    List<String> out = new ArrayList<>();
    for (Span s : ANALYZER.analyze(text)) out.add(s.entity() + " '" + text.substring(s.start(), s.end()) + "'");
    return out;
  }

  @Test
  void person_firstAndLastNameFromDictionaries_exactOffsets() {
    String text = "Please ask Phil Wilderman to sign the form.";
    List<Span> spans = new PersonRecognizer().find(text);
    assertEquals(1, spans.size());
    assertEquals(11, spans.get(0).start());
    assertEquals(25, spans.get(0).end());
    assertTrue(spans.get(0).score() >= 0.8);
  }

  @Test
  void honorific_isTitleSpanAndNameIsPersonSpan() {
    assertEquals(List.of("TITLE 'Mrs.'", "PERSON 'Amy Kupcová'"), found("Please correct it to Mrs. Amy Kupcová?"));
    assertEquals(List.of("TITLE 'Dr.'", "PERSON 'Nielsen'"), found("Dr. Nielsen is a 50 year old man."));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Anna Maria van der Berg", "Jan de Vries", "Ahmed bin Rashid"})
  void person_particlesInsideName_oneSpan(String name) {
    String text = "Yesterday I met " + name + " at the station.";
    assertEquals(List.of("PERSON '" + name + "'"), found(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Søren Kierkegaard", "Wojciech Kowalski", "Eero Virtanen", "Miklós Nagy", "Giulia Rossi", "Pieter Janssen"})
  void person_namesFromManyLocales_found(String name) {
    assertEquals(List.of("PERSON '" + name + "'"), found("The form was signed by " + name + " last week."));
  }

  @Test
  void person_initialsAndPossessive() {
    assertEquals(List.of("PERSON 'J. R. R. Tolkien'"), found("I am reading J. R. R. Tolkien again."));
    assertEquals(List.of("PERSON 'Arne'"), found("As promised, here is Arne's phone."));
  }

  @Test
  void nearMisses_commonWordsAndSentenceStart_notNames() {
    assertEquals(List.of(), found("Will you send the report? May I call later?"));
    assertEquals(List.of(), found("Please update the billing details. Thanks for your help."));
    assertEquals(List.of(), found("CAN I SPEAK TO A REAL PERSON?!?!"));
    assertEquals(List.of(), found("The new iPhone Pro costs more than the Galaxy."));
  }

  @Test
  void ambiguousNameWord_needsAnotherNameToken() {
    assertEquals(List.of(), found("Mark the date in the calendar."));
    assertEquals(List.of("PERSON 'Mark Twain'"), found("The book was written by Mark Twain in 1884."));
  }

  @Test
  void location_countryCityAfterPreposition() {
    assertEquals(List.of("LOCATION 'Poland'"), found("I am glad that Poland is moving in that direction."));
    assertEquals(List.of("LOCATION 'Blaketown'"), found("We returned to Blaketown by helicopter."));
    assertEquals(List.of("PERSON 'James'"), found("I'm so jealous! said Honoré to James").subList(1, 2));
  }

  @Test
  void organization_suffixAndShapes() {
    assertEquals(List.of("ORGANIZATION 'Areavibes Inc'"), found("Areavibes Inc was founded in 1999."));
    assertEquals(List.of("ORGANIZATION 'Hubbard, Fox and Gillespie'"), found("according to the Hubbard, Fox and Gillespie website"));
    assertEquals(List.of("ORGANIZATION 'Geoscape'"), found("I work for Geoscape"));
  }

  @Test
  void nrp_nationalityReligionPolitical() {
    assertEquals(List.of("NRP 'Sudanese'"), found("the Sudanese delegation arrived"));
    assertTrue(found("Many Buddhists and Muslims live there").containsAll(List.of("NRP 'Buddhists'", "NRP 'Muslims'")));
  }

  @Test
  void streetAddress_numberNameSuffix_unitCityStatePostcode_oneSpan() {
    String a = "257 Henry Road Apt. 12, New Annabelle, GA 40431";
    assertEquals(List.of("STREET_ADDRESS '" + a + "'"), found("Ship it to " + a + " please"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Nassaustraat 123", "Ziegelgasse 26", "Erfurter Str. 5", "12 rue Descartes", "1755 Nelson Mandela Drive",
      "45 Main St", "12B Baker Street"})
  void streetAddress_manyForms(String street) {
    assertEquals(List.of("STREET_ADDRESS '" + street + "'"), found("The office is on " + street));
  }

  @Test
  void streetAddress_multiLineBlock_oneSpan() {
    String a = "06 Reyes Católicos 17\nSaarjärve, JN 91851";
    assertEquals(List.of("STREET_ADDRESS '" + a + "'"), found("Here is the address:\n\n" + a));
  }

  @Test
  void streetAddress_buildingNumberBeforeANumberedStreet_isItsOwnField_whenNoBlockFollows() {
    assertEquals(List.of("STREET_ADDRESS '19'", "STREET_ADDRESS '1755 Nelson Mandela Drive'"),
        found("The restaurant is at 19 1755 Nelson Mandela Drive"));
    assertEquals(List.of("STREET_ADDRESS '46'", "STREET_ADDRESS 'Velký Průhon 426'"), found("his address: 46 Velký Průhon 426"));
    // as part of a postal block (city, region, postcode or country follow) the address stays one span
    String block = "74 106 Kate Edger Place, Binsted, Vatican City";
    assertEquals(List.of("STREET_ADDRESS '" + block + "'"), found("Send it to " + block));
    String lines = "27 2279 President St\nGleniti, NJ 32586";
    assertEquals(List.of("STREET_ADDRESS '" + lines + "'"), found(lines));
  }

  @Test
  void streetAddress_indentedFields_eachPartOnItsOwn() {
    List<String> f = found("Anna Novak\n    23 8 Wressle Road Suite 771\n    Polapit Tamar\n    77058");
    assertTrue(f.containsAll(List.of("STREET_ADDRESS '23'", "STREET_ADDRESS '8 Wressle Road'", "STREET_ADDRESS 'Suite 771'",
        "STREET_ADDRESS '77058'")), f.toString());
    List<String> g = found("* Anna Novak\n* 11 Školní 939.\n* Apt. 827\n* Kaplice\n* Iceland 80392");
    assertTrue(g.containsAll(List.of("STREET_ADDRESS 'Apt. 827'", "LOCATION 'Iceland'", "STREET_ADDRESS '80392'")), g.toString());
  }

  @Test
  void streetAddress_blockAcrossLayoutMarks_andCityAfterADirectionWord() {
    String a = "196 Goldner Terrace \u00b7 New Angus ACT 4343";
    assertEquals(List.of("STREET_ADDRESS '" + a + "'"), found("Sent to " + a));
    List<String> f = found("Rodger Gleichner\n\n123 Celsa Glens\n apt. 30\n East Jarredbury\n\n Haiti");
    assertTrue(f.contains("LOCATION 'East Jarredbury'"), f.toString());
    String uk = "99 MacGyver Garden, Kossborough Z06 1XP";
    assertEquals(List.of("STREET_ADDRESS '" + uk + "'"), found("Deliver to " + uk));
  }

  @Test
  void location_multiWordPlaceAtSentenceStart_andPlaceNameEndings() {
    assertEquals(List.of("LOCATION 'Prince Edward Island'"), found("Province: Prince Edward Island"));
    assertTrue(found("Please forward this to the Beahanfurt office.").contains("LOCATION 'Beahanfurt'"));
    assertTrue(found("We met in the Greentown office.").contains("LOCATION 'Greentown'"));
    // near misses: ordinary words with the same endings are not places
    assertEquals(List.of(), found("We need Support and a Passport for the Interview."));
  }

  @Test
  void organization_placeBeforeACompany_isNotPartOfIt_butAListOfSurnamesIs() {
    List<String> f = found("Celebrating its 10th year in Lille, Monahan LLC invites songwriters.");
    assertTrue(f.contains("ORGANIZATION 'Monahan LLC'") && f.contains("LOCATION 'Lille'"), f.toString());
    assertTrue(found("He joined Hubbard, Fox and Gillespie Ltd in May.").contains("ORGANIZATION 'Hubbard, Fox and Gillespie Ltd'"));
  }

  @Test
  void person_subjectOrAddressedAtASentenceStart() {
    assertTrue(found("Duqyaha shouted at the waiter.").contains("PERSON 'Duqyaha'"));
    assertTrue(found("Jakobine, can I please speak to your boss?").contains("PERSON 'Jakobine'"));
    // a city name that is also a name, as a subject: a person; after 'in': a place
    assertEquals(List.of("PERSON 'Beaufort'"), found("Beaufort is very reliable."));
    // near misses: a plain capitalized word before another verb, or a stop word before a listed verb
    assertEquals(List.of(), found("Prices rose by 3 percent."));
    assertEquals(List.of(), found("Everything was fine."));
    assertEquals(List.of(), found("Battery is where it starts."), "a copula after an unknown word is no cue");
  }

  /**
   * Sentences of ordinary prose open with a discourse marker, a sentence adverb, an interjection, a
   * greeting or a form of address before a comma or a verb; none of these is a name (they were found
   * as PERSON by the addressed-at-a-sentence-start and name-dictionary rules before).
   */
  @ParameterizedTest
  @ValueSource(strings = {"Finally, we shipped it.", "Unfortunately, the order was late.", "Meanwhile, the team waited.",
      "Wow, fast shipping!", "Oops, wrong file.", "Hmm, strange.", "Congratulations, you won.", "Frankly, my dear, I don't care.",
      "Goodnight, my darlings, see you tomorrow.", "Anger, fear, aggression; the dark side are they.", "Sir, your order is ready.",
      "Madam, your table is ready.", "Bye, see you.", "Oh, hello there.", "Soon will I rest.", "Look at me.",
      "Happiness, they said, is the key.", "Excitement grew when the doors opened.", "Surprisingly, it worked.",
      "Meeting moved to Monday.", "Shipping failed again.", "Born in a small town, she moved away.",
      "NullPointerException in OrderService.java at line 142.", "Settings live in Config.yaml now.",
      "Free shipping on orders over 50 dollars!"})
  void prose_sentenceOpeningWords_areNoNames(String text) {
    assertEquals(List.of(), found(text));
  }

  /** The same rules still find names in those positions (near misses of the prose words above). */
  @Test
  void person_addressedOrAfterATitle_stillFound() {
    assertTrue(found("Kiara, please call me back.").contains("PERSON 'Kiara'"));
    assertTrue(found("Hi Don, please update my details.").contains("PERSON 'Don'"), "a title that is also a given name");
    assertTrue(found("Mr. Oh called this morning.").contains("PERSON 'Oh'"), "an ambiguous word after a title");
    assertTrue(found("Soon Lee called this morning.").contains("PERSON 'Soon Lee'"), "an ambiguous word next to a name");
    assertTrue(found("Beverly, hi, long time no see.").contains("PERSON 'Beverly'"), "a listed name ending in -ly");
    assertTrue(found("Sir Elton John sang.").contains("PERSON 'Elton John'"));
    assertTrue(found("Max Born won the prize.").contains("PERSON 'Max Born'"), "an ambiguous surname after a first name");
    assertTrue(found("Maria Sales called this morning.").contains("PERSON 'Maria Sales'"), "a name-list word that opens prose, next to a name");
    assertTrue(found("Please call Ms. Sales today.").contains("PERSON 'Sales'"), "the same after a title");
    assertTrue(found("Vitaly, please call me back.").contains("PERSON 'Vitaly'"), "a bare -ly ending is no adverb");
    assertTrue(found("I met John.he said hi").contains("PERSON 'John'"), "a missing space after a name is no file extension");
    assertTrue(found("I'm flying via LAX tonight.").contains("LOCATION 'LAX'"), "an airport code after 'via'");
  }

  @Test
  void location_afterAPlaceLabel_andWithAParenthesizedOtherName() {
    assertTrue(found("When: 1998-06-28\nWhere: Kouklia Country Club.").contains("LOCATION 'Kouklia'"));
    assertEquals(List.of("LOCATION 'Springfield'"), found("City: Springfield"));
    assertEquals(List.of(), found("Subject: Springfield"), "not after another label");
    List<String> f = found("his address: 03 Πλατεία Μαβίλη 170, ΑΓΛΑΝΤΖΙΑ (ΑΓΛΑΓΓΙΑ)");
    assertTrue(f.contains("LOCATION 'ΑΓΛΑΝΤΖΙΑ (ΑΓΛΑΓΓΙΑ)'"), f.toString());
  }

  @Test
  void location_lowerCaseEndingsOfPlaceNames() {
    assertEquals(List.of("LOCATION 'Germano del friuli'"), found("I live in Germano del friuli since 2019"));
    assertEquals(List.of("LOCATION 'Leone terme'"), found("We went to Leone terme."));
    // near miss: a name followed by ordinary lower-case words stays a name
    assertEquals(List.of("PERSON 'Leone'"), found("We went to Leone yesterday."));
  }

  @Test
  void streetAddress_twoUnits_andLowerCaseStateCode_stayInTheBlock() {
    String a = "1708 Ortiz Via Unit 611, # 890\nRowechester, CA 23796";
    assertEquals(List.of("STREET_ADDRESS '" + a + "'"), found(a));
    String b = "163 bosco mount, suite 867\nsouth joannafort, tn 82027";
    assertEquals(List.of("STREET_ADDRESS '" + b + "'"), found("ship to " + b));
    assertFalse(found("order 5 | qty 81 | total usd 4720").stream().anyMatch(x -> x.startsWith("STREET_ADDRESS")));
  }

  @Test
  void lowerCaseText_loneFirstNameAfterACue_andNoVerbJoinedToAName() {
    assertTrue(found("the true gender of lilly has been debated").contains("PERSON 'lilly'"));
    assertTrue(found("this is clint speaking").contains("PERSON 'clint'"));
    assertFalse(found("this is clint speaking").contains("PERSON 'clint speaking'"));
    // near miss: a first-name word that is an ordinary word, without a cue
    assertEquals(List.of(), found("pls ping me when you land"));
  }

  @Test
  void streetAddress_postcodeThenCommaThenWords_doesNotSwallowTheWords() {
    List<String> f = found("please send it to 11 olivia ridge, faheyland qld 5138, attention reuben halvorson");
    assertFalse(f.stream().anyMatch(x -> x.contains("attention")), f.toString());
  }

  @Test
  void person_formLabelsThatAreAlsoNames_areNotPeople() {
    assertEquals(List.of(), found("Date: tomorrow\nTel: see below\nDOB unknown\nMAC of the gateway"));
  }

  @Test
  void organization_hyphenatedSurnameAndAWordOfNoDictionary() {
    assertEquals(List.of("ORGANIZATION 'Hubbard-Thomas'"), found("During the 1990s, Hubbard-Thomas invested heavily."));
    // near misses: a place written with a hyphen, a saint's name
    assertFalse(found("Celebrating its 4th year in Saint-Paul, the fair").contains("ORGANIZATION 'Saint-Paul'"));
    assertEquals(List.of(), found("He read about Coca-Cola."));
  }

  @Test
  void organization_whereSomeoneWorks_andLowerCaseCompanyShapes() {
    assertTrue(found("She spent a year at Kpmg in Chisholm.").contains("ORGANIZATION 'Kpmg'"));
    assertTrue(found("He spent a year at Weight Watchers as the assistant.").contains("ORGANIZATION 'Weight Watchers'"));
    assertFalse(found("We met at Kpmg in June.").contains("ORGANIZATION 'Kpmg'"));
    assertTrue(found("i work for schamberger and sons now").contains("ORGANIZATION 'schamberger and sons'"));
    assertTrue(found("i work for gutkowski, runolfsdottir and dickens now")
        .contains("ORGANIZATION 'gutkowski, runolfsdottir and dickens'"));
  }

  @Test
  void streetAddress_nearMisses_datesAndCounts() {
    assertEquals(List.of(), found("On 29 March 2017 the process began."));
    assertEquals(List.of(), found("He listed his top 20 songs for the magazine."));
    assertEquals(List.of(), found("I have 3 kids and 2 dogs."));
  }

  @Test
  void lowerCaseText_namesFromDictionaries() {
    assertTrue(found("the customer maria schmidt asked for a refund").contains("PERSON 'maria schmidt'"));
  }

  @Test
  void validates_wholeValues() {
    assertTrue(new PersonRecognizer().validates("Brian Andersson"));
    assertFalse(new PersonRecognizer().validates("the quick brown fox"));
    assertTrue(new LocationRecognizer().validates("Poland"));
    assertTrue(new OrganizationRecognizer().validates("Mante Group"));
    assertTrue(new StreetAddressRecognizer().validates("44521 Coetzer Views"));
    assertFalse(new StreetAddressRecognizer().validates("44521"));
    assertTrue(new NrpRecognizer().validates("Norwegian"));
    assertTrue(new TitleRecognizer().validates("Mr. Smith") == false);
    assertFalse(new LocationRecognizer().validates(null));
  }

  @Test
  void metadata_entityTypesAndIds() {
    List<Recognizer> all = NerAccuracyTest.all();
    assertEquals(List.of("PERSON", "LOCATION", "ORGANIZATION", "NRP", "TITLE", "STREET_ADDRESS"),
        all.stream().map(r -> r.entity().name()).toList());
    assertEquals(6, all.stream().map(Recognizer::id).distinct().count());
    for (Recognizer r : all) {
      assertFalse(r.contextWords().isEmpty(), r.id());
      assertFalse(r.nameHints().isEmpty(), r.id());
      assertTrue(r.find(null).isEmpty() && r.find("").isEmpty());
    }
  }

  @Test
  void serializable_roundTripFindsTheSameSpans() throws Exception {
    String text = "Mr. Fernandez moved from Monroe to 12 Baker Street, London.";
    for (Recognizer r : NerAccuracyTest.all()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
        o.writeObject(r);
      }
      Recognizer copy;
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        copy = (Recognizer) in.readObject();
      }
      assertEquals(r.find(text), copy.find(new String(text)), r.id());
    }
  }

  @Test
  void spansNeverHoldTheText() {
    String text = "Dear Mrs. Amy Kupcová, your parcel to 12 Baker Street is late.";
    for (Span s : ANALYZER.analyze(text)) {
      assertFalse(s.explanation().contains("Kupcová") || s.explanation().contains("Baker"), s.explanation());
    }
  }

  /** 1 MB adversarial inputs: long runs of capitalized words, digits, street suffixes, dots, initials. */
  static List<String> adversarial() {
    int mb = 1 << 20;
    List<String> out = new ArrayList<>();
    for (String unit : List.of("Anna ", "Mr. ", "St St ", "12 ", "1", ".", "A. ", "Van der ", "Inc ", "12 Main St, ", "12 A B ",
        "Berlin, ", "\n ", "\n, nan\n", "Smith-Jones ", "X, Y and ", "ANNA ", "anna ", "Nassaustraat 1 ", "'s ", "12-")) {
      out.add(unit.repeat(mb / unit.length()));
    }
    return out;
  }

  @Test
  void find_megabyteOfAdversarialInput_finishesInLinearTime() {
    NerRecognizer.preload();
    for (String s : adversarial()) {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        for (Recognizer r : NerAccuracyTest.all()) {
          for (Span sp : r.find(s)) {
            assertTrue(sp.start() < sp.end() && sp.end() <= s.length());
          }
          r.validates(s);
        }
      }, () -> "hang on input starting with '" + s.substring(0, 12).replace("\n", "\\n") + "'");
    }
  }

  @Test
  void entityConstants() {
    assertEquals(PiiClass.of("LOCATION"), new LocationRecognizer().entity());
    assertEquals(PiiClass.STREET_ADDRESS, new StreetAddressRecognizer().entity());
  }
}
