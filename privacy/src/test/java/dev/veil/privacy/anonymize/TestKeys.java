package dev.veil.privacy.anonymize;

import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.MasterKey;
import dev.veil.privacy.keys.MasterKeySource;
import dev.veil.privacy.keys.VeilKeyset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real keyset file and master key file in a temporary folder, for tests. */
record TestKeys(Path keysetFile, Path masterKeyFile) {

  static TestKeys create(Path dir) {
    try {
      Path mk = dir.resolve("master.key");
      Files.writeString(mk, MasterKey.generateText());
      Path ks = dir.resolve("keys.json");
      VeilKeyset.createAll().write(ks, MasterKey.fromFile(mk));
      return new TestKeys(ks, mk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String masterKeySpec() {
    return "file:" + masterKeyFile;
  }

  KeysetRef ref() {
    return new KeysetRef(keysetFile.toString(), MasterKeySource.parse(masterKeySpec()));
  }

  VeilKeyset load() {
    return ref().load();
  }
}
