package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The named validators that YAML custom recognizers use, each on a published or hand-checked valid value and a one-character change. */
class NamedValidatorsTest {

  // name -> {valid value, the same value with one character changed}
  private static final Map<String, String[]> CASES = Map.ofEntries(
      Map.entry("iso7064-mod11-10", new String[] {"00000000001", "00000000002"}),
      Map.entry("es-nif", new String[] {"12345678-z", "12345679Z"}),
      Map.entry("es-nie", new String[] {"X1234567L", "Y1234567L"}),
      Map.entry("it-fiscal-code", new String[] {"rssmra85t10a562s", "RSSMRA85T10A562T"}),
      Map.entry("sg-nric", new String[] {"S1234567D", "S1234568D"}),
      Map.entry("au-tfn", new String[] {"123 456 782", "123 456 783"}),
      Map.entry("au-abn", new String[] {"51 824 753 556", "51 824 753 557"}),
      Map.entry("au-acn", new String[] {"005 749 986", "005 749 987"}),
      Map.entry("pesel", new String[] {"44051401359", "44051401358"}),
      Map.entry("fi-hetu", new String[] {"131052-308t", "131052-309T"}),
      Map.entry("in-pan", new String[] {"ABCPE1234F", "ABCDE1234F"}),
      Map.entry("aba-routing", new String[] {"011000015", "011000016"}),
      Map.entry("base58check", new String[] {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"}),
      Map.entry("bech32", new String[] {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
          "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj2"}),
      Map.entry("eip55", new String[] {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}),
      Map.entry("jwt", new String[] {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2ln"}));

  @Test
  void everyNewValidator_acceptsItsValidValueAndRejectsTheChangedOne() {
    for (Map.Entry<String, String[]> e : CASES.entrySet()) {
      assertTrue(Validators.names().contains(e.getKey()), e.getKey());
      assertTrue(Validators.named(e.getKey()).test(e.getValue()[0]), e.getKey() + " valid");
      assertFalse(Validators.named(e.getKey()).test(e.getValue()[1]), e.getKey() + " changed");
    }
  }

  @Test
  void usItinAndMedicareAndDeTaxId_rules() {
    assertTrue(Validators.named("us-itin").test("912-70-3456"));
    assertFalse(Validators.named("us-itin").test("912-69-3456"));
    assertFalse(Validators.named("au-medicare").test("1123456781"));
    assertFalse(Validators.named("de-tax-id").test("12345678903"), "all ten digits distinct");
  }

  @Test
  void unknownName_listsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Validators.named("nope"));
    assertTrue(e.getMessage().contains("es-nif"));
  }
}
