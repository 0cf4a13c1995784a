package dev.veil.lineage.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransportTest {
  private static final Pattern EVENT_LINE = Pattern.compile("\\{\"thread\":(\\d+),\"seq\":(\\d+),\"pad\":\"x*\"}");

  @TempDir Path dir;

  @Test
  void emit_createsParentDirsAndWritesOneUtf8LinePerEvent() throws IOException {
    Path file = dir.resolve("a/b/lineage.jsonl");
    try (FileTransport transport = new FileTransport(file)) {
      transport.emit("{\"name\":\"ünïcødé ✓\"}");
      transport.emit("{\"n\":2}");
    }

    byte[] bytes = Files.readAllBytes(file);
    assertEquals("{\"name\":\"ünïcødé ✓\"}\n{\"n\":2}\n", new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void emit_existingFile_appends() throws IOException {
    Path file = dir.resolve("lineage.jsonl");
    Files.writeString(file, "{\"old\":1}\n");
    try (FileTransport transport = new FileTransport(file, /* forceToDisk= */ true)) {
      transport.emit("{\"new\":2}");
    }

    assertEquals(List.of("{\"old\":1}", "{\"new\":2}"), Files.readAllLines(file));
  }

  @Test
  void emit_eightThreadsTimes200_writes1600WellFormedDistinctLines() throws Exception {
    Path file = dir.resolve("concurrent.jsonl");
    int threads = 8;
    int perThread = 200;
    // Long events make interleaving visible if a line were written in more than one piece.
    String pad = "x".repeat(3000);
    try (FileTransport transport = new FileTransport(file)) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () ->
              ConcurrencyHelper.run(
                  threads,
                  perThread,
                  (t, i) -> transport.emit("{\"thread\":" + t + ",\"seq\":" + i + ",\"pad\":\"" + pad + "\"}")));
    }

    List<String> lines = Files.readAllLines(file);
    assertEquals(threads * perThread, lines.size());
    Set<String> seen = new HashSet<>();
    int[] lastSeqPerThread = new int[threads];
    java.util.Arrays.fill(lastSeqPerThread, -1);
    for (String line : lines) {
      Matcher m = EVENT_LINE.matcher(line);
      assertTrue(m.matches(), "malformed line of length " + line.length());
      assertTrue(seen.add(m.group(1) + "/" + m.group(2)), "duplicate line");
      int t = Integer.parseInt(m.group(1));
      int seq = Integer.parseInt(m.group(2));
      assertEquals(lastSeqPerThread[t] + 1, seq, "events of one thread out of order");
      lastSeqPerThread[t] = seq;
    }
  }

  @Test
  void emit_multiLineEvent_rejectedWithoutEchoingIt() {
    FileTransport transport = new FileTransport(dir.resolve("x.jsonl"));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> transport.emit("{\n\"secret\":1}"));

    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.jsonl")));
  }

  @Test
  void constructor_doesNotTouchDiskBeforeFirstEmit() {
    new FileTransport(dir.resolve("later/lineage.jsonl"));

    assertFalse(Files.exists(dir.resolve("later")));
  }

  @Test
  void emit_afterClose_throwsIllegalState() throws IOException {
    FileTransport transport = new FileTransport(dir.resolve("c.jsonl"));
    transport.emit("{}");
    transport.close();

    assertThrows(IllegalStateException.class, () -> transport.emit("{}"));
  }

  @Test
  void describe_namesFile() {
    Path file = dir.resolve("d.jsonl");

    assertTrue(new FileTransport(file).describe().contains(file.toString()));
  }
}
