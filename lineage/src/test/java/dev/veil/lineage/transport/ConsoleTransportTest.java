package dev.veil.lineage.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleTransportTest {

  @Test
  void emit_printsOneLinePerEvent() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ConsoleTransport transport = new ConsoleTransport(out);

    transport.emit("{\"a\":1}");
    transport.emit("{\"b\":\"é\"}");

    assertEquals(
        List.of("{\"a\":1}", "{\"b\":\"é\"}"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void emit_eightThreadsTimes200_prints1600WellFormedDistinctLines() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // Unbuffered, so that each print reaches the byte array separately.
    PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    ConsoleTransport transport = new ConsoleTransport(out);

    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> ConcurrencyHelper.run(8, 200, (t, i) -> transport.emit("{\"t\":" + t + ",\"i\":" + i + "}")));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1600, lines.size());
    Set<String> distinct = new HashSet<>();
    for (String line : lines) {
      assertTrue(line.matches("\\{\"t\":[0-7],\"i\":\\d{1,3}}"), "malformed line: " + line);
      distinct.add(line);
    }
    assertEquals(1600, distinct.size());
  }

  @Test
  void emit_streamInError_throwsIoException() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    ConsoleTransport transport = new ConsoleTransport(new PrintStream(broken, true, StandardCharsets.UTF_8));

    assertThrows(IOException.class, () -> transport.emit("{}"));
  }

  @Test
  void emit_multiLineEvent_rejected() {
    ConsoleTransport transport =
        new ConsoleTransport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThrows(IllegalArgumentException.class, () -> transport.emit("{\r\n}"));
  }

  @Test
  void describe_defaultIsStdout() {
    assertEquals("console (stdout)", new ConsoleTransport().describe());
  }
}
