package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalMathTest {
  /** Reference values of erfc (17 significant digits, from a correctly rounded libm erfc). */
  @ParameterizedTest
  @CsvSource({
    "0.0, 1.0",
    "0.5, 0.4795001221869535",
    "1.0, 0.15729920705028513",
    "-1.0, 1.842700792949715",
    "1.999, 0.004698443348629488",
    "2.0, 0.004677734981047265",
    "3.0, 2.2090496998585438e-05",
    "5.0, 1.5374597944280351e-12",
    "10.0, 2.088487583762545e-45",
    "26.0, 5.663192408856143e-296"
  })
  void erfc_matchesReferenceValues(double x, double expected) {
    assertEquals(expected, NormalMath.erfc(x), Math.abs(expected) * 5e-13);
  }

  @ParameterizedTest
  @CsvSource({"0.05, 1.959963984540054", "0.31731050786291415, 1.0"})
  void upperQuantile_twoSided_matchesKnownValues(double alpha, double z) {
    assertEquals(z, NormalMath.upperQuantile(alpha / 2), 1e-12);
  }
}
