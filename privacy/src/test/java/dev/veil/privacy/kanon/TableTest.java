package dev.veil.privacy.kanon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.error.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {
  @Test
  void writeThenRead_roundTripsQuotedFieldsAndKeepsLineNumbers(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.csv");
    List<String[]> rows = List.of(new String[] {"a;b", "say \"hi\""}, new String[] {"plain", "x"});
    Table.writeCsv(f, ';', List.of("c1", "c2"), rows);
    Table t = Table.readCsv(f, ';');
    assertEquals(List.of("c1", "c2"), t.header());
    assertArrayEquals(rows.get(0), t.rows().get(0));
    assertArrayEquals(rows.get(1), t.rows().get(1));
    assertArrayEquals(new int[] {2, 3}, t.lines());
  }

  @Test
  void read_wrongFieldCount_namesFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, "a,b\r\n1,2\r\n3\r\n");
    InputException e = assertThrows(InputException.class, () -> Table.readCsv(f, ','));
    assertTrue(e.getMessage().endsWith("t.csv:3: the row has 1 fields, the header 2"), e.getMessage());
  }

  @Test
  void read_invalidUtf8_andMissingFile_areInputErrors(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.write(f, new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    assertTrue(assertThrows(InputException.class, () -> Table.readCsv(f, ',')).getMessage().contains("not valid UTF-8"));
    assertThrows(InputException.class, () -> Table.readCsv(dir.resolve("none.csv"), ','));
    assertFalse(Files.exists(dir.resolve("none.csv")));
  }
}
