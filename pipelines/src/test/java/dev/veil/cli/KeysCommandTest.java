package dev.veil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veil keys create|rotate|list} through {@link VeilCli#execute}, on real files. */
class KeysCommandTest {

  record Outcome(int code, String out, String err) {}

  static synchronized Outcome veil(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = VeilCli.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void createRotateList_showsIdsAndPrimariesButNeverMaterial(@TempDir Path dir) throws Exception {
    Path ks = dir.resolve("keys.json");
    Path mk = dir.resolve("master.key");
    Outcome c = veil("keys", "create", "--keyset", ks.toString(), "--new-master-key-file", mk.toString());
    assertEquals(0, c.code(), c.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mk)));
    String masterText = Files.readString(mk).strip();
    assertFalse(c.out().contains(masterText), c.out());

    Outcome r = veil("keys", "rotate", "--keyset", ks.toString(), "--purpose", "aes-siv", "--master-key-file", mk.toString());
    assertEquals(0, r.code(), r.err());

    Outcome l = veil("keys", "list", "--keyset", ks.toString(), "--master-key-file", mk.toString(), "--json");
    assertEquals(0, l.code(), l.err());
    JsonNode keys = new ObjectMapper().readTree(l.out());
    assertEquals(4, keys.size(), l.out());
    int siv = 0;
    int sivPrimary = 0;
    for (JsonNode k : keys) {
      assertEquals(java.util.Set.of("id", "purpose", "status", "primary", "created"), fieldNames(k));
      if (k.get("purpose").asText().equals("aes-siv")) {
        siv++;
        if (k.get("primary").asBoolean()) sivPrimary++;
      }
    }
    assertEquals(2, siv);
    assertEquals(1, sivPrimary);
    Outcome table = veil("keys", "list", "--keyset", ks.toString(), "--master-key-file", mk.toString());
    assertTrue(table.out().startsWith("ID"), table.out());
    assertEquals(5, table.out().strip().split("\n").length, table.out());
  }

  private static java.util.Set<String> fieldNames(JsonNode n) {
    java.util.Set<String> s = new java.util.HashSet<>();
    n.fieldNames().forEachRemaining(s::add);
    return s;
  }

  @Test
  void missingMasterKeyVariable_isNamed_andExitsOne(@TempDir Path dir) {
    Outcome o = veil("keys", "create", "--keyset", dir.resolve("k.json").toString(), "--master-key-env", "VEIL_TEST_SURELY_UNSET_MK");
    assertEquals(1, o.code());
    assertTrue(o.err().contains("environment variable VEIL_TEST_SURELY_UNSET_MK"), o.err());
    assertFalse(Files.exists(dir.resolve("k.json")));
  }

  @Test
  void wrongMasterKeyFile_isNamed_andTheKeyIsNotPrinted(@TempDir Path dir) throws Exception {
    Path ks = dir.resolve("keys.json");
    assertEquals(0, veil("keys", "create", "--keyset", ks.toString(), "--new-master-key-file", dir.resolve("a.key").toString()).code());
    Path other = dir.resolve("b.key");
    assertEquals(0, veil("keys", "create", "--keyset", dir.resolve("other.json").toString(), "--new-master-key-file", other.toString()).code());
    Outcome o = veil("keys", "list", "--keyset", ks.toString(), "--master-key-file", other.toString());
    assertEquals(1, o.code());
    assertTrue(o.err().contains("master key file " + other) && o.err().contains("master key is wrong"), o.err());
    assertFalse(o.err().contains(Files.readString(other).strip()), o.err());
  }

  @Test
  void create_refusesToOverwriteAKeyset(@TempDir Path dir) throws Exception {
    Path ks = dir.resolve("keys.json");
    Files.writeString(ks, "{}");
    Outcome o = veil("keys", "create", "--keyset", ks.toString(), "--new-master-key-file", dir.resolve("m.key").toString());
    assertEquals(1, o.code());
    assertTrue(o.err().contains("exists already"), o.err());
    assertEquals("{}", Files.readString(ks));
  }

  @Test
  void help_listsTheThreeSubcommands() {
    Outcome o = veil("keys", "--help");
    assertEquals(0, o.code());
    for (String s : new String[] {"create", "rotate", "list"}) assertTrue(o.out().contains(s), o.out());
  }
}
