package dev.veil.privacy.detect.recognizers;

import dev.veil.privacy.detect.Recognizer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hang guard ({@link TestNumbers#assertLinear}: 1 MB adversarial inputs, generous time bound)
 * for every recognizer added for the 40 entity types.
 */
class AddedRecognizersHangGuardTest {

  static List<Recognizer> added() {
    return List.of(new UrlRecognizer(), new DomainNameRecognizer(), new DateTimeRecognizer(), new DateOfBirthRecognizer(), new AgeRecognizer(),
        new ZipCodeRecognizer(), new UsItinRecognizer(), new UsPassportRecognizer(), new UsDriverLicenseRecognizer(), new UsBankNumberRecognizer(),
        new AbaRoutingRecognizer(), new InPanRecognizer(), new EsNifRecognizer(), new EsNieRecognizer(), new ItFiscalCodeRecognizer(),
        new DeTaxIdRecognizer(), new SgNricRecognizer(), new AuTfnRecognizer(), new AuAbnRecognizer(), new AuAcnRecognizer(),
        new AuMedicareRecognizer(), new PlPeselRecognizer(), new FiPersonalIdentityCodeRecognizer(), new CryptoRecognizer(),
        new AwsAccessKeyRecognizer(), new GithubTokenRecognizer(), new SlackTokenRecognizer(), new JwtRecognizer(), new PrivateKeyRecognizer(),
        new SecretRecognizer());
  }

  static Stream<Recognizer> recognizers() {
    return added().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recognizers")
  void adversarialMegabyteInputs_finish(Recognizer r) {
    TestNumbers.assertLinear(r);
  }
}
