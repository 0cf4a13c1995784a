package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DpTestingTest {
  private final Noise zero = DpTesting.zeroNoise(DpTesting.FOR_TESTS_ONLY);

  @Test
  void zeroNoise_returnsValuesUnchanged() {
    assertEquals(12.345, zero.addNoise(12.345, 1, 1.0, 1.0, 0));
    assertEquals(Long.MAX_VALUE, zero.addNoise(Long.MAX_VALUE, 3, 7L, 0.1, 1e-9));
    assertEquals(0.0, zero.standardDeviation(1, 1.0, 1.0, 1e-5));
    assertEquals(new ConfidenceInterval(4.0, 4.0), zero.confidenceInterval(4.0, 1, 1.0, 1.0, 0, 0.05));
    assertEquals("ZERO_NOISE_FOR_TESTS_ONLY", zero.mechanism());
  }

  @Test
  void zeroNoise_nullToken_throwsException() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DpTesting.zeroNoise(null));
    assertEquals("token must not be null. Provided value: null", e.getMessage());
  }

  @Test
  void zeroNoise_onlyObtainableThroughToken() {
    assertTrue(Arrays.stream(ZeroNoise.class.getDeclaredConstructors())
        .noneMatch(c -> Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())));
    assertTrue(Arrays.stream(DpTesting.ForTestsOnly.class.getDeclaredConstructors())
        .allMatch(c -> Modifier.isPrivate(c.getModifiers())));
    assertEquals("DpTesting.FOR_TESTS_ONLY", DpTesting.FOR_TESTS_ONLY.toString());
  }

  @Test
  void deterministicSource_sameSeed_sameNoise() {
    Noise a = LaplaceNoise.withSource(SecureBits.deterministicForTests(42, DpTesting.FOR_TESTS_ONLY));
    Noise b = LaplaceNoise.withSource(SecureBits.deterministicForTests(42, DpTesting.FOR_TESTS_ONLY));
    Noise ga = GaussianNoise.withSource(SecureBits.deterministicForTests(7, DpTesting.FOR_TESTS_ONLY));
    Noise gb = GaussianNoise.withSource(SecureBits.deterministicForTests(7, DpTesting.FOR_TESTS_ONLY));
    for (int i = 0; i < 100; i++) {
      assertEquals(a.addNoise(10.0, 1, 1.0, 1.0, 0), b.addNoise(10.0, 1, 1.0, 1.0, 0));
      assertEquals(a.addNoise(10L, 1, 1L, 1.0, 0), b.addNoise(10L, 1, 1L, 1.0, 0));
      assertEquals(ga.addNoise(10.0, 1, 1.0, 1.0, 1e-5), gb.addNoise(10.0, 1, 1.0, 1.0, 1e-5));
    }
  }

  @Test
  void deterministicSource_nullToken_throwsException() {
    assertThrows(IllegalArgumentException.class, () -> SecureBits.deterministicForTests(1, null));
  }
}
