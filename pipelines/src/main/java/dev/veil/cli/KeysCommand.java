package dev.veil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.veil.privacy.keys.KeyException;
import dev.veil.privacy.keys.KeyInfo;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.MasterKey;
import dev.veil.privacy.keys.VeilKeyset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veil keys create|rotate|list}: manage the encrypted keyset that the {@code anonymize}
 * stage's keyed operators (hash, tokenize, ff1, dateshift) use. Never prints key material: list
 * shows ids, purposes, status and which key is primary. Errors about the master key name the
 * variable or file it was looked for in.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
    description = "Create, rotate and list the keys of an encrypted keyset (HMAC, AES-SIV, FF1).",
    subcommands = {KeysCommand.Create.class, KeysCommand.Rotate.class, KeysCommand.ListKeys.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Where the master key comes from. */
  static final class MasterKeyOptions {
    @Option(names = "--master-key-file", paramLabel = "FILE",
        description = "A file holding the base64 of 32 random bytes (instead of the environment variable).")
    Path file;

    @Option(names = "--master-key-env", paramLabel = "NAME", defaultValue = MasterKey.DEFAULT_ENV,
        description = "The environment variable holding the base64 of 32 random bytes (default: ${DEFAULT-VALUE}).")
    String env;

    MasterKey resolve() {
      return file != null ? MasterKey.fromFile(file) : MasterKey.fromEnvironment(env);
    }
  }

  /** Runs {@code body}, turning a key error into a message on stderr and exit code 1. */
  static int guarded(Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (KeyException | IllegalArgumentException e) {
      System.err.println("veil keys: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }

  static List<KeyPurpose> purposes(List<String> words) {
    List<KeyPurpose> out = new ArrayList<>();
    for (String w : words) out.add(KeyPurpose.of(w));
    return out;
  }

  @Command(name = "create", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
      description = "Create a new keyset with one primary key per purpose, encrypted under the master key.")
  static final class Create implements Callable<Integer> {
    @Option(names = "--keyset", required = true, paramLabel = "FILE", description = "The keyset file to create (must not exist).")
    Path keyset;

    @Option(names = "--purpose", split = ",", paramLabel = "P", defaultValue = "hmac,aes-siv,ff1",
        description = "Key purposes: hmac, aes-siv, ff1 (default: all).")
    List<String> purpose;

    @Option(names = "--new-master-key-file", paramLabel = "FILE",
        description = "Generate a new random master key into FILE (mode 600, must not exist) and encrypt the keyset with it.")
    Path newMasterKey;

    @CommandLine.ArgGroup(exclusive = false)
    MasterKeyOptions master = new MasterKeyOptions();

    @Override
    public Integer call() throws Exception {
      return guarded(() -> {
        if (Files.exists(keyset)) {
          throw new IllegalArgumentException("keyset file " + keyset + " exists already; use 'veil keys rotate' to add a key");
        }
        MasterKey mk;
        if (newMasterKey != null) {
          if (Files.exists(newMasterKey)) {
            throw new IllegalArgumentException("master key file " + newMasterKey + " exists already; it is never overwritten");
          }
          writePrivate(newMasterKey, MasterKey.generateText() + "\n");
          mk = MasterKey.fromFile(newMasterKey);
        } else {
          mk = master.resolve();
        }
        VeilKeyset ks = VeilKeyset.create(purposes(purpose));
        ks.write(keyset, mk);
        System.out.println("created " + keyset + " (encrypted with the master key from " + mk.source() + ")");
        print(ks.info());
        return ExitCodes.OK;
      });
    }
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) Files.createDirectories(abs.getParent());
    try {
      Files.createFile(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(abs);
    }
    Files.writeString(abs, text, StandardCharsets.US_ASCII);
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
      description = "Add a new primary key for a purpose; older keys stay for reading what they wrote.")
  static final class Rotate implements Callable<Integer> {
    @Option(names = "--keyset", required = true, paramLabel = "FILE", description = "The keyset file.")
    Path keyset;

    @Option(names = "--purpose", required = true, split = ",", paramLabel = "P", description = "Purposes to rotate: hmac, aes-siv, ff1.")
    List<String> purpose;

    @CommandLine.ArgGroup(exclusive = false)
    MasterKeyOptions master = new MasterKeyOptions();

    @Override
    public Integer call() throws Exception {
      return guarded(() -> {
        MasterKey mk = master.resolve();
        VeilKeyset ks = VeilKeyset.read(keyset, mk);
        for (KeyPurpose p : purposes(purpose)) ks = ks.rotate(p);
        ks.write(keyset, mk);
        System.out.println("rotated " + String.join(",", purpose) + " in " + keyset);
        print(ks.info());
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
      description = "List key ids, purposes, status and the primary of each purpose (never key material).")
  static final class ListKeys implements Callable<Integer> {
    @Option(names = "--keyset", required = true, paramLabel = "FILE", description = "The keyset file.")
    Path keyset;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @CommandLine.ArgGroup(exclusive = false)
    MasterKeyOptions master = new MasterKeyOptions();

    @Override
    public Integer call() throws Exception {
      return guarded(() -> {
        VeilKeyset ks = VeilKeyset.read(keyset, master.resolve());
        if (json) {
          ObjectMapper m = new ObjectMapper();
          ArrayNode a = m.createArrayNode();
          for (KeyInfo k : ks.info()) {
            a.addObject().put("id", k.id()).put("purpose", k.purpose().word()).put("status", k.status()).put("primary", k.primary())
                .put("created", k.created().toString());
          }
          System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(a));
        } else {
          print(ks.info());
        }
        return ExitCodes.OK;
      });
    }
  }

  static void print(List<KeyInfo> info) {
    System.out.printf("%-12s %-8s %-9s %-8s %s%n", "ID", "PURPOSE", "STATUS", "PRIMARY", "CREATED");
    for (KeyInfo k : info) {
      System.out.printf("%-12d %-8s %-9s %-8s %s%n", k.id(), k.purpose().word(), k.status(), k.primary() ? "yes" : "", k.created());
    }
  }
}
