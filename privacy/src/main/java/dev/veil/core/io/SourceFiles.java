package dev.veil.core.io;

import dev.veil.core.error.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a source path stands for: the file itself, or the data files of a directory in name
 * order, leaving out names that start with {@code _} or {@code .} (markers such as {@code _SUCCESS},
 * hidden files) and {@code .crc} checksums, as engines write them. Problems throw
 * {@link InputException} naming the path. Stateless.
 */
public final class SourceFiles {
  private SourceFiles() {}

  public static List<String> list(String path) {
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      throw new InputException(path + ": source not found (no such file or directory)");
    }
    if (Files.isRegularFile(p)) {
      if (!Files.isReadable(p)) throw new InputException(path + ": source file is not readable (check its permissions)");
      return List.of(p.toAbsolutePath().toString());
    }
    try (Stream<Path> s = Files.list(p)) {
      List<String> out = s.filter(Files::isRegularFile)
          .filter(x -> {
            String n = x.getFileName().toString();
            return !n.startsWith("_") && !n.startsWith(".") && !n.endsWith(".crc");
          })
          .map(x -> x.toAbsolutePath().toString()).sorted().toList();
      if (out.isEmpty()) throw new InputException(path + ": source directory holds no data files");
      return out;
    } catch (IOException e) {
      throw new InputException(path + ": cannot list the source directory: " + e.getMessage(), e);
    }
  }
}
