package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.TestNumbers.found;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressRecognizerTest {

  private static final IpAddressRecognizer R = new IpAddressRecognizer();

  @ParameterizedTest
  @ValueSource(strings = {"192.168.0.1", "10.0.0.255", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "fe80::1:2:3:4",
      "2001:0DB8:85A3:0000:0000:8A2E:0370:7334", "::ffff:192.0.2.128", " 8.8.8.8 "})
  void validates_ipv4AndIpv6_isTrue(String v) {
    assertTrue(R.validates(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "12:30", "12:30:45", "2001:db8::g", "2001:db8:::1", "1:2:3:4:5:6:7:8:9",
      "192.168.0.1/24", "host", "", "deadbeef"})
  void validates_malformed_isFalse(String v) {
    assertFalse(R.validates(v));
  }

  @Test
  void find_inSentence_givesOffsetsDroppingSentencePunctuation() {
    String text = "From 192.168.0.1 and 2001:db8::1. Also IP:10.0.0.1, port 10.1.2.3:8080.";
    assertEquals(List.of("192.168.0.1", "2001:db8::1", "10.0.0.1", "10.1.2.3"), found(R, text));
    assertEquals(List.of(5, 16), offsets(R, text).get(0));
    assertEquals(PiiClass.of("IP_ADDRESS"), R.find(text).get(0).entity());
    assertTrue(R.find(text).get(0).explanation().contains("InetAddressValidator"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.2.3.4", "1.2.3.4x", "version 1.2.3", "at 12:30:45 today", "999.1.1.1", "cafe", "x::1", "deadbeef:cafe"})
  void find_notAddressesOrGluedToWords_isNothing(String text) {
    assertEquals(List.of(), R.find(text));
  }

  @Test
  void idHintsAndEntity() {
    assertEquals(List.of("ip"), R.nameHints());
    assertFalse(R.validates(null));
    assertEquals(List.of(), R.find(null));
  }

  @Test
  void serializable() throws Exception {
    TestNumbers.assertSerializable(R, "host 10.0.0.1");
  }

  @Test
  void find_adversarialMegabyteInputs_finishWithoutHanging() {
    TestNumbers.assertLinear(R);
  }
}
